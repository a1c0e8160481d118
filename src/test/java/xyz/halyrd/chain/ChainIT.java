package xyz.halyrd.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import xyz.halyrd.LocalChain;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.IdentityContract;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.chain.entity.TxOutcome.Status;

/**
 * The chain adapters ({@link Node}, {@link Erc20}, {@link SwapRouter}, {@link IdentityContract}) against a real EVM node: anvil with the project's own contracts, the agent's wallet an encrypted
 * keystore made by the run script's keystore.mjs and funded by deploy.mjs. Plain JUnit (no Payara); run alone with
 * {@code ./mvnw -o verify -Dit.test=ChainIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * Every test measures deltas, so they share one chain and one wallet in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainIT {

    static final int DECIMALS = 18;
    static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(10);
    static final String PASSWORD = "it-only-password";

    LocalChain local;
    Node node;
    Erc20 erc20;
    SwapRouter swaps;
    IdentityContract identity;
    Credentials wallet;
    String usdt;
    String eth;
    String router;

    @BeforeAll
    void startChain() throws Exception {
        Path keystore = LocalChain.newKeystore(LocalChain.workDir().resolve("keystores"), PASSWORD);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(keystore), "the keystore is readable by its owner only");
        wallet = WalletUtils.loadCredentials(PASSWORD, keystore.toFile());

        local = LocalChain.start(wallet.getAddress(), "10000");
        node = new Node(local.rpcUrl(), LocalChain.CHAIN_ID, RECEIPT_TIMEOUT);
        erc20 = new Erc20(node);
        swaps = new SwapRouter(node);
        identity = new IdentityContract(node);
        usdt = local.token("USDT");
        eth = local.token("ETH");
        router = local.router();
    }

    @AfterAll
    void stopChain() throws Exception {
        if (node != null) {
            node.close();
        }
        if (local != null) {
            local.close();
        }
    }

    @Test
    void theWalletIsFundedAndTheChainIsTheConfiguredOne() {
        assertEquals(LocalChain.CHAIN_ID, node.chainId());
        node.requireExpectedChain();
        assertTrue(erc20.balanceOf(usdt, wallet.getAddress()).compareTo(units("1000")) >= 0);
        assertTrue(node.nativeBalance(wallet.getAddress()).signum() > 0, "gas money");
        assertEquals(DECIMALS, erc20.decimals(usdt), "USDT has 18 decimals, as on BSC");
    }

    @Test
    void blockTimesAskedInBatchesAreEachBlocksOwnStamp() throws Exception {
        long first = node.latestBlock().number() + 1;
        local.rpc("anvil_mine", "[\"0x" + Long.toHexString(Node.BLOCKS_A_BATCH * 2L + 7) + "\", \"0x3\"]");
        List<Long> numbers = new ArrayList<>();
        for (long n = first; n < first + Node.BLOCKS_A_BATCH * 2L + 7; n++) {
            numbers.add(n);
            numbers.add(n); // asked twice, answered once
        }
        Map<Long, Instant> times = node.blockTimes(numbers);
        assertEquals(Node.BLOCKS_A_BATCH * 2 + 7, times.size(), "three batches, every block once");
        for (long n = first; n < first + Node.BLOCKS_A_BATCH * 2L + 7; n += 13) {
            assertEquals(node.block(n).time(), times.get(n), "block " + n);
        }
        // anvil_mine stamps them 3 s apart (a block a second later now and then, when its own clock ticks meanwhile):
        // each block in every batch answers with its own stamp, never a neighbour's
        for (long n = first + 1; n < first + Node.BLOCKS_A_BATCH * 2L + 7; n++) {
            Duration apart = Duration.between(times.get(n - 1), times.get(n));
            assertTrue(apart.compareTo(Duration.ofSeconds(3)) >= 0 && apart.compareTo(Duration.ofSeconds(4)) <= 0,
                    "blocks " + (n - 1) + " and " + n + " are " + apart + " apart");
        }
        Node.Failure none = assertThrows(Node.Failure.class, () -> node.blockTimes(List.of(first + 1_000_000)));
        assertTrue(none.getMessage().startsWith("eth_getBlockByNumber: the node has no block"), none.getMessage());
    }

    @Test
    void aSwapMovesBalancesByExactlyTheReceiptsTransfersAndTheQuotePredictedIt() {
        String me = wallet.getAddress();
        BigInteger amountIn = units("1000");
        List<String> path = List.of(usdt, eth);
        BigInteger usdtBefore = erc20.balanceOf(usdt, me);
        BigInteger ethBefore = erc20.balanceOf(eth, me);
        BigInteger nativeBefore = node.nativeBalance(me);

        Optional<TxOutcome> approval = erc20.approveIfShort(wallet, usdt, router, amountIn, amountIn);
        approval.ifPresent(a -> assertEquals(Status.MINED, a.status()));
        List<BigInteger> quote = swaps.getAmountsOut(router, amountIn, path);
        assertEquals(amountIn, quote.get(0));
        BigInteger minOut = SwapRouter.amountOutMin(quote.get(1), new BigDecimal("1.0"));
        TxOutcome swap = swaps.swapExactTokensForTokens(wallet, router, amountIn, minOut, path, me,
                node.deadlineAfter(Duration.ofMinutes(2)));

        assertEquals(Status.MINED, swap.status(), swap::toString);
        assertNotNull(swap.txHash());
        assertNotNull(swap.blockNumber());
        assertEquals(amountIn, swap.sent(usdt, me), "USDT paid, from the receipt");
        assertEquals(quote.get(1), swap.received(eth, me), "getAmountsOut predicted the output to the unit");
        assertEquals(usdtBefore.subtract(swap.sent(usdt, me)), erc20.balanceOf(usdt, me));
        assertEquals(ethBefore.add(swap.received(eth, me)), erc20.balanceOf(eth, me));
        BigInteger fees = swap.fee().add(approval.map(TxOutcome::fee).orElse(BigInteger.ZERO));
        assertEquals(nativeBefore.subtract(fees), node.nativeBalance(me), "gas used × effective gas price, exactly");
        assertTrue(swap.gasUsed().signum() > 0 && swap.effectiveGasPrice().signum() > 0);

        // The fill price from the receipt: about 3000 USDT per ETH plus the 0.25 % pool fee.
        BigDecimal price = Erc20.toAmount(swap.sent(usdt, me), DECIMALS)
                .divide(Erc20.toAmount(swap.received(eth, me), DECIMALS), MathContext.DECIMAL64);
        assertTrue(price.compareTo(new BigDecimal("3000")) > 0 && price.compareTo(new BigDecimal("3010")) < 0,
                "fill price " + price);
    }

    @Test
    void anAmountOutMinAboveTheOutputRevertsOnChainAndIsReportedWithNothingMoved() {
        String me = wallet.getAddress();
        BigInteger amountIn = approved("50");
        BigInteger usdtBefore = erc20.balanceOf(usdt, me);
        BigInteger ethBefore = erc20.balanceOf(eth, me);
        BigInteger nativeBefore = node.nativeBalance(me);
        BigInteger nonceBefore = node.pendingNonce(me);

        BigInteger quoted = swaps.getAmountsOut(router, amountIn, List.of(usdt, eth)).get(1);
        TxOutcome swap = swaps.swapExactTokensForTokens(wallet, router, amountIn, quoted.add(BigInteger.ONE),
                List.of(usdt, eth), me, node.deadlineAfter(Duration.ofMinutes(2)));

        assertEquals(Status.REVERTED, swap.status(), swap::toString);
        assertNotNull(swap.txHash());
        assertNotNull(swap.blockNumber(), "a revert is mined: it has a block");
        assertTrue(swap.transfers().isEmpty());
        assertEquals(usdtBefore, erc20.balanceOf(usdt, me));
        assertEquals(ethBefore, erc20.balanceOf(eth, me));
        assertEquals(nativeBefore.subtract(swap.fee()), node.nativeBalance(me), "the revert still cost its gas");
        assertTrue(swap.fee().signum() > 0);
        assertEquals(nonceBefore.add(BigInteger.ONE), node.pendingNonce(me), "the nonce is used");
    }

    @Test
    void aDeadlineInThePastReverts() {
        String me = wallet.getAddress();
        BigInteger amountIn = approved("20");
        BigInteger usdtBefore = erc20.balanceOf(usdt, me);

        TxOutcome swap = swaps.swapExactTokensForTokens(wallet, router, amountIn, BigInteger.ONE, List.of(usdt, eth), me,
                node.latestBlockTime().subtract(BigInteger.ONE));

        assertEquals(Status.REVERTED, swap.status(), swap::toString);
        assertEquals(usdtBefore, erc20.balanceOf(usdt, me));
    }

    @Test
    void aWrongConfiguredChainIdIsRefusedBeforeAnythingIsSent() throws Exception {
        String me = wallet.getAddress();
        BigInteger nonceBefore = node.pendingNonce(me);
        String blockBefore = local.rpc("eth_blockNumber", "[]").getString("result");

        try (Node bsc = new Node(local.rpcUrl(), 56, RECEIPT_TIMEOUT)) {
            Node.WrongChain refused = assertThrows(Node.WrongChain.class,
                    () -> new Erc20(bsc).approve(wallet, usdt, router, units("1")));
            assertEquals(56, refused.expected());
            assertEquals(LocalChain.CHAIN_ID, refused.actual());
            assertThrows(Node.WrongChain.class, () -> new SwapRouter(bsc).swapExactTokensForTokens(wallet, router,
                    units("1"), BigInteger.ONE, List.of(usdt, eth), me, bsc.deadlineAfter(Duration.ofMinutes(1))));
            assertThrows(Node.WrongChain.class, () -> new IdentityContract(bsc).register(wallet,
                    local.identityRegistry(), "https://x"));
        }

        assertEquals(nonceBefore, node.pendingNonce(me), "nothing was sent");
        assertEquals(blockBefore, local.rpc("eth_blockNumber", "[]").getString("result"), "nothing was mined");
    }

    @Test
    void registeringAnIdentityReturnsTheTokenIdFromTheRegisteredEvent() {
        String registry = local.identityRegistry();
        String uri = "http://127.0.0.1:8000/agents/seed/registration.json";

        IdentityContract.Registration first = identity.register(wallet, registry, uri);

        assertEquals(Status.MINED, first.tx().status(), first.tx()::toString);
        BigInteger agentId = first.agentId().orElseThrow();
        assertTrue(agentId.signum() > 0, "ids start at 1");
        assertTrue(first.tx().transfers().isEmpty(), "ERC-721's Transfer on mint is not taken for an ERC-20 one");
        assertEquals(wallet.getAddress(), identity.ownerOf(registry, agentId).toLowerCase());
        assertEquals(uri, identity.agentURI(registry, agentId));

        // The registry mints on every call: registering once is the caller's job (it keeps the id and tx hash).
        IdentityContract.Registration second = identity.register(wallet, registry, uri);
        assertEquals(agentId.add(BigInteger.ONE), second.agentId().orElseThrow());
    }

    @Test
    void approvalsAreSentOnlyWhenTheAllowanceIsShort() {
        String me = wallet.getAddress();
        BigInteger amount = units("100");
        assertEquals(Status.MINED, erc20.approve(wallet, usdt, router, BigInteger.ZERO).status());

        Optional<TxOutcome> first = erc20.approveIfShort(wallet, usdt, router, amount, amount);
        assertEquals(Status.MINED, first.orElseThrow().status());
        assertEquals(amount, erc20.allowance(usdt, me, router));

        BigInteger nonce = node.pendingNonce(me);
        assertTrue(erc20.approveIfShort(wallet, usdt, router, amount, amount).isEmpty(), "enough allowance: no tx");
        assertEquals(nonce, node.pendingNonce(me));

        TxOutcome swap = swaps.swapExactTokensForTokens(wallet, router, amount, BigInteger.ONE, List.of(usdt, eth), me,
                node.deadlineAfter(Duration.ofMinutes(2)));
        assertEquals(Status.MINED, swap.status());
        assertEquals(BigInteger.ZERO, erc20.allowance(usdt, me, router), "the swap used the allowance up");
        assertTrue(erc20.approveIfShort(wallet, usdt, router, amount, amount).isPresent(), "short again: approved");
    }

    @Test
    void aTransactionWithoutAReceiptInTimeIsReportedNotMinedAndFoundLaterNeverResent() throws Exception {
        String me = wallet.getAddress();
        BigInteger nonceBefore = node.pendingNonce(me);
        local.rpc("evm_setAutomine", "[false]");
        try (Node impatient = new Node(local.rpcUrl(), LocalChain.CHAIN_ID, Duration.ofMillis(500))) {
            TxOutcome pending = new Erc20(impatient).approve(wallet, usdt, local.token("LINK"), units("1"));

            assertEquals(Status.NOT_MINED, pending.status());
            assertNotNull(pending.txHash());
            assertNull(pending.blockNumber());
            assertEquals(BigInteger.ZERO, pending.fee());
            assertEquals(nonceBefore, pending.nonce());

            local.rpc("evm_mine", "[]");
            TxOutcome later = impatient.outcome(pending);
            assertEquals(Status.MINED, later.status());
            assertEquals(pending.txHash(), later.txHash());
        } finally {
            local.rpc("evm_setAutomine", "[true]");
        }
        assertEquals(nonceBefore.add(BigInteger.ONE), node.pendingNonce(me), "one transaction, not two");
    }

    /** The amount in USDT units, with the router allowed to take it. */
    BigInteger approved(String usdtAmount) {
        BigInteger amount = units(usdtAmount);
        erc20.approveIfShort(wallet, usdt, router, amount, amount);
        return amount;
    }

    static BigInteger units(String amount) {
        return Erc20.toUnits(new BigDecimal(amount), DECIMALS, RoundingMode.UNNECESSARY);
    }
}
