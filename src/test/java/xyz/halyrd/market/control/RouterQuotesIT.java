package xyz.halyrd.market.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import xyz.halyrd.LocalChain;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.QuoteRejection;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * Router quotes against a real EVM node: anvil with the project's own contracts (30 M USDT deep pools), as
 * {@code ChainIT}. A quote is what {@code getAmountsOut} says, and a swap of that size then receives exactly the quoted
 * amount; the quote carries its swap's gas in USDT, priced by the WBNB pool; the impact grows with the size and
 * implies the pool's USDT reserve; a pool pushed away from the reference is refused as divergent and an order too
 * large for its pool for liquidity, by the QuoteVerifier's rules, with the numbers; a token without a contract or a pool, and a node that does not answer, are empty
 * quotes. Plain JUnit (no Payara); alone with
 * {@code ./mvnw -o verify -Dit.test=RouterQuotesIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * The tests share one chain and wallet and run alone or in any order: each sells only what it bought, and the node
 * that stops is a chain of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterQuotesIT {

    static final int DECIMALS = 18;
    static final String PASSWORD = "it-only-password";
    static final MathContext PRICE = MathContext.DECIMAL64;

    LocalChain local;
    Node node;
    Erc20 erc20;
    SwapRouter swaps;
    Credentials wallet;
    String usdt;
    String eth;
    String router;
    ChainConnection connection;
    RouterQuotes quotes;

    @BeforeAll
    void startChain() throws Exception {
        wallet = LocalChain.newWallet(PASSWORD);
        local = LocalChain.start(wallet.getAddress(), "1000000"); // enough to push a 30 M pool by 2 %
        node = new Node(local.rpcUrl(), LocalChain.CHAIN_ID, Duration.ofSeconds(10));
        erc20 = new Erc20(node);
        swaps = new SwapRouter(node);
        usdt = local.token("USDT");
        eth = local.token("ETH");
        router = local.router();
        connection = local.connectionWithBnbWithoutPool(local.rpcUrl());
        quotes = new RouterQuotes(connection);
    }

    @AfterAll
    void stopChain() throws Exception {
        connection.close();
        node.close();
        local.close();
    }

    @Test
    void aBuyIsWhatGetAmountsOutSaysAndASwapOfThatSizeReceivesIt() {
        BigDecimal size = new BigDecimal("1000");
        Quote quote = quotes.quote(Token.ETH, Side.BUY, size).orElseThrow();
        BigInteger amountIn = units(size);
        BigInteger out = last(swaps.getAmountsOut(router, amountIn, List.of(usdt, eth)));
        assertEquals(size.divide(amount(out), PRICE), quote.price(), "size / tokens out");
        assertEquals(Token.ETH, quote.token());
        assertEquals(size, quote.sizeUsdt());
        assertEquals(Instant.ofEpochSecond(node.latestBlockTime().longValueExact()), quote.ts(), "the block's time");

        assertEquals(out, swap(amountIn, out, usdt, eth), "exactly the quoted amount");
    }

    /** Swaps {@code amountIn} of {@code from} for at least {@code outMin} of {@code to}: what the wallet received. */
    BigInteger swap(BigInteger amountIn, BigInteger outMin, String from, String to) {
        String me = wallet.getAddress();
        erc20.approveIfShort(wallet, from, router, amountIn, amountIn);
        TxOutcome swap = swaps.swapExactTokensForTokens(wallet, router, amountIn, outMin, List.of(from, to), me,
                node.deadlineAfter(Duration.ofMinutes(2)));
        assertEquals(TxOutcome.Status.MINED, swap.status(), swap::toString);
        return swap.received(to, me);
    }

    @Test
    void aSellSpendsTheTokensWorthItsSizeAtTheMarginalPriceAndASwapOfThemReceivesTheQuote() {
        swap(units(new BigDecimal("600")), BigInteger.ONE, usdt, eth); // the wallet holds USDT only: it buys the ETH
        BigDecimal size = new BigDecimal("500");
        Quote quote = quotes.quote(Token.ETH, Side.SELL, size).orElseThrow();
        // the spec: the token amount worth the size at the marginal price, a probe's a ten-thousandth the size
        BigInteger probeTokens = last(swaps.getAmountsOut(router, units(size).divide(RouterQuotes.PROBE_DIVISOR),
                List.of(usdt, eth)));
        BigDecimal marginal = amount(last(swaps.getAmountsOut(router, probeTokens, List.of(eth, usdt))))
                .divide(amount(probeTokens), PRICE);
        BigInteger tokensIn = Erc20.toUnits(size.divide(marginal, PRICE), DECIMALS, RoundingMode.DOWN);
        BigInteger out = last(swaps.getAmountsOut(router, tokensIn, List.of(eth, usdt)));
        assertEquals(amount(out).divide(amount(tokensIn), PRICE), quote.price(), "USDT out / tokens in");
        assertTrue(amount(out).subtract(size).abs().compareTo(new BigDecimal("0.01")) < 0, "worth about the size");

        assertEquals(out, swap(tokensIn, out, eth, usdt), "exactly the quoted amount");
    }

    @Test
    void aQuoteCarriesItsSwapsGasAtTheNodesGasPriceAndWhatTheRouterGivesForOneBnb() {
        Quote quote = quotes.quote(Token.CAKE, Side.BUY, new BigDecimal("250")).orElseThrow();
        // nothing is mined between the quote and these reads: the same gas price, the same WBNB pool
        BigDecimal bnb = amount(last(swaps.getAmountsOut(router, BigInteger.TEN.pow(DECIMALS),
                List.of(local.wrappedNative(), usdt))));
        BigInteger wei = node.gasPrice().multiply(SwapRouter.SWAP_GAS_PER_HOP);
        assertEquals(amount(wei).multiply(bnb), quote.gasUsdt());
    }

    @Test
    void theImpactGrowsWithTheSizeAndImpliesThePoolsUsdtReserve() {
        BigDecimal reserve = amount(erc20.balanceOf(usdt, local.deployment().getJsonObject("pairs").getString("ETH")));
        for (Side side : Side.values()) {
            BigDecimal before = BigDecimal.ZERO;
            for (String size : List.of("100", "10000", "1000000")) {
                Quote quote = quotes.quote(Token.ETH, side, new BigDecimal(size)).orElseThrow();
                assertTrue(quote.priceImpactPct().compareTo(before) > 0,
                        side + " " + size + ": impact " + quote.priceImpactPct() + " after " + before);
                before = quote.priceImpactPct();
                BigDecimal off = quote.depthUsdt().divide(reserve, PRICE).subtract(BigDecimal.ONE).abs();
                assertTrue(off.compareTo(new BigDecimal("0.005")) < 0,
                        side + " " + size + ": depth " + quote.depthUsdt() + ", reserve " + reserve);
            }
        }
        // 1 M USDT into a 30 M pool moves a buy's price by about 1/30
        BigDecimal impact = quotes.quote(Token.ETH, Side.BUY, new BigDecimal("1000000")).orElseThrow().priceImpactPct();
        assertTrue(impact.compareTo(new BigDecimal("3.2")) > 0 && impact.compareTo(new BigDecimal("3.5")) < 0,
                "impact " + impact);
    }

    @Test
    void aPoolPushedAwayFromTheReferenceIsRefusedAsDivergentWithTheNumbers() {
        QuoteRules rules = new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0"));
        ChainCandles pools = new ChainCandles(connection, Duration.ofHours(1), 5000);
        MidPrice reference = pools.mid(Token.CAKE).orElseThrow(); // what a reference service says: the pool as it was
        BigDecimal size = new BigDecimal("100");
        Quote before = quotes.quote(Token.CAKE, Side.BUY, size).orElseThrow();
        assertEquals(Optional.empty(), rules.judge(reference, before, before.ts()), "the pool agrees with the reference");

        String cake = local.token("CAKE");
        BigInteger push = units(new BigDecimal("600000")); // 2 % of a 30 M pool moves its price by about 4 %
        BigInteger bought = swap(push, BigInteger.ONE, usdt, cake);
        try {
            Quote after = quotes.quote(Token.CAKE, Side.BUY, size).orElseThrow();
            QuoteRules.Refusal refusal = rules.judge(reference, after, after.ts()).orElseThrow();
            assertEquals(QuoteRejection.Reason.DIVERGENCE, refusal.reason());
            BigDecimal divergence = after.price().subtract(reference.price()).multiply(BigDecimal.valueOf(100))
                    .divide(reference.price(), 6, RoundingMode.HALF_UP);
            assertTrue(divergence.compareTo(new BigDecimal("3.5")) > 0, "pushed by " + divergence + " %");
            assertEquals("Quote " + Decimals.percent(divergence) + " above the reference mid ("
                    + after.price().toPlainString() + " vs " + reference.price().toPlainString() + "); threshold "
                    + Decimals.percent(new BigDecimal("0.75")) + ".", refusal.detail());
        } finally {
            swap(bought, BigInteger.ONE, cake, usdt); // sells only what it bought
        }
    }

    @Test
    void anOrderTooLargeForThePoolIsRefusedForLiquidityWithTheNumbers() {
        QuoteRules rules = new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0"));
        MidPrice reference = new ChainCandles(connection, Duration.ofHours(1), 5000).mid(Token.LINK).orElseThrow();
        BigDecimal size = new BigDecimal("600000"); // 2 % of the pool: about 2 % of price impact
        Quote thin = quotes.quote(Token.LINK, Side.BUY, size).orElseThrow();
        QuoteRules.Refusal refusal = rules.judge(reference, thin, thin.ts()).orElseThrow();
        assertEquals(QuoteRejection.Reason.LIQUIDITY, refusal.reason());
        assertEquals("Price impact " + Decimals.percent(thin.priceImpactPct()) + " for " + Decimals.usdt(size)
                + " exceeds the slippage bound " + Decimals.percent(new BigDecimal("1.0")) + " (pool depth "
                + Decimals.usdt(thin.depthUsdt()) + ").", refusal.detail());
        assertTrue(thin.priceImpactPct().compareTo(new BigDecimal("1.9")) > 0, "impact " + thin.priceImpactPct());
    }

    @Test
    void aTokenWithoutAContractOrAPoolIsAnEmptyQuote() {
        assertEquals(Optional.empty(), quotes.quote(Token.DOGE, Side.BUY, BigDecimal.TEN), "no contract configured");
        assertEquals(Optional.empty(), quotes.quote(Token.BNB, Side.BUY, BigDecimal.TEN), "no pool");
        assertEquals(Optional.empty(), quotes.quote(Token.BNB, Side.SELL, BigDecimal.TEN), "no pool");
        assertTrue(quotes.quote(Token.CAKE, Side.SELL, BigDecimal.TEN).isPresent(), "every other pool quotes");
    }

    @Test
    void aNodeThatDoesNotAnswerIsAnEmptyQuote() throws Exception {
        ChainConnection nowhere = local.connectionWithBnbWithoutPool("http://127.0.0.1:9");
        assertEquals(Optional.empty(), new RouterQuotes(nowhere).quote(Token.ETH, Side.BUY, BigDecimal.TEN),
                "never connected");
        nowhere.close();
        try (LocalChain stopping = LocalChain.start(wallet.getAddress(), "10")) { // a chain of its own to stop
            ChainConnection connectionOnIt = stopping.connection(Map.of());
            RouterQuotes onIt = new RouterQuotes(connectionOnIt);
            assertTrue(onIt.quote(Token.ETH, Side.BUY, BigDecimal.TEN).isPresent());
            stopping.close();
            assertEquals(Optional.empty(), onIt.quote(Token.ETH, Side.BUY, BigDecimal.TEN), "the node stopped");
            assertEquals(Optional.empty(), onIt.quote(Token.ETH, Side.SELL, BigDecimal.TEN), "the node stopped");
            connectionOnIt.close();
        }
    }

    static BigInteger units(BigDecimal amount) {
        return Erc20.toUnits(amount, DECIMALS, RoundingMode.DOWN);
    }

    static BigDecimal amount(BigInteger units) {
        return Erc20.toAmount(units, DECIMALS);
    }

    static BigInteger last(List<BigInteger> amounts) {
        return amounts.get(amounts.size() - 1);
    }
}
