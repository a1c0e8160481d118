package xyz.halyrd.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import xyz.halyrd.LocalChain;
import xyz.halyrd.chain.control.ConnectedChain;
import xyz.halyrd.chain.control.GasPrices;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.chain.entity.TxOutcome;

/**
 * Gas in USDT on a real EVM node ({@link GasPrices}): on the local chain as deploy.mjs makes it, with a WBNB/USDT
 * pool behind the router's {@code WETH()}, a swap's gas is its receipt's gas used × effective gas price × what the
 * router gives for one BNB, to the last digit; on a chain deployed without that pool the configured price is used,
 * and said to be. Plain JUnit (no Payara); alone with
 * {@code ./mvnw -o verify -Dit.test=GasPricesIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}. The
 * tests only read the pools, or swap on a token pool (never the WBNB one): they run alone or in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GasPricesIT {

    static final String PASSWORD = "it-only-password";
    static final BigDecimal CONFIGURED = new BigDecimal("650.5");

    Credentials wallet;
    LocalChain withPool;
    LocalChain withoutPool;
    ConnectedChain chain;
    ConnectedChain chainWithoutPool;

    @BeforeAll
    void startChains() throws Exception {
        wallet = LocalChain.newWallet(PASSWORD);
        withPool = LocalChain.start(wallet.getAddress(), "10000");
        withoutPool = LocalChain.start(null, null, List.of("--native-price", "none"));
        // a configured BNB price that is not the pool's
        Map<String, String> configured = Map.of(ChainSettings.NATIVE_PRICE, CONFIGURED.toPlainString());
        chain = ConnectedChain.open(withPool.settings(configured));
        chainWithoutPool = ConnectedChain.open(withoutPool.settings(configured));
    }

    @AfterAll
    void stopChains() throws Exception {
        for (AutoCloseable open : new AutoCloseable[] {chain, chainWithoutPool, withPool, withoutPool}) {
            if (open != null) {
                open.close();
            }
        }
    }

    /** What the router gives for one BNB along [WBNB, USDT], in USDT: the pool's price net of its fee. */
    BigDecimal oneBnb(LocalChain local) {
        List<BigInteger> out = chain.router().getAmountsOut(local.router(), BigInteger.TEN.pow(18),
                List.of(local.wrappedNative(), local.token("USDT")));
        return new BigDecimal(out.get(1)).movePointLeft(18);
    }

    @Test
    void withAWbnbPoolOneBnbIsWhatTheRouterGivesForIt() {
        GasPrices.NativePrice bnb = chain.gas().nativePrice();
        assertEquals(GasPrices.Source.ROUTER, bnb.source());
        assertEquals(oneBnb(withPool), bnb.usdt());
        // the pool: 3 M USDT against 5 000 WBNB (600 USDT each); one BNB in pays the 0.25 % fee and moves the price
        // 1 × 0.9975 × 3 000 000 / (5 000 + 0.9975) = 598.3802… USDT
        assertEquals(new BigDecimal("598.38"), bnb.usdt().setScale(2, RoundingMode.DOWN));
        assertEquals("gas_priced_by: router, 1 BNB = " + bnb.usdt().stripTrailingZeros().toPlainString() + " USDT",
                bnb.inWords());
    }

    @Test
    void aSwapsGasInUsdtIsItsReceiptsGasUsedTimesEffectivePriceTimesTheRoutersBnbPrice() {
        String usdt = withPool.token("USDT");
        String eth = withPool.token("ETH");
        BigInteger amountIn = BigInteger.TEN.pow(20); // 100 USDT
        String me = wallet.getAddress();
        chain.erc20().approveIfShort(wallet, usdt, withPool.router(), amountIn, amountIn);
        TxOutcome swap = chain.router().swapExactTokensForTokens(wallet, withPool.router(), amountIn, BigInteger.ONE,
                List.of(usdt, eth), me, chain.node().deadlineAfter(Duration.ofMinutes(2)));
        assertEquals(TxOutcome.Status.MINED, swap.status(), swap::toString);

        BigDecimal gas = chain.gas().nativePrice().usdtOf(swap.fee());

        BigDecimal paidBnb = new BigDecimal(swap.gasUsed().multiply(swap.effectiveGasPrice())).movePointLeft(18);
        assertEquals(paidBnb.multiply(oneBnb(withPool)), gas, "exactly: nothing rounded");
        assertEquals(1, gas.signum());
    }

    @Test
    void beforeASwapItsGasIsTheNodesGasPriceTimesTheSwapsGasLimitAtTheRoutersBnbPrice() {
        BigDecimal estimate = chain.gas().swapEstimateUsdt().orElseThrow();
        BigInteger wei = chain.node().gasPrice().multiply(SwapRouter.SWAP_GAS_PER_HOP);
        assertEquals(new BigDecimal(wei).movePointLeft(18).multiply(oneBnb(withPool)), estimate);
    }

    @Test
    void withoutAWbnbPoolTheConfiguredPriceIsUsedAndNamed() {
        assertEquals(withoutPool.wrappedNative(), chainWithoutPool.router().wrappedNative(withoutPool.router()),
                "the router names its WBNB, but nothing pools it against USDT");
        GasPrices.NativePrice bnb = chainWithoutPool.gas().nativePrice();
        assertEquals(new GasPrices.NativePrice(CONFIGURED, GasPrices.Source.CONFIGURED), bnb);
        assertEquals("gas_priced_by: configured, 1 BNB = 650.5 USDT", bnb.inWords());
        BigInteger wei = chainWithoutPool.node().gasPrice().multiply(SwapRouter.SWAP_GAS_PER_HOP);
        assertEquals(new BigDecimal(wei).movePointLeft(18).multiply(CONFIGURED),
                chainWithoutPool.gas().swapEstimateUsdt().orElseThrow());
    }
}
