package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.TxOutcome;

/**
 * Live mode end to end on a real local chain: the promotion's first transaction, live swaps that move the wallet
 * by exactly their receipts' amounts, every signing rule refusing at its boundary with a {@code twak_block} on the
 * socket and nothing sent (the wallet's nonce unchanged), the kill switch between quote and signature, a wrong
 * chain id, a reverted swap, reconciliation of the books with the wallet, and a demotion that sells first. One
 * agent and one wallet for the class, but every test starts from the same place ({@link #onPaperFlatAndReconciled}),
 * so each runs alone or in any order: on paper with signing active, nothing held live or on paper, the books
 * agreeing with the wallet, at least 10 000 USDT in it, the default watchlist and preset, and a new UTC day on the
 * deployment's clock — the signer's daily ledger and the daily drawdown figures start from nothing. A test that
 * needs live promotes by force from there ({@link #live}) and buys what it needs to hold.
 */
class LiveIT extends DeployedLiveHalyrd {

    static final BigDecimal E18 = BigDecimal.TEN.pow(18);
    static final String DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // anvil's public dev account 0
    static final BigInteger FUNDED = units("10000");

    /**
     * Where every test starts, whatever the one before left: signing provisioned, the books reconciled (a shortfall
     * a failed test left is minted back), on paper with no live position (a person's demotion sells them), no paper
     * position, the default watchlist and preset, no market script, the wallet topped up to 10 000 USDT, and the
     * deployment's clock a minute into the next UTC day.
     */
    @BeforeEach
    void onPaperFlatAndReconciled() throws Exception {
        if (http.get("/agents/current/signer").object().getString("session").equals("revoked")) {
            assertEquals(200, http.postJson("/agents/current/signer/session",
                    "{\"confirm\": \"provision signing\"}").status());
        }
        for (JsonObject position : liveState().getJsonArray("positions").getValuesAs(JsonObject.class)) {
            String token = token(position.getString("token"));
            BigInteger missing = booked(position).subtract(erc20.balanceOf(token, wallet));
            if (missing.signum() > 0) {
                deployerSends(token, new Function("mint", List.of(new Address(wallet), new Uint256(missing)),
                        List.of()));
            }
        }
        assertEquals(JsonValue.NULL, http.postJson("/agents/current/live/reconcile", "{}").object().get("mismatch"));
        demote();
        if (!liveState().getJsonArray("positions").isEmpty()) { // left by a flattening that failed: live to sell them
            live();
            demote();
        }
        assertEquals(0, liveState().getJsonArray("positions").size(), "no live position");
        sellPaperPositions();
        watch("ETH", "CAKE", "LINK", "AVAX");
        assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json",
                "{\"preset\": \"balanced\"}").status());
        http.send("DELETE", "/test-probe/market/script", null, null);
        BigInteger usdt = erc20.balanceOf(token("USDT"), wallet);
        if (usdt.compareTo(FUNDED) < 0) {
            deployerSends(token("USDT"), new Function("mint", List.of(new Address(wallet),
                    new Uint256(FUNDED.subtract(usdt))), List.of()));
        }
        nextUtcDay();
    }

    /** Back on paper by a person: live positions are sold first. */
    private void demote() {
        Http.Answer demoted = http.postJson("/agents/current/demote", "{}");
        assertEquals(200, demoted.status(), demoted.body());
        assertEquals("PAPER", demoted.object().getString("status"));
    }

    /** The watchlist, and so the signer's allowlist. */
    private void watch(String... tokens) {
        Http.Answer answer = http.send("PUT", "/agents/current/watchlist", "application/json",
                jakarta.json.Json.createObjectBuilder().add("tokens", jakarta.json.Json.createArrayBuilder(
                        List.of(tokens))).build().toString());
        assertEquals(200, answer.status(), answer.body());
    }

    /** Live by force, from paper: the promotion signs the router's approval for the day's cap. */
    private void live() {
        Http.Answer promoted = http.postJson("/agents/current/promote", "{\"force\": true}");
        assertEquals(200, promoted.status(), promoted.body());
        assertEquals("LIVE", promoted.object().getString("status"));
    }

    /** A live buy through the probe that must be signed and mined: the trade. */
    private JsonObject bought(String token, String spend) {
        JsonObject trade = probe("buy", "{\"token\": \"" + token + "\", \"spend\": " + spend + "}")
                .getJsonObject("trade");
        assertNotNull(trade, "a live buy of " + spend + " USDT of " + token);
        return trade;
    }

    /** The on-chain units a live position books. */
    private static BigInteger booked(JsonObject position) {
        return position.getJsonNumber("quantity").bigDecimalValue().multiply(E18).toBigIntegerExact();
    }

    /** A stream client, once it is the only subscriber (the previous test's has gone): no event can be missed. */
    private StreamClient subscribed() throws Exception {
        StreamClient stream = StreamClient.connect(base.toURI(), "current");
        await().atMost(WAIT).until(() -> subscriberCount() == 1);
        return stream;
    }

    /** The scripted market shows ETH oversold, and one pass of the cycle runs. */
    private void oversoldEthCycle() {
        script("ETH", falling(), "100", "100", "0.1");
        runCycle();
    }

    private static boolean is(JsonObject message, String event) {
        return message.getString("event").equals(event);
    }

    private JsonObject probe(String path, String body) {
        Http.Answer answer = http.postJson("/live-probe/" + path, body);
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    private JsonObject liveState() {
        return http.get("/agents/current/live").object();
    }

    private static BigInteger units(String amount) {
        return new BigDecimal(amount).multiply(E18).toBigIntegerExact();
    }

    private List<JsonObject> journal(String type) {
        return http.get("/agents/current/journal?limit=200&type=" + type).array().getValuesAs(JsonObject.class);
    }

    private static TxOutcome receipt(String hash) {
        return node.outcome(new TxOutcome(TxOutcome.Status.NOT_MINED, hash, wallet, null, null, null, null, null,
                null, List.of(), List.of(), null));
    }

    /** Refused by the signer under {@code rule}: a twak_block for this order on the socket, nothing sent. */
    private void assertRefused(StreamClient stream, JsonObject answer, String rule, BigInteger nonceBefore)
            throws Exception {
        String orderRef = answer.getString("order_ref");
        JsonObject block = stream.await(m -> is(m, "twak_block") && m.getString("order_ref").equals(orderRef), WAIT);
        assertEquals(rule, block.getString("rule"), block.toString());
        assertEquals(nonceBefore, nonce(), "nothing was sent for " + rule);
        JsonObject kept = http.get("/agents/current/risk/blocks").array().getValuesAs(JsonObject.class).stream()
                .filter(b -> orderRef.equals(b.getString("order_ref", null))).findFirst().orElseThrow();
        assertEquals("twak", kept.getString("layer"));
        assertTrue(journal("TWAK_BLOCK").stream().anyMatch(e -> e.getString("body").contains(orderRef)));
    }

    /** The probe's order is refused under {@code rule}, with everything {@link #assertRefused} requires. */
    private void assertProbeRefused(String path, String body, String rule) throws Exception {
        BigInteger before = nonce();
        try (StreamClient stream = subscribed()) {
            JsonObject answer = probe(path, body);
            assertEquals(rule, answer.getString("refused"));
            assertRefused(stream, answer, rule, before);
        }
    }

    @Test
    void aForcedPromotionSignsTheRouterApprovalAsItsFirstTransaction() throws Exception {
        JsonObject state = liveState();
        assertTrue(state.getBoolean("available"), state.toString());
        assertEquals(wallet.toLowerCase(), state.getString("wallet").toLowerCase());
        assertEquals(JsonValue.NULL, state.get("mismatch"));
        BigInteger before = nonce();
        try (StreamClient stream = subscribed()) {
            Http.Answer answer = http.postJson("/agents/current/promote", "{\"force\": true}");
            assertEquals(200, answer.status(), answer.body());
            String hash = answer.object().getString("first_tx_hash");
            assertTrue(hash.matches("0x[0-9a-f]{64}"), hash);
            assertEquals(before.add(BigInteger.ONE), nonce());
            assertEquals(TxOutcome.Status.MINED, receipt(hash).status());
            assertEquals(units("2000"), erc20.allowance(token("USDT"), wallet, local.router()),
                    "the router may take one day's cap, no more");
            assertEquals(hash, stream.await(m -> is(m, "promotion"), WAIT).getString("first_tx_hash"));
        }
    }

    @Test
    void aLiveBuyAndSellMoveTheWalletByExactlyTheirReceiptsAmounts() throws Exception {
        live();
        String usdt = token("USDT");
        String eth = token("ETH");
        BigInteger usdtBefore = erc20.balanceOf(usdt, wallet);
        BigInteger ethBefore = erc20.balanceOf(eth, wallet);
        try (StreamClient stream = subscribed()) {
            JsonObject bought = probe("buy", "{\"token\": \"ETH\", \"spend\": 500}").getJsonObject("trade");
            assertNotNull(bought, "500 USDT is exactly the per-trade cap: signed");
            assertEquals("live", bought.getString("phase"));
            JsonObject position = liveState().getJsonArray("positions").getValuesAs(JsonObject.class).get(0);
            assertEquals("ETH", position.getString("token"));
            TxOutcome swap = receipt(position.getString("open_tx_hash"));
            assertEquals(TxOutcome.Status.MINED, swap.status());
            assertEquals(units("500"), swap.sent(usdt, wallet));
            assertEquals(usdtBefore.subtract(swap.sent(usdt, wallet)), erc20.balanceOf(usdt, wallet));
            assertEquals(ethBefore.add(swap.received(eth, wallet)), erc20.balanceOf(eth, wallet));
            assertEquals(0, new BigDecimal("500").compareTo(bought.getJsonNumber("size_usdt").bigDecimalValue()));
            assertEquals(0, Erc20.toAmount(swap.received(eth, wallet), 18)
                    .compareTo(bought.getJsonNumber("quantity").bigDecimalValue()));
            assertTrue(bought.getJsonNumber("fees_usdt").bigDecimalValue().signum() > 0, "gas, in USDT");
            JsonObject event = stream.await(m -> is(m, "trade") && m.getString("phase").equals("live"), WAIT);
            assertEquals("buy", event.getString("side"));
            assertEquals("ETH/USDT", event.getString("pair"));

            BigInteger usdtMid = erc20.balanceOf(usdt, wallet);
            JsonObject sold = probe("sell", "{\"token\": \"ETH\"}").getJsonObject("trade");
            assertEquals("sell", sold.getString("side"));
            assertEquals(ethBefore, erc20.balanceOf(eth, wallet), "the whole position was sold");
            BigInteger got = erc20.balanceOf(usdt, wallet).subtract(usdtMid);
            assertEquals(0, Erc20.toAmount(got, 18).setScale(8, java.math.RoundingMode.HALF_EVEN)
                    .compareTo(sold.getJsonNumber("size_usdt").bigDecimalValue()), "the receipt's USDT, to the trade's"
                    + " 8 decimals");
            assertEquals(0, liveState().getJsonArray("positions").size());
            JsonObject sell = stream.await(m -> is(m, "trade") && m.getString("side").equals("sell"), WAIT);
            assertEquals("live", sell.getString("phase"));
            assertTrue(sell.getJsonNumber("pnl").bigDecimalValue().signum() < 0, "a round trip pays two pool fees");
        }
    }

    @Test
    void aLiveSwapsGasIsItsReceiptsGasAtWhatTheRouterGivesForOneBnbAndTheJournalSaysSo() {
        live(); // the promotion approved the router for the day's cap: the swap is the buy's only transaction
        BigInteger before = nonce();
        JsonObject bought = bought("CAKE", "100");
        assertEquals(before.add(BigInteger.ONE), nonce());
        String hash = liveState().getJsonArray("positions").getValuesAs(JsonObject.class).get(0)
                .getString("open_tx_hash");
        TxOutcome swap = receipt(hash);
        // nothing moves the WBNB pool here: its price for one BNB now is the price the buy was booked at
        List<BigInteger> oneBnb = new SwapRouter(node).getAmountsOut(local.router(), E18.toBigIntegerExact(),
                List.of(local.wrappedNative(), token("USDT")));
        BigDecimal gas = new BigDecimal(swap.gasUsed().multiply(swap.effectiveGasPrice())).movePointLeft(18)
                .multiply(new BigDecimal(oneBnb.get(1)).movePointLeft(18));
        assertEquals(gas.setScale(8, java.math.RoundingMode.HALF_EVEN),
                bought.getJsonNumber("fees_usdt").bigDecimalValue().setScale(8), "the gas, the trade's only fee");
        JsonObject entry = journal("EXECUTED").stream()
                .filter(e -> e.getString("id").equals(bought.getString("journal_ref"))).findFirst().orElseThrow();
        assertTrue(entry.getString("body").contains("gas_priced_by: router, 1 BNB = "
                + new BigDecimal(oneBnb.get(1)).movePointLeft(18).stripTrailingZeros().toPlainString() + " USDT"),
                entry.toString());
    }

    @Test
    void aRevertedSwapIsJournaledWithItsHashAndChangesNoPosition() throws Exception {
        live(); // the promotion approved the router for the day's cap: the swap is the only transaction
        BigInteger usdtBefore = erc20.balanceOf(token("USDT"), wallet);
        BigInteger before = nonce();
        // the next block is mined a day later than any deadline the executor can set now (from the chain's present:
        // the latest block's time, or the local clock when that is later)
        long present = Math.max(node.latestBlockTime().longValueExact(), Instant.now().getEpochSecond());
        rpc("evm_setNextBlockTimestamp", "[" + (present + 86_400) + "]");
        JsonObject answer = probe("buy", "{\"token\": \"CAKE\", \"spend\": 10}");
        assertEquals(JsonValue.NULL, answer.get("trade"));
        assertEquals(before.add(BigInteger.ONE), nonce(), "the swap was on chain once, and never resent");
        assertEquals(usdtBefore, erc20.balanceOf(token("USDT"), wallet), "nothing moved but gas");
        assertEquals(0, liveState().getJsonArray("positions").size());
        JsonObject failed = journal("LIVE_TX_FAILED").get(0);
        assertTrue(failed.getString("body").contains(answer.getString("order_ref")), failed.toString());
        assertTrue(failed.getString("body").contains("reverted"), failed.toString());
        assertTrue(failed.getString("body").matches("(?s).*tx 0x[0-9a-f]{64}.*"), failed.toString());
    }

    @Test
    void aSwapRecordedButNeverSentBeforeAStopIsJournaledAndStillCountsAgainstTheDailyCap() throws Exception {
        live();
        BigInteger before = nonce();
        // a stop after the record of a 1 990 USDT buy committed and before its bytes left: the node never saw it
        JsonObject settled = probe("unsent-record", "{\"token\": \"ETH\", \"signed_usdt\": 1990}");
        assertEquals(0, settled.getInt("undecided"), "settled, not left waiting");
        JsonObject failed = journal("LIVE_TX_FAILED").get(0);
        assertTrue(failed.getString("body").contains(settled.getString("hash")), failed.toString());
        assertTrue(failed.getString("body").contains("never reached the chain"), failed.toString());
        assertEquals(0, liveState().getJsonArray("positions").size(), "nothing booked");
        // the signer counts it (it was signed): 20 USDT more would pass the day's 2 000
        assertEquals(JsonValue.NULL, probe("buy", "{\"token\": \"CAKE\", \"spend\": 20}").get("trade"));
        assertTrue(journal("TWAK_BLOCK").get(0).getString("body").contains("daily_cap"),
                journal("TWAK_BLOCK").get(0).toString());
        assertEquals(before, nonce(), "nothing was sent");
    }

    @Test
    void aNodeOnAnotherChainIdIsRefusedBeforeAnythingIsSigned() throws Exception {
        rpc("anvil_setChainId", "[56]");
        try {
            assertProbeRefused("sign", "{\"token\": \"ETH\", \"spend\": 1, \"slippage_pct\": 1}", "chain_id");
        } finally {
            rpc("anvil_setChainId", "[" + LocalChain.CHAIN_ID + "]");
        }
    }

    @Test
    void aNodeThatLostTheTradingLeaseSignsNothingAndTradesAgainOnceItTakesItBack() throws Exception {
        live();
        JsonObject cluster = http.get("/cluster").object();
        String self = cluster.getString("self");
        long epoch = cluster.getJsonNumber("epoch").longValue();
        assertEquals(self, cluster.getString("holder"));
        BigInteger before = nonce();
        assertEquals(204, http.postJson("/test-probe/lease/taken", "{\"holder\": \"node-elsewhere\"}").status());
        try {
            String refusal = http.postJson("/live-probe/buy", "{\"token\": \"ETH\", \"spend\": 5}")
                    .assertError(409, "LEASE_NOT_HELD");
            assertTrue(refusal.startsWith("This node (" + self + ") "), refusal);
            assertTrue(refusal.contains("(node-elsewhere holds it, epoch " + (epoch + 1) + ")"), refusal);
            assertEquals(before, nonce(), "nothing was signed or sent");
            assertEquals(0, liveState().getJsonArray("positions").size(), "nothing was booked");
            await().atMost(WAIT).until(
                    () -> "node-elsewhere".equals(http.get("/cluster").object().getString("holder")));
            JsonObject lease = http.get("/health/ready").object().getJsonArray("checks")
                    .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("name").equals("lease"))
                    .findFirst().orElseThrow().getJsonObject("data");
            assertEquals("false", lease.getString("trading"), lease.toString());
            assertEquals(409, http.send("POST", "/test-probe/cycle", null, null).status(), "no pass runs");
        } finally {
            assertEquals(204, http.send("POST", "/test-probe/lease/released", null, null).status());
        }
        // the other node gave it up: this node takes it back at its next renewal, in the next epoch, and signs again
        await().atMost(WAIT).until(
                () -> self.equals(http.get("/cluster").object().getString("holder")));
        assertEquals(epoch + 2, http.get("/cluster").object().getJsonNumber("epoch").longValue());
        assertNotNull(probe("buy", "{\"token\": \"ETH\", \"spend\": 5}").getJsonObject("trade"));
    }

    @Test
    void aNodeTakingOverTheTradingLeaseComparesTheWalletWithTheBooksBeforeItsFirstDecision() throws Exception {
        live();
        bought("LINK", "500");
        runCycle(); // a pass under this term: the books were compared with the wallet before it, and agreed
        assertEquals(JsonValue.NULL, liveState().get("mismatch"));
        int mismatches = journal("RECONCILE_MISMATCH").size();
        BigInteger books = booked(liveState().getJsonArray("positions").getJsonObject(0));
        String link = token("LINK");
        long epoch = http.get("/cluster").object().getJsonNumber("epoch").longValue();
        assertEquals(204, http.postJson("/test-probe/lease/taken", "{\"holder\": \"node-elsewhere\"}").status());
        try {
            // this node sees the other one holding the lease at its next renewal (until then it still counts itself
            // the holder of its own term, and a pass would run under that term and be stopped by the fence)
            await().atMost(WAIT).until(
                    () -> "node-elsewhere".equals(http.get("/cluster").object().getString("holder")));
            // while another node trades, the wallet ends up one LINK unit short of the books
            BigInteger out = erc20.balanceOf(link, wallet).subtract(books).add(BigInteger.ONE);
            String transfer = FunctionEncoder.encode(new Function("transfer", List.of(new Address(DEPLOYER),
                    new Uint256(out)), List.of()));
            assertEquals(TxOutcome.Status.MINED, node.send(WalletUtils.loadCredentials(PASSWORD, keystore.toFile()),
                    link, transfer, BigInteger.valueOf(100_000)).status());
        } finally {
            assertEquals(204, http.send("POST", "/test-probe/lease/released", null, null).status());
        }
        await().atMost(WAIT).until(() -> http.get("/cluster").object(),
                cluster -> cluster.getString("holder").equals(cluster.getString("self"))
                        && cluster.getJsonNumber("epoch").longValue() == epoch + 2);
        BigInteger nonce = nonce();
        runCycle(); // the first pass of the new term: nobody asked for a reconciliation
        List<JsonObject> found = journal("RECONCILE_MISMATCH");
        assertEquals(mismatches + 1, found.size(), "the takeover compared the books with the wallet");
        assertTrue(found.get(0).getString("body").contains("LINK: the books hold " + books + " units, the wallet "
                + books.subtract(BigInteger.ONE)), found.get(0).getString("body"));
        assertTrue(liveState().getString("mismatch").contains("LINK"), "live is locked");
        assertEquals(nonce, nonce(), "nothing was signed on books the wallet does not cover");
    }

    @Test
    void aNodeThatDoesNotHoldTheLeaseSettlesNoneOfTheSwapsLeftUnbookedAndTheHolderSettlesThemFirst() throws Exception {
        live();
        long epoch = http.get("/cluster").object().getJsonNumber("epoch").longValue();
        int failed = journal("LIVE_TX_FAILED").size();
        assertEquals(204, http.postJson("/test-probe/lease/taken", "{\"holder\": \"node-elsewhere\"}").status());
        try {
            await().atMost(WAIT).until(
                    () -> "node-elsewhere".equals(http.get("/cluster").object().getString("holder")));
            // the record of a swap another node is sending: this node's settlement books nothing of it
            http.postJson("/live-probe/unsent-record", "{\"token\": \"ETH\", \"signed_usdt\": 10}")
                    .assertError(409, "LEASE_NOT_HELD");
            assertEquals(failed, journal("LIVE_TX_FAILED").size(), "nothing settled by a node that does not trade");
        } finally {
            assertEquals(204, http.send("POST", "/test-probe/lease/released", null, null).status());
        }
        await().atMost(WAIT).until(() -> http.get("/cluster").object(),
                cluster -> cluster.getString("holder").equals(cluster.getString("self"))
                        && cluster.getJsonNumber("epoch").longValue() == epoch + 2);
        runCycle(); // the first pass of this node's term settles the record before it decides
        List<JsonObject> settled = journal("LIVE_TX_FAILED");
        assertEquals(failed + 1, settled.size(), "settled once, by the holder");
        assertTrue(settled.get(0).getString("body").contains("never reached the chain"), settled.get(0).toString());
    }

    @Test
    void theKillSwitchBetweenQuoteAndSignatureStopsTheSend() throws Exception {
        assertProbeRefused("kill-between-quote-and-signature", "{\"token\": \"ETH\", \"spend\": 1}",
                "session_revoked");
        assertEquals(200, http.postJson("/agents/current/signer/session", "{\"confirm\": \"provision signing\"}")
                .status());
    }

    @Test
    void eachSigningRuleRefusesJustPastItsBoundaryAndSignsAtIt() throws Exception {
        live();
        // earlier today (a new UTC day: nothing signed before it), a buy signed at the per-trade cap, so that the
        // day's cap below is reached by an order within the per-trade cap
        JsonObject earlier = probe("sign", "{\"token\": \"ETH\", \"spend\": 500, \"slippage_pct\": 1}");
        assertEquals(JsonValue.NULL, earlier.get("refused"));
        assertEquals("MINED", earlier.getString("swap_status"));
        BigDecimal booked = new BigDecimal("500");
        try (StreamClient stream = subscribed()) {
            BigInteger before = nonce();
            JsonObject overCap = probe("sign", "{\"token\": \"CAKE\", \"spend\": 500.01, \"slippage_pct\": 1}");
            assertRefused(stream, overCap, "per_trade_cap", before);
            assertTrue(journal("TWAK_BLOCK").get(0).getString("body").contains("Order size 500.01 USDT exceeds"
                    + " per-trade cap of 500 USDT."));

            JsonObject loose = probe("sign", "{\"token\": \"CAKE\", \"spend\": 1, \"slippage_pct\": 1.01}");
            assertRefused(stream, loose, "slippage", before);
            JsonObject atBound = probe("sign", "{\"token\": \"CAKE\", \"spend\": 1, \"slippage_pct\": 1.0}");
            assertEquals(JsonValue.NULL, atBound.get("refused"));
            assertEquals("MINED", atBound.getString("swap_status"));
            booked = booked.add(BigDecimal.ONE);

            assertEquals(200, http.send("PUT", "/agents/current/watchlist", "application/json",
                    "{\"tokens\": [\"ETH\", \"CAKE\", \"LINK\"]}").status());
            before = nonce();
            JsonObject offList = probe("buy", "{\"token\": \"AVAX\", \"spend\": 5}");
            assertRefused(stream, offList, "allowlist", before);
            assertEquals(200, http.send("PUT", "/agents/current/watchlist", "application/json",
                    "{\"tokens\": [\"ETH\", \"CAKE\", \"LINK\", \"AVAX\"]}").status());

            assertNotNull(probe("buy", "{\"token\": \"CAKE\", \"spend\": 500}").getJsonObject("trade"));
            assertNotNull(probe("buy", "{\"token\": \"LINK\", \"spend\": 500}").getJsonObject("trade"));
            booked = booked.add(new BigDecimal("1000"));
            BigDecimal rest = new BigDecimal("2000").subtract(booked);
            assertNotNull(probe("buy", "{\"token\": \"AVAX\", \"spend\": " + rest.toPlainString() + "}")
                    .getJsonObject("trade"), "exactly up to the daily cap: signed");
            before = nonce();
            JsonObject overDay = probe("buy", "{\"token\": \"ETH\", \"spend\": 0.01}");
            assertRefused(stream, overDay, "daily_cap", before);
            String refusal = journal("TWAK_BLOCK").get(0).getString("body");
            assertTrue(refusal.contains("Order size 0.01 USDT on top of 2000 USDT signed today (UTC)"), refusal);
        }
    }

    @Test
    void aWalletShortOfTheBooksLocksLiveUntilReconciled() throws Exception {
        live();
        bought("LINK", "500");
        String link = token("LINK");
        BigInteger books = booked(liveState().getJsonArray("positions").getJsonObject(0));
        int reconciled = journal("RECONCILED").size();
        // the wallet one unit short of the books (whatever it held beyond them goes too)
        BigInteger out = erc20.balanceOf(link, wallet).subtract(books).add(BigInteger.ONE);
        Credentials keys = WalletUtils.loadCredentials(PASSWORD, keystore.toFile());
        String transfer = FunctionEncoder.encode(new Function("transfer", List.of(new Address(DEPLOYER),
                new Uint256(out)), List.of()));
        assertEquals(TxOutcome.Status.MINED, node.send(keys, link, transfer, BigInteger.valueOf(100_000)).status());
        assertEquals(books.subtract(BigInteger.ONE), erc20.balanceOf(link, wallet));
        JsonObject state = http.postJson("/agents/current/live/reconcile", "{}").object();
        assertTrue(state.getString("mismatch").contains("LINK"), state.toString());
        assertEquals("RECONCILE_MISMATCH", journal("RECONCILE_MISMATCH").get(0).getString("type"));
        assertEquals("LIVE", http.get("/agents/current").object().getString("status"), "live, but locked");
        BigInteger before = nonce();
        JsonObject sell = probe("sell", "{\"token\": \"LINK\"}");
        assertEquals(JsonValue.NULL, sell.get("trade"));
        assertEquals(before, nonce(), "no live order while the books and the wallet disagree");
        String skipped = journal("LIVE_SKIPPED").get(0).getString("body");
        assertTrue(skipped.contains(sell.getString("order_ref")) && skipped.contains("live is locked until the wallet"
                + " and the books agree"), skipped);

        deployerSends(link, new Function("mint", List.of(new Address(wallet), new Uint256(BigInteger.ONE)), List.of()));
        assertEquals(books, erc20.balanceOf(link, wallet));
        assertEquals(JsonValue.NULL, http.postJson("/agents/current/live/reconcile", "{}").object().get("mismatch"));
        assertEquals(reconciled + 1, journal("RECONCILED").size());
    }

    @Test
    void theLiveRiskCheckSnapshotsLiveEquityAndDemotingSellsEveryLivePosition() throws Exception {
        live();
        bought("CAKE", "500");
        bought("LINK", "500");
        bought("AVAX", "489");
        List<JsonObject> positions = liveState().getJsonArray("positions").getValuesAs(JsonObject.class);
        assertEquals(List.of("CAKE", "LINK", "AVAX"), positions.stream().map(p -> p.getString("token")).toList());
        try (StreamClient stream = subscribed()) {
            assertEquals(JsonValue.NULL, probe("risk-check", "{}").get("breached"));
            JsonObject snapshot = stream.await(m -> is(m, "snapshot") && m.getString("phase").equals("live"), WAIT);
            BigDecimal equity = snapshot.getJsonNumber("equity").bigDecimalValue();
            assertTrue(equity.compareTo(new BigDecimal("9900")) > 0, snapshot.toString());
            // the wallet's USDT and each live position at the router's quote, not the paper account's 1000
            BigInteger marked = erc20.balanceOf(token("USDT"), wallet);
            for (JsonObject p : positions) {
                List<BigInteger> out = new SwapRouter(node).getAmountsOut(local.router(), booked(p),
                        List.of(token(p.getString("token")), token("USDT")));
                marked = marked.add(out.get(out.size() - 1));
            }
            assertEquals(0, Erc20.toAmount(marked, 18).setScale(8, java.math.RoundingMode.HALF_EVEN)
                    .compareTo(equity), snapshot.toString());
        }
        java.util.Map<String, BigInteger> held = new java.util.HashMap<>();
        positions.forEach(p -> held.put(p.getString("token"), erc20.balanceOf(token(p.getString("token")), wallet)));
        Http.Answer demoted = http.postJson("/agents/current/demote", "{}");
        assertEquals(200, demoted.status(), demoted.body());
        assertEquals("PAPER", demoted.object().getString("status"));
        assertEquals(0, liveState().getJsonArray("positions").size());
        for (JsonObject p : positions) { // the wallet may hold more than the books: a signer probe's swap
            BigInteger sold = booked(p);
            assertEquals(held.get(p.getString("token")).subtract(sold), erc20.balanceOf(token(p.getString("token")),
                    wallet), p.getString("token") + " position sold whole");
        }
    }

    @Test
    void whileLiveTheCyclesEntryAndExitAreAlsoSwappedOnChainSizedWithinThePerTradeCap() throws Exception {
        watch("ETH");
        live();
        // 90 % of the paper cash: 900 USDT on a new account, more after the paper wins of other tests
        BigDecimal paperSize = paperCashWhenFlat().multiply(new BigDecimal("0.9")).setScale(2,
                java.math.RoundingMode.DOWN);
        assertTrue(paperSize.compareTo(new BigDecimal("500")) > 0, "the paper order is larger than the cap");
        String eth = token("ETH");
        BigInteger ethBefore = erc20.balanceOf(eth, wallet);
        try (StreamClient stream = subscribed()) {
            oversoldEthCycle();
            // the live swap commits in its own transaction, inside the paper turn's: its event comes first
            JsonObject live;
            try {
                live = stream.await(m -> is(m, "trade"), WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("no trade; the journal says " + http.get("/agents/current/journal?limit=8")
                        .body(), e);
            }
            assertEquals("live", live.getString("phase"));
            JsonObject paper = stream.await(m -> is(m, "trade"), WAIT);
            assertEquals("paper", paper.getString("phase"));
            assertEquals(0, paperSize.compareTo(paper.getJsonNumber("size").bigDecimalValue()), paper.toString());
            assertEquals("buy", live.getString("side"));
            assertEquals(0, new BigDecimal("500").compareTo(live.getJsonNumber("size").bigDecimalValue()),
                    "the paper order's " + paperSize + " USDT, within the signer's 500 USDT per-trade cap");
            JsonObject position = liveState().getJsonArray("positions").getJsonObject(0);
            assertEquals("ETH", position.getString("token"));
            assertEquals(ethBefore.add(receipt(position.getString("open_tx_hash")).received(eth, wallet)),
                    erc20.balanceOf(eth, wallet));
            JsonObject snapshot = stream.await(m -> is(m, "snapshot") && m.getString("phase").equals("live"), WAIT);
            assertTrue(snapshot.getJsonNumber("dd_from_peak").bigDecimalValue().compareTo(new BigDecimal("0.05")) < 0);

            script("ETH", rising(), "110", "110", "0.1");
            runCycle();
            JsonObject exit = stream.await(m -> is(m, "trade") && m.getString("phase").equals("live")
                    && m.getString("side").equals("sell"), WAIT);
            assertTrue(exit.getJsonNumber("pnl").bigDecimalValue().signum() < 0, "the chain's price did not move");
            assertEquals(ethBefore, erc20.balanceOf(eth, wallet));
            assertEquals(0, liveState().getJsonArray("positions").size());
        } finally {
            http.send("DELETE", "/test-probe/market/script", null, null);
        }
    }

    @Test
    void aLiveDailyDrawdownBreachSellsTheLivePositionsThenDemotes() throws Exception {
        watch("ETH");
        live();
        String eth = token("ETH");
        BigInteger ethBefore = erc20.balanceOf(eth, wallet);
        try (StreamClient stream = subscribed()) {
            oversoldEthCycle();
            stream.await(m -> is(m, "trade") && m.getString("phase").equals("live"), WAIT);
            assertEquals(1, liveState().getJsonArray("positions").size());
            // the pass's live snapshot after the entry is the first since the promotion: the live day opens at it
            stream.await(m -> is(m, "snapshot") && m.getString("phase").equals("live"), WAIT);

            // someone dumps 20 000 ETH into the pool: the live position loses most of its value
            String router = local.router();
            BigInteger dump = units("20000");
            deployerSends(eth, new Function("mint", List.of(new Address(DEPLOYER), new Uint256(dump)), List.of()));
            deployerSends(eth, new Function("approve", List.of(new Address(router), new Uint256(dump)), List.of()));
            deployerSends(router, new Function("swapExactTokensForTokens", List.of(new Uint256(dump),
                    new Uint256(BigInteger.ZERO), new org.web3j.abi.datatypes.DynamicArray<>(Address.class,
                            List.of(new Address(eth), new Address(token("USDT")))), new Address(DEPLOYER),
                    new Uint256(BigInteger.TWO.pow(40))), List.of()));
            assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json",
                    "{\"evaluation_config\": {\"daily_drawdown_pct\": 1.0}}").status());

            assertEquals("daily_drawdown", probe("risk-check", "{}").getString("breached"));
            JsonObject sold = stream.await(m -> is(m, "trade") && m.getString("phase").equals("live")
                    && m.getString("side").equals("sell"), WAIT);
            assertTrue(sold.getJsonNumber("pnl").bigDecimalValue().compareTo(new BigDecimal("-300")) < 0);
            JsonObject demotion = stream.await(m -> is(m, "demotion"), WAIT);
            assertEquals("daily_drawdown", demotion.getString("rule"));
            assertEquals("daily", demotion.getString("scope"));
        } finally {
            http.send("DELETE", "/test-probe/market/script", null, null);
        }
        assertEquals("DEMOTED", http.get("/agents/current").object().getString("status"));
        assertEquals(0, liveState().getJsonArray("positions").size(), "flattened before the demotion");
        assertEquals(ethBefore, erc20.balanceOf(eth, wallet));
        assertTrue(journal("EXECUTED").get(0).getString("body").contains("Flattened to USDT: daily_drawdown"));
    }

    /** Sends {@code call} from the deployer and waits until it is mined, and succeeded. */
    private static void deployerSends(String to, Function call) throws Exception {
        String hash = local.rpc("eth_sendTransaction", "[{\"from\": \"" + DEPLOYER + "\", \"to\": \"" + to
                + "\", \"data\": \"" + FunctionEncoder.encode(call) + "\"}]").getString("result");
        JsonObject[] receipt = new JsonObject[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonValue found = local.rpc("eth_getTransactionReceipt", "[\"" + hash + "\"]").get("result");
            receipt[0] = found instanceof JsonObject mined ? mined : null;
            return receipt[0] != null;
        });
        assertEquals("0x1", receipt[0].getString("status"), call.getName() + " to " + to + ": " + receipt[0]);
    }
}
