package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trading cycle against a scripted market: an entry and its exit, to the cent, on the socket and through
 * REST; and a veto of the policy layer. The timer is off in these tests; the probe runs one pass at a time. The
 * paper account is shared with the other tests of the run: each test starts flat, with no losing streak, and sets
 * the budgets it relies on, so it runs alone or in any order.
 */
class CycleIT extends DeployedHalyrd {

    @AfterEach
    void unscript() {
        http.send("DELETE", "/test-probe/market/script", null, null);
        http.send("PATCH", "/agents/current/config", "application/json", "{\"preset\": \"balanced\"}");
    }

    @BeforeEach
    void flatWithNoLosingStreak() {
        onlyEth();
        sellWhatIsHeld();
        if (lossStreak() > 0) { // a winning round trip ends a streak (and its cooldown) an earlier test left
            patch(LENIENT);
            script("ETH", falling(), "100", "100", "0.1");
            runCycle();
            script("ETH", rising(), "110", "110", "0.1");
            runCycle();
            assertEquals(0, lossStreak(), "a win ends the streak");
            patch("{\"preset\": \"balanced\"}");
        }
    }

    /**
     * Budgets a test sets when they are not what it tests (the account and its UTC day are shared with the other
     * tests of the run): 100 % drawdown, 100 % a day, 100 losses in a row.
     */
    private static final String LENIENT = "{\"evaluation_config\": {\"max_drawdown_pct\": 100, "
            + "\"daily_drawdown_pct\": 100, \"max_consecutive_losses\": 100}}";

    private int lossStreak() {
        JsonObject losses = http.get("/agents/current/risk/objectives").array().getJsonObject(2);
        assertEquals("consecutive_losses", losses.getString("rule"));
        return losses.getInt("current");
    }

    private void onlyEth() {
        assertEquals(200, http.send("PUT", "/agents/current/watchlist", "application/json",
                "{\"tokens\": [\"ETH\"]}").status());
    }

    @Test
    void anOversoldTokenIsBoughtThenSoldAtTheSmaWithFeesAndPnlToTheCent_andTheRiskEngineVetoesWhenTheBudgetIsSmall()
            throws Exception {
        patch(LENIENT); // the entry and exit to the cent first: budgets are not what this part tests
        // earlier tests of this run share the database: the cash their trades left
        BigDecimal cash = paperCashWhenFlat();
        // the fill model by hand (0.25 % swap fee, 0.15 USDT gas); the comments give the figures of a new account
        BigDecimal spend = cash.multiply(new BigDecimal("0.9")).setScale(2, RoundingMode.DOWN); // 900
        BigDecimal buyFees = fee(spend); // 900 × 0.25 % + 0.15 = 2.4
        BigDecimal quantity = spend.subtract(buyFees).divide(new BigDecimal("100.1"), 12, RoundingMode.DOWN);
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);

            // 60 hours at 110, then 14 hours falling to 100: RSI 0, price about 6.5 % below its 48 h SMA
            script("ETH", falling(), "100", "100", "0.1");
            runCycle();
            JsonObject buy = stream.await(m -> m.getString("event").equals("trade"), WAIT);
            assertEquals(List.of("event", "ts", "pair", "side", "size", "price", "pnl", "fees", "phase", "journal_ref",
                    "seq"),
                    new ArrayList<>(buy.keySet()));
            assertEquals("ETH/USDT", buy.getString("pair"));
            assertEquals("buy", buy.getString("side"));
            // 90 % of the cash; price 100 × (1 + 0.05 % + 0.5 × 0.1 %) = 100.1; fees spend × 0.25 % + 0.15 gas
            assertAmount(spend, buy.getJsonNumber("size"));
            assertEquals(new BigDecimal("100.1"), buy.getJsonNumber("price").bigDecimalValue());
            assertAmount(buyFees, buy.getJsonNumber("fees"));
            assertTrue(buy.isNull("pnl"));
            assertEquals("paper", buy.getString("phase"));
            JsonObject executed = http.get("/agents/current/journal?type=EXECUTED&limit=1").array().getJsonObject(0);
            assertEquals(executed.getString("id"), buy.getString("journal_ref"));
            JsonObject held = http.get("/agents/current/positions").array().getJsonObject(0);
            assertEquals("ETH/USDT", held.getString("pair"));
            assertAmount(quantity, held.getJsonNumber("quantity")); // (900 − 2.4) / 100.1 = 8.967032967032
            assertAmount(spend, held.getJsonNumber("cost"));
            // marked at the mid of 100: 896.7032967032 → 896.70329670, 3.29670330 under water (the fees and slippage)
            assertAmount(quantity.multiply(new BigDecimal("100")).setScale(8, RoundingMode.HALF_EVEN).subtract(spend),
                    held.getJsonNumber("unrealised_pnl"));

            // back above the average: the exit rule holds
            script("ETH", rising(), "110", "110", "0.1");
            runCycle();
            JsonObject sell = stream.await(m -> m.getString("event").equals("trade"), WAIT);
            assertEquals("sell", sell.getString("side"));
            // 8.967032967032 ETH at 110 × (1 − 0.1 %) = 109.89 → 985.38725274; fees 2.46346813 + 0.15
            BigDecimal proceeds = quantity.multiply(new BigDecimal("109.89")).setScale(8, RoundingMode.DOWN);
            BigDecimal sellFees = fee(proceeds);
            BigDecimal pnl = proceeds.subtract(sellFees).subtract(spend); // 82.77378461
            assertEquals(new BigDecimal("109.89"), sell.getJsonNumber("price").bigDecimalValue());
            assertAmount(proceeds, sell.getJsonNumber("size"));
            assertAmount(sellFees, sell.getJsonNumber("fees"));
            assertAmount(pnl, sell.getJsonNumber("pnl"));
            JsonObject snapshot = stream.await(m -> m.getString("event").equals("snapshot"), WAIT);
            assertAmount(cash.add(pnl), snapshot.getJsonNumber("equity")); // 1082.77378461

            assertTrue(http.get("/agents/current/positions").array().isEmpty(), "nothing held after the exit");
            JsonObject closed = http.get("/agents/current/trades").array().getJsonObject(0);
            assertEquals(sell.getString("journal_ref"), closed.getString("journal_ref"));
            assertEquals(sell.getJsonNumber("pnl"), closed.getJsonNumber("pnl"));
            assertEquals(sell.getJsonNumber("fees"), closed.getJsonNumber("fees"));
            assertTrue(closed.getString("hold_time").startsWith("PT"));
            JsonArray curve = http.get("/agents/current/equity").array();
            assertEquals(snapshot.getJsonNumber("equity"), curve.getJsonObject(curve.size() - 1).getJsonNumber("equity"));
            http.get("/agents/current/trades?phase=demo").assertError(400, "VALIDATION_FAILED");

            // a daily budget of 1 %: the next entry's worst case does not fit
            assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json",
                    "{\"evaluation_config\": {\"max_drawdown_pct\": 20, \"daily_drawdown_pct\": 1}}").status());
            script("ETH", falling(), "100", "100", "0.1");
            runCycle();
            JsonObject veto = stream.await(m -> m.getString("event").equals("risk_veto"), WAIT);
            assertEquals(List.of("event", "ts", "rule", "reason", "order_ref", "seq"), new ArrayList<>(veto.keySet()));
            assertEquals("daily_drawdown", veto.getString("rule"));
            assertTrue(veto.getString("reason").startsWith("Trade would use "), veto.getString("reason"));
            JsonArray blocks = http.get("/agents/current/risk/blocks").array();
            JsonObject block = blocks.getJsonObject(blocks.size() - 1);
            assertEquals(veto.getString("order_ref"), block.getString("order_ref"));
            assertEquals("policy", block.getString("layer"));
            assertEquals("daily_drawdown", http.get("/agents/current/risk/objectives").array().getJsonObject(1)
                    .getString("rule"));

            // a 20 % max drawdown again, a new position, then a crash far past it: the paper run fails
            assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json",
                    "{\"preset\": \"balanced\", \"evaluation_config\": {\"daily_drawdown_pct\": 20}}").status());
            runCycle();
            assertEquals("buy", stream.await(m -> m.getString("event").equals("trade"), WAIT).getString("side"));
            String running = versions().getJsonObject(0).getString("id");
            script("ETH", falling(), "60", "60", "0.1");
            runCycle();
            JsonObject breach = stream.await(m -> m.getString("event").equals("journal_entry")
                    && m.getString("type").equals("RISK_BREACH") && strings(m.getJsonArray("tags")).contains("max_drawdown"),
                    WAIT);
            assertTrue(breach.getString("body").startsWith("Run " + running + " failed: equity "), breach.getString("body"));
            JsonArray versions = versions();
            assertEquals("running", versions.getJsonObject(0).getString("outcome"));
            assertEquals(running, versions.getJsonObject(0).getString("parent_id"));
            assertTrue(versions.getJsonObject(0).getString("params_summary")
                    .endsWith("(restarted after a max-drawdown breach)"));
            assertEquals("failed", versions.getJsonObject(1).getString("outcome"));
            assertEquals(running, versions.getJsonObject(1).getString("id"));
        }
    }

    @Test
    void exitsAreNeverVetoedAndFourLossesInARowStandTheAgentAside() throws Exception {
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            patch(LENIENT);
            script("ETH", falling(), "100", "100", "0.1");
            runCycle();
            assertEquals("buy", stream.await(m -> m.getString("event").equals("trade"), WAIT).getString("side"));
            // the position under water by more than a 1 % daily budget: it still exits
            patch("{\"evaluation_config\": {\"max_drawdown_pct\": 60, \"daily_drawdown_pct\": 1, "
                    + "\"max_consecutive_losses\": 4}}");
            script("ETH", rising(), "97", "97", "0.1");
            runCycle();
            JsonObject exit = stream.await(m -> m.getString("event").equals("trade"), WAIT);
            assertEquals("sell", exit.getString("side"));
            assertTrue(exit.getJsonNumber("pnl").bigDecimalValue().signum() < 0, "a loss: " + exit);

            patch("{\"evaluation_config\": {\"max_drawdown_pct\": 100, \"daily_drawdown_pct\": 100}}");
            for (int loss = 2; loss <= 4; loss++) {
                script("ETH", falling(), "100", "100", "0.1");
                runCycle();
                assertEquals("buy", stream.await(m -> m.getString("event").equals("trade"), WAIT).getString("side"));
                script("ETH", rising(), "99", "99", "0.1");
                runCycle();
                JsonObject sell = stream.await(m -> m.getString("event").equals("trade"), WAIT);
                assertTrue(sell.getJsonNumber("pnl").bigDecimalValue().signum() < 0, "loss " + loss + ": " + sell);
            }
            JsonObject losses = http.get("/agents/current/risk/objectives").array().getJsonObject(2);
            assertEquals("consecutive_losses", losses.getString("rule"));
            assertEquals(4, losses.getInt("current"));

            script("ETH", falling(), "100", "100", "0.1");
            runCycle();
            JsonObject veto = stream.await(m -> m.getString("event").equals("risk_veto"), WAIT);
            assertEquals("streak_limit", veto.getString("rule"));
            assertTrue(veto.getString("reason").startsWith("4 losing trades in a row (limit 4); standing aside until "),
                    veto.getString("reason"));
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotSlowTheCycle() throws Exception {
        patch("{\"evaluation_config\": {\"max_drawdown_pct\": 60, \"daily_drawdown_pct\": 50, "
                + "\"max_consecutive_losses\": 100}}");
        try (StreamClient reader = StreamClient.connect(base.toURI(), "current"); Socket stuck = neverReadingClient()) {
            // both were subscribed before their handshakes were answered
            for (int round = 0; round < 10; round++) {
                script("ETH", falling(), "100", "100", "0.1");
                runCycle();
                assertEquals("buy", reader.await(m -> m.getString("event").equals("trade"), WAIT).getString("side"));
                script("ETH", rising(), "101", "101", "0.1");
                runCycle();
                assertEquals("sell", reader.await(m -> m.getString("event").equals("trade"), WAIT).getString("side"));
            }
            assertEquals(1013, readToClose(stuck).code(), "the client that never read was closed as lagging");
        }
    }

    @Test
    void theRiskObjectivesFollowEveryWriteWhileFlatAndTheMarketWhileHolding() {
        patch(LENIENT);
        JsonObject flat = objective(0);
        assertEquals("max_drawdown", flat.getString("rule"));
        assertEquals(0, BigDecimal.ONE.compareTo(flat.getJsonNumber("limit").bigDecimalValue()), flat.toString());
        patch("{\"evaluation_config\": {\"max_drawdown_pct\": 90, \"daily_drawdown_pct\": 90}}"); // a write: read at once, kept or not
        assertEquals(0, new BigDecimal("0.9").compareTo(objective(0).getJsonNumber("limit").bigDecimalValue()));

        script("ETH", falling(), "100", "100", "0.1");
        runCycle();
        assertEquals(1, http.get("/agents/current/positions").array().size(), "bought");
        BigDecimal atHundred = objective(0).getJsonNumber("current").bigDecimalValue();
        // the market alone moves (nothing is written): the equity, and with it the drawdown, follows it at once
        script("ETH", falling(), "90", "90", "0.1");
        BigDecimal atNinety = objective(0).getJsonNumber("current").bigDecimalValue();
        assertTrue(atNinety.compareTo(atHundred) > 0, atHundred + " → " + atNinety);
        script("ETH", falling(), "80", "80", "0.1");
        BigDecimal atEighty = objective(0).getJsonNumber("current").bigDecimalValue();
        assertTrue(atEighty.compareTo(atNinety) > 0, atNinety + " → " + atEighty);
    }

    private JsonObject objective(int index) {
        return http.get("/agents/current/risk/objectives").array().getJsonObject(index);
    }

    /** Sells whatever earlier tests left open, then only ETH again. */
    private void sellWhatIsHeld() {
        sellPaperPositions();
        onlyEth();
    }

    /** One swap's fees: 0.25 % of its size, half-even to 8 places, plus 0.15 USDT gas. */
    private static BigDecimal fee(BigDecimal size) {
        return size.multiply(new BigDecimal("0.0025")).setScale(8, RoundingMode.HALF_EVEN).add(new BigDecimal("0.15"));
    }

    /** The same amount, whatever its scale on the wire (900 and 900.00 alike). */
    private static void assertAmount(BigDecimal expected, JsonNumber actual) {
        assertEquals(0, expected.compareTo(actual.bigDecimalValue()), "expected " + expected.toPlainString()
                + ", was " + actual);
    }

    private void patch(String body) {
        Http.Answer answer = http.send("PATCH", "/agents/current/config", "application/json", body);
        assertEquals(200, answer.status(), answer.body());
    }

    private JsonArray versions() {
        return http.get("/agents/current/config/versions").array();
    }
}
