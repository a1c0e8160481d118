package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import xyz.halyrd.signer.control.Chain;
import xyz.halyrd.signer.control.TxOutcome;

/**
 * Live mode end to end on a real local chain: the promotion's first transaction, live swaps that move the wallet
 * by exactly their receipts' amounts, every signing rule refusing at its boundary with a {@code twak_block} on the
 * socket and nothing sent (the wallet's nonce unchanged), the kill switch between quote and signature, a wrong
 * chain id, a reverted swap, reconciliation of the books with the wallet, and a demotion that sells first. One
 * agent, one wallet, one UTC day of the signer's ledger, step by step: the daily cap is counted across the steps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveIT extends DeployedLiveHalyrd {

    static final BigDecimal E18 = BigDecimal.TEN.pow(18);
    static final String DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"; // anvil's public dev account 0

    /** USDT of buys the signer booked today, as the steps go. */
    static BigDecimal booked = BigDecimal.ZERO;

    /** A stream client, once it is the only subscriber (the previous test's has gone): no event can be missed. */
    private StreamClient subscribed() throws Exception {
        StreamClient stream = StreamClient.connect(base.toURI(), "current");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> subscriberCount() == 1);
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
        return chain.outcome(new TxOutcome(TxOutcome.Status.NOT_MINED, hash, wallet, null, null, null, null, null,
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
    @Order(1)
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
            assertEquals(units("2000"), chain.allowance(token("USDT"), wallet, local.router()),
                    "the router may take one day's cap, no more");
            assertEquals(hash, stream.await(m -> is(m, "promotion"), WAIT).getString("first_tx_hash"));
        }
    }

    @Test
    @Order(2)
    void aLiveBuyAndSellMoveTheWalletByExactlyTheirReceiptsAmounts() throws Exception {
        String usdt = token("USDT");
        String eth = token("ETH");
        BigInteger usdtBefore = chain.balanceOf(usdt, wallet);
        BigInteger ethBefore = chain.balanceOf(eth, wallet);
        try (StreamClient stream = subscribed()) {
            JsonObject bought = probe("buy", "{\"token\": \"ETH\", \"spend\": 500}").getJsonObject("trade");
            booked = booked.add(new BigDecimal("500"));
            assertNotNull(bought, "500 USDT is exactly the per-trade cap: signed");
            assertEquals("live", bought.getString("phase"));
            JsonObject position = liveState().getJsonArray("positions").getValuesAs(JsonObject.class).get(0);
            assertEquals("ETH", position.getString("token"));
            TxOutcome swap = receipt(position.getString("open_tx_hash"));
            assertEquals(TxOutcome.Status.MINED, swap.status());
            assertEquals(units("500"), swap.sent(usdt, wallet));
            assertEquals(usdtBefore.subtract(swap.sent(usdt, wallet)), chain.balanceOf(usdt, wallet));
            assertEquals(ethBefore.add(swap.received(eth, wallet)), chain.balanceOf(eth, wallet));
            assertEquals(0, new BigDecimal("500").compareTo(bought.getJsonNumber("size_usdt").bigDecimalValue()));
            assertEquals(0, Chain.toAmount(swap.received(eth, wallet), 18)
                    .compareTo(bought.getJsonNumber("quantity").bigDecimalValue()));
            assertTrue(bought.getJsonNumber("fees_usdt").bigDecimalValue().signum() > 0, "gas, in USDT");
            JsonObject event = stream.await(m -> is(m, "trade") && m.getString("phase").equals("live"), WAIT);
            assertEquals("buy", event.getString("side"));
            assertEquals("ETH/USDT", event.getString("pair"));

            BigInteger usdtMid = chain.balanceOf(usdt, wallet);
            JsonObject sold = probe("sell", "{\"token\": \"ETH\"}").getJsonObject("trade");
            assertEquals("sell", sold.getString("side"));
            assertEquals(ethBefore, chain.balanceOf(eth, wallet), "the whole position was sold");
            BigInteger got = chain.balanceOf(usdt, wallet).subtract(usdtMid);
            assertEquals(0, Chain.toAmount(got, 18).setScale(8, java.math.RoundingMode.HALF_EVEN)
                    .compareTo(sold.getJsonNumber("size_usdt").bigDecimalValue()), "the receipt's USDT, to the trade's"
                    + " 8 decimals");
            assertEquals(0, liveState().getJsonArray("positions").size());
            JsonObject sell = stream.await(m -> is(m, "trade") && m.getString("side").equals("sell"), WAIT);
            assertEquals("live", sell.getString("phase"));
            assertTrue(sell.getJsonNumber("pnl").bigDecimalValue().signum() < 0, "a round trip pays two pool fees");
        }
    }

    @Test
    @Order(3)
    void aRevertedSwapIsJournaledWithItsHashAndChangesNoPosition() throws Exception {
        BigInteger usdtBefore = chain.balanceOf(token("USDT"), wallet);
        BigInteger before = nonce();
        // the next block is mined a day later than any deadline the executor can set now
        rpc("evm_setNextBlockTimestamp", "[" + (Instant.now().getEpochSecond() + 86_400) + "]");
        JsonObject answer = probe("buy", "{\"token\": \"CAKE\", \"spend\": 10}");
        booked = booked.add(BigDecimal.TEN); // signed, so it counts, though it reverted
        assertEquals(JsonValue.NULL, answer.get("trade"));
        assertEquals(before.add(BigInteger.ONE), nonce(), "the swap was on chain once, and never resent");
        assertEquals(usdtBefore, chain.balanceOf(token("USDT"), wallet), "nothing moved but gas");
        assertEquals(0, liveState().getJsonArray("positions").size());
        JsonObject failed = journal("LIVE_TX_FAILED").get(0);
        assertTrue(failed.getString("body").contains(answer.getString("order_ref")), failed.toString());
        assertTrue(failed.getString("body").contains("reverted"), failed.toString());
        assertTrue(failed.getString("body").matches("(?s).*tx 0x[0-9a-f]{64}.*"), failed.toString());
    }

    @Test
    @Order(4)
    void aNodeOnAnotherChainIdIsRefusedBeforeAnythingIsSigned() throws Exception {
        rpc("anvil_setChainId", "[56]");
        try {
            assertProbeRefused("sign", "{\"token\": \"ETH\", \"spend\": 1, \"slippage_pct\": 1}", "chain_id");
        } finally {
            rpc("anvil_setChainId", "[" + LocalChain.CHAIN_ID + "]");
        }
    }

    @Test
    @Order(5)
    void theKillSwitchBetweenQuoteAndSignatureStopsTheSend() throws Exception {
        assertProbeRefused("kill-between-quote-and-signature", "{\"token\": \"ETH\", \"spend\": 1}",
                "session_revoked");
        assertEquals(200, http.postJson("/agents/current/signer/session", "{\"confirm\": \"provision signing\"}")
                .status());
    }

    @Test
    @Order(6)
    void eachSigningRuleRefusesJustPastItsBoundaryAndSignsAtIt() throws Exception {
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
        }
    }

    @Test
    @Order(7)
    void aWalletShortOfTheBooksLocksLiveUntilReconciled() throws Exception {
        String link = token("LINK");
        BigInteger held = chain.balanceOf(link, wallet);
        Credentials keys = WalletUtils.loadCredentials(PASSWORD, keystore.toFile());
        String transfer = FunctionEncoder.encode(new Function("transfer", List.of(new Address(DEPLOYER),
                new Uint256(BigInteger.ONE)), List.of()));
        assertEquals(TxOutcome.Status.MINED, chain.send(keys, link, transfer, BigInteger.valueOf(100_000)).status());
        JsonObject state = http.postJson("/agents/current/live/reconcile", "{}").object();
        assertTrue(state.getString("mismatch").contains("LINK"), state.toString());
        assertEquals("RECONCILE_MISMATCH", journal("RECONCILE_MISMATCH").get(0).getString("type"));
        BigInteger before = nonce();
        assertEquals(JsonValue.NULL, probe("sell", "{\"token\": \"LINK\"}").get("trade"));
        assertEquals(before, nonce(), "no live order while the books and the wallet disagree");

        deployerSends(link, new Function("mint", List.of(new Address(wallet), new Uint256(BigInteger.ONE)), List.of()));
        assertEquals(held, chain.balanceOf(link, wallet));
        assertEquals(JsonValue.NULL, http.postJson("/agents/current/live/reconcile", "{}").object().get("mismatch"));
        assertEquals(1, journal("RECONCILED").size());
    }

    @Test
    @Order(8)
    void theLiveRiskCheckSnapshotsLiveEquityAndDemotingSellsEveryLivePosition() throws Exception {
        try (StreamClient stream = subscribed()) {
            assertEquals(JsonValue.NULL, probe("risk-check", "{}").get("breached"));
            JsonObject snapshot = stream.await(m -> is(m, "snapshot") && m.getString("phase").equals("live"), WAIT);
            assertTrue(snapshot.getJsonNumber("equity").bigDecimalValue().compareTo(new BigDecimal("9900")) > 0,
                    snapshot.toString());
        }
        List<JsonObject> positions = liveState().getJsonArray("positions").getValuesAs(JsonObject.class);
        assertEquals(List.of("CAKE", "LINK", "AVAX"), positions.stream().map(p -> p.getString("token")).toList());
        java.util.Map<String, BigInteger> held = new java.util.HashMap<>();
        positions.forEach(p -> held.put(p.getString("token"), chain.balanceOf(token(p.getString("token")), wallet)));
        Http.Answer demoted = http.postJson("/agents/current/demote", "{}");
        assertEquals(200, demoted.status(), demoted.body());
        assertEquals("PAPER", demoted.object().getString("status"));
        assertEquals(0, liveState().getJsonArray("positions").size());
        for (JsonObject p : positions) { // the wallet may hold more CAKE than the books: the signer probe's swap
            BigInteger sold = p.getJsonNumber("quantity").bigDecimalValue().multiply(E18).toBigIntegerExact();
            assertEquals(held.get(p.getString("token")).subtract(sold), chain.balanceOf(token(p.getString("token")),
                    wallet), p.getString("token") + " position sold whole");
        }
    }

    @Test
    @Order(9)
    void whileLiveTheCyclesEntryAndExitAreAlsoSwappedOnChainSizedWithinThePerTradeCap() throws Exception {
        // a new UTC day for the signer's ledger: the steps above used up today's cap
        Instant tomorrow = Instant.now().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(60);
        http.postJson("/test-probe/clock", "{\"to\": \"" + tomorrow + "\"}");
        assertEquals(200, http.send("PUT", "/agents/current/watchlist", "application/json",
                "{\"tokens\": [\"ETH\"]}").status());
        assertEquals(200, http.postJson("/agents/current/promote", "{\"force\": true}").status());
        String eth = token("ETH");
        BigInteger ethBefore = chain.balanceOf(eth, wallet);
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
            assertEquals(new BigDecimal("900"), paper.getJsonNumber("size").bigDecimalValue());
            assertEquals("buy", live.getString("side"));
            assertEquals(0, new BigDecimal("500").compareTo(live.getJsonNumber("size").bigDecimalValue()),
                    "the paper order's 900 USDT, within the signer's 500 USDT per-trade cap");
            JsonObject position = liveState().getJsonArray("positions").getJsonObject(0);
            assertEquals("ETH", position.getString("token"));
            assertEquals(ethBefore.add(receipt(position.getString("open_tx_hash")).received(eth, wallet)),
                    chain.balanceOf(eth, wallet));
            JsonObject snapshot = stream.await(m -> is(m, "snapshot") && m.getString("phase").equals("live"), WAIT);
            assertTrue(snapshot.getJsonNumber("dd_from_peak").bigDecimalValue().compareTo(new BigDecimal("0.05")) < 0);

            script("ETH", rising(), "110", "110", "0.1");
            runCycle();
            JsonObject exit = stream.await(m -> is(m, "trade") && m.getString("phase").equals("live")
                    && m.getString("side").equals("sell"), WAIT);
            assertTrue(exit.getJsonNumber("pnl").bigDecimalValue().signum() < 0, "the chain's price did not move");
            assertEquals(ethBefore, chain.balanceOf(eth, wallet));
            assertEquals(0, liveState().getJsonArray("positions").size());
        } finally {
            http.send("DELETE", "/test-probe/market/script", null, null);
        }
    }

    @Test
    @Order(10)
    void aLiveDailyDrawdownBreachSellsTheLivePositionsThenDemotes() throws Exception {
        String eth = token("ETH");
        BigInteger ethBefore = chain.balanceOf(eth, wallet);
        try (StreamClient stream = subscribed()) {
            oversoldEthCycle();
            stream.await(m -> is(m, "trade") && m.getString("phase").equals("live"), WAIT);
            assertEquals(1, liveState().getJsonArray("positions").size());

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
        assertEquals(ethBefore, chain.balanceOf(eth, wallet));
        assertTrue(journal("EXECUTED").get(0).getString("body").contains("Flattened to USDT: daily_drawdown"));
    }

    private static void deployerSends(String to, Function call) throws Exception {
        local.rpc("eth_sendTransaction", "[{\"from\": \"" + DEPLOYER + "\", \"to\": \"" + to + "\", \"data\": \""
                + FunctionEncoder.encode(call) + "\"}]");
    }
}
