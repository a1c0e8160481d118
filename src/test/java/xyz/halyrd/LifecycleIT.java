package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle black-box: the evaluation gate, promote / demote / kill switch and their 409 bodies, the events on
 * a real socket in order, a daily relock that runs out at UTC midnight under the deployment's (forwardable) clock,
 * and concurrent lifecycle calls that end consistent. A live breach is reported through the probe exactly as the
 * live risk check reports it. Live is configured (a local chain): a promotion signs a real first transaction.
 */
class LifecycleIT extends DeployedLiveHalyrd {

    private static final List<String> EVALUATION_FIELDS = List.of("state", "eligible", "window_days_elapsed",
            "eval_window_days", "trade_floor", "closed_trades", "objectives");

    private JsonObject agent() {
        return http.get("/agents/current").object();
    }

    private List<JsonObject> journal(String type) {
        return http.get("/agents/current/journal?limit=500&type=" + type).array().getValuesAs(JsonObject.class);
    }

    private Http.Answer promote(String body) {
        return body == null ? http.send("POST", "/agents/current/promote", null, null)
                : http.postJson("/agents/current/promote", body);
    }

    private static boolean is(JsonObject message, String event) {
        return message.getString("event").equals(event);
    }

    /**
     * Where every test starts: on paper, signing active, and a fresh run with no record yet (a config change starts
     * one), whatever the test before left. Answers the fresh run's trade floor.
     */
    private int paperWithAFreshRun() {
        assertEquals(200, http.postJson("/agents/current/demote", "{}").status());
        if (http.get("/agents/current/signer").object().getString("session").equals("revoked")) {
            assertEquals(200, http.postJson("/agents/current/signer/session",
                    "{\"confirm\": \"provision signing\"}").status());
        }
        int floor = http.get("/agents/current/config").object().getJsonObject("evaluation_config")
                .getInt("trade_floor") == 12 ? 13 : 12;
        assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json",
                "{\"evaluation_config\": {\"trade_floor\": " + floor + "}}").status());
        assertEquals("PAPER", agent().getString("status"));
        return floor;
    }

    /** Live by force, from a fresh run on paper. */
    private void liveByForce() {
        paperWithAFreshRun();
        Http.Answer answer = promote("{\"force\": true}");
        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void evaluationHasTheDocumentedShapeAndStartsEvaluating() {
        int floor = paperWithAFreshRun();
        JsonObject config = http.get("/agents/current/config").object().getJsonObject("evaluation_config");

        Http.Answer answer = http.get("/agents/current/evaluation");
        assertEquals(200, answer.status());
        JsonObject evaluation = answer.object();
        assertEquals(EVALUATION_FIELDS, new ArrayList<>(evaluation.keySet()));
        assertEquals("EVALUATING", evaluation.getString("state"));
        assertFalse(evaluation.getBoolean("eligible"));
        assertEquals(0, evaluation.getInt("window_days_elapsed"));
        assertEquals(config.getInt("eval_window_days"), evaluation.getInt("eval_window_days"));
        assertEquals(floor, evaluation.getInt("trade_floor"));
        assertEquals(0, evaluation.getInt("closed_trades"));
        List<JsonObject> objectives = evaluation.getJsonArray("objectives").getValuesAs(JsonObject.class);
        assertEquals(List.of("positive_expectancy", "trade_floor", "max_drawdown", "eval_window"),
                objectives.stream().map(o -> o.getString("rule")).toList());
        assertEquals(List.of("rule", "current", "limit", "met"), new ArrayList<>(objectives.get(0).keySet()));
        assertEquals(JsonValue.NULL, objectives.get(0).get("limit"));
        assertEquals(List.of("rule", "current", "limit", "headroom_pct", "met"),
                new ArrayList<>(objectives.get(2).keySet()));
        assertEquals(config.getJsonNumber("max_drawdown_pct").bigDecimalValue().movePointLeft(2).stripTrailingZeros(),
                objectives.get(2).getJsonNumber("limit").bigDecimalValue().stripTrailingZeros());
        assertEquals("100.0", objectives.get(2).getJsonNumber("headroom_pct").bigDecimalValue().toPlainString());
        assertTrue(objectives.get(2).getBoolean("met"));
        assertEquals(floor, objectives.get(1).getInt("limit"));
        assertFalse(objectives.get(1).getBoolean("met"));
        http.get("/agents/nobody/evaluation").assertError(404, "AGENT_NOT_FOUND");
    }

    @Test
    void promotingWithoutEligibilityIsRefusedNamingTheUnmetObjectivesAndChangesNothing() {
        int floor = paperWithAFreshRun();
        int statusEntries = journal("STATUS_CHANGE").size();
        String message = promote(null).assertError(409, "NOT_ELIGIBLE");
        assertTrue(message.contains("trade_floor (0 of " + floor + ")"), message);
        assertTrue(message.contains("positive_expectancy"), message);
        assertTrue(message.contains("force: true"), message);
        promote("{\"force\": false}").assertError(409, "NOT_ELIGIBLE");
        promote("{\"force\": \"yes\"}").assertError(400, "VALIDATION_FAILED");
        promote("{\"forse\": true}").assertError(400, "VALIDATION_FAILED");
        promote("[true]").assertError(400, "VALIDATION_FAILED");
        promote("{\"force\": tru").assertError(400, "MALFORMED_JSON");
        http.postJson("/agents/nobody/promote", "{}").assertError(404, "AGENT_NOT_FOUND");
        assertEquals("PAPER", agent().getString("status"));
        assertEquals(statusEntries, journal("STATUS_CHANGE").size());
    }

    @Test
    void forcedPromotionGoesLiveWithPromotionThenStatusChangeOnTheSocket() throws Exception {
        paperWithAFreshRun();
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            Http.Answer answer = promote("{\"force\": true}");
            assertEquals(200, answer.status(), answer.body());
            assertEquals(List.of("status", "first_tx_hash"), new ArrayList<>(answer.object().keySet()));
            assertEquals("LIVE", answer.object().getString("status"));
            String firstTx = answer.object().getString("first_tx_hash");
            assertTrue(firstTx.matches("0x[0-9a-f]{64}"), firstTx);

            JsonObject promotion = stream.await(m -> is(m, "promotion"), WAIT);
            assertEquals(List.of("event", "ts", "first_tx_hash", "seq"), new ArrayList<>(promotion.keySet()));
            assertEquals(firstTx, promotion.getString("first_tx_hash"));
            JsonObject change = stream.await(m -> is(m, "status_change"), WAIT);
            assertEquals("PAPER", change.getString("from"));
            assertEquals("LIVE", change.getString("to"));
        }
        JsonObject agent = agent();
        assertEquals("LIVE", agent.getString("status"));
        assertEquals("live", agent.getString("phase"));
        assertEquals(JsonValue.NULL, agent.get("demotion"));
        JsonObject entry = journal("STATUS_CHANGE").get(0);
        assertTrue(strings(entry.getJsonArray("tags")).containsAll(List.of("PAPER", "LIVE", "promotion")));
        assertTrue(entry.getString("body").contains("by force"), entry.getString("body"));

        assertTrue(promote("{\"force\": true}").assertError(409, "ALREADY_LIVE").contains("already LIVE"));
    }

    @Test
    void aDailyBreachDemotesAndLocksUntilUtcMidnightThenLiveResumesByItself() throws Exception {
        liveByForce();
        String runningBefore = http.get("/agents/current/config").object().getString("config_version_id");
        Instant midnight;
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            assertEquals(204, http.postJson("/test-probe/lifecycle/live-breach",
                    "{\"rule\": \"daily_drawdown\", \"scope\": \"daily\"}").status());

            JsonObject demotion = stream.await(m -> is(m, "demotion"), WAIT);
            assertEquals(List.of("event", "ts", "rule", "scope", "relock_until", "seq"), new ArrayList<>(demotion.keySet()));
            assertEquals("daily_drawdown", demotion.getString("rule"));
            assertEquals("daily", demotion.getString("scope"));
            Instant at = Instant.parse(demotion.getString("ts"));
            midnight = LocalDate.ofInstant(at, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            assertEquals(midnight.toString(), demotion.getString("relock_until"));
            JsonObject change = stream.await(m -> is(m, "status_change"), WAIT);
            assertEquals("LIVE", change.getString("from"));
            assertEquals("DEMOTED", change.getString("to"));

            JsonObject agent = agent();
            assertEquals("DEMOTED", agent.getString("status"));
            assertEquals("paper", agent.getString("phase"));
            JsonObject lock = agent.getJsonObject("demotion");
            assertEquals("daily_drawdown", lock.getString("rule"));
            assertEquals(midnight.toString(), lock.getString("relock_until"));

            List<JsonObject> versions = http.get("/agents/current/config/versions").array()
                    .getValuesAs(JsonObject.class);
            assertEquals("running", versions.get(0).getString("outcome"));
            assertEquals(runningBefore, versions.get(1).getString("id"));
            assertEquals("demoted", versions.get(1).getString("outcome"));

            String locked = promote("{\"force\": true}").assertError(409, "LOCKED");
            assertTrue(locked.contains(midnight.toString()), locked);

            // just before midnight nothing happens (the clock runs on from where it is put); at midnight live resumes
            http.postJson("/test-probe/clock", "{\"to\": \"" + midnight.minusSeconds(10) + "\"}");
            http.postJson("/test-probe/lifecycle/review", "{}");
            assertEquals("DEMOTED", agent().getString("status"));
            http.postJson("/test-probe/clock", "{\"to\": \"" + midnight + "\"}");
            http.postJson("/test-probe/lifecycle/review", "{}");
            JsonObject resumed = stream.await(m -> is(m, "status_change") && m.getString("from").equals("DEMOTED"),
                    WAIT);
            assertEquals("LIVE", resumed.getString("to"));
        }
        assertEquals("LIVE", agent().getString("status"));
        assertEquals(JsonValue.NULL, agent().get("demotion"));
    }

    @Test
    void aMaxBreachLocksUntilAPersonPromotesAgain() throws Exception {
        liveByForce();
        assertEquals(204, http.postJson("/test-probe/lifecycle/live-breach",
                "{\"rule\": \"max_drawdown\", \"scope\": \"max\"}").status());
        JsonObject agent = agent();
        assertEquals("DEMOTED", agent.getString("status"));
        assertEquals("max", agent.getJsonObject("demotion").getString("scope"));
        assertEquals(JsonValue.NULL, agent.getJsonObject("demotion").get("relock_until"));
        http.postJson("/test-probe/clock", "{\"to\": \"" + Instant.now().plusSeconds(3 * 86_400) + "\"}");
        http.postJson("/test-probe/lifecycle/review", "{}");
        assertEquals("DEMOTED", agent().getString("status"), "a max breach never relocks by itself");

        promote(null).assertError(409, "NOT_ELIGIBLE"); // the fresh run has not earned it
        assertEquals(200, promote("{\"force\": true}").status());
        assertEquals("LIVE", agent().getString("status"));
    }

    @Test
    void demoteReturnsTheAgentOnPaperAndIsIdempotent() throws Exception {
        liveByForce();
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            Http.Answer answer = http.send("POST", "/agents/current/demote", null, null);
            assertEquals(200, answer.status(), answer.body());
            assertEquals("PAPER", answer.object().getString("status"));
            assertEquals("paper", answer.object().getString("phase"));
            assertEquals("seed", answer.object().getString("id"));
            JsonObject change = stream.await(m -> is(m, "status_change"), WAIT);
            assertEquals("LIVE", change.getString("from"));
            assertEquals("PAPER", change.getString("to"));
        }
        int entries = journal("STATUS_CHANGE").size();
        Http.Answer again = http.postJson("/agents/current/demote", "{}");
        assertEquals(200, again.status());
        assertEquals("PAPER", again.object().getString("status"));
        assertEquals(entries, journal("STATUS_CHANGE").size());
        http.postJson("/agents/current/demote", "{\"now\": true}").assertError(400, "VALIDATION_FAILED");
    }

    @Test
    void theKillSwitchRevokesSigningUntilAPersonProvisionsItWithThePhrase() {
        paperWithAFreshRun();
        int kills = journal("KILL").size();
        int provisions = journal("SIGNER_SESSION").size();
        String running = http.get("/agents/current/config").object().getString("config_version_id");
        http.postJson("/agents/current/kill-switch", "{\"reason\": 42}").assertError(400, "VALIDATION_FAILED");
        http.postJson("/agents/current/kill-switch", "{\"reason\": \"" + "x".repeat(501) + "\"}")
                .assertError(400, "VALIDATION_FAILED");
        assertEquals("active", http.get("/agents/current/signer").object().getString("session"));

        Http.Answer answer = http.postJson("/agents/current/kill-switch", "{\"reason\": \"stepping away\"}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("{\"twak_session\":\"revoked\"}", answer.body());
        JsonObject signer = http.get("/agents/current/signer").object();
        assertEquals("revoked", signer.getString("session"));
        assertEquals("stepping away", signer.getString("revoked_reason"));
        JsonObject kill = journal("KILL").get(0);
        assertTrue(kill.getString("body").contains("stepping away"), kill.getString("body"));
        List<JsonObject> versions = http.get("/agents/current/config/versions").array().getValuesAs(JsonObject.class);
        assertEquals(running, versions.get(1).getString("id"));
        assertEquals("killed", versions.get(1).getString("outcome"));
        assertEquals("running", versions.get(0).getString("outcome"));

        // a second pull changes nothing and ends no second run
        assertEquals("{\"twak_session\":\"revoked\"}",
                http.send("POST", "/agents/current/kill-switch", null, null).body());
        assertEquals(kills + 1, journal("KILL").size());
        assertEquals("running", http.get("/agents/current/config/versions").array().getJsonObject(0)
                .getString("outcome"));

        assertTrue(promote("{\"force\": true}").assertError(409, "SIGNER_REVOKED").contains("provision"));
        http.send("POST", "/agents/current/signer/session", null, null).assertError(400, "VALIDATION_FAILED");
        http.postJson("/agents/current/signer/session", "{\"confirm\": \"yes\"}").assertError(400, "VALIDATION_FAILED");
        assertEquals("revoked", http.get("/agents/current/signer").object().getString("session"));

        Http.Answer provisioned = http.postJson("/agents/current/signer/session",
                "{\"confirm\": \"provision signing\"}");
        assertEquals(200, provisioned.status(), provisioned.body());
        assertEquals("{\"twak_session\":\"active\"}", provisioned.body());
        assertEquals("active", http.get("/agents/current/signer").object().getString("session"));
        assertEquals(provisions + 1, journal("SIGNER_SESSION").size());
    }

    @Test
    void concurrentLifecycleCallsEndConsistent() throws Exception {
        paperWithAFreshRun();
        String[][] calls = {
                {"/agents/current/promote", "{\"force\": true}"},
                {"/agents/current/demote", "{}"},
                {"/agents/current/kill-switch", "{}"},
                {"/agents/current/signer/session", "{\"confirm\": \"provision signing\"}"}};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String[] call = calls[i % calls.length];
                tasks.add(() -> http.postJson(call[0], call[1]).status());
            }
            for (Future<Integer> status : pool.invokeAll(tasks)) {
                int code = status.get();
                assertTrue(code == 200 || code == 409, "a lifecycle call answered " + code);
            }
        } finally {
            pool.shutdown();
        }
        // every recorded transition starts where the previous one ended, and the last is where the agent is
        List<JsonObject> changes = new ArrayList<>(journal("STATUS_CHANGE"));
        java.util.Collections.reverse(changes);
        String at = "PAPER";
        for (JsonObject change : changes) {
            List<String> tags = strings(change.getJsonArray("tags"));
            assertEquals(at, tags.get(1), "a transition from a status the agent was not in: " + change);
            at = tags.get(2);
        }
        assertEquals(at, agent().getString("status"));
        long running = http.get("/agents/current/config/versions").array().getValuesAs(JsonObject.class).stream()
                .filter(v -> v.getString("outcome").equals("running")).count();
        assertEquals(1, running);
        String session = http.get("/agents/current/signer").object().getString("session");
        int kills = journal("KILL").size();
        int provisions = journal("SIGNER_SESSION").size();
        assertEquals(session.equals("revoked") ? provisions + 1 : provisions, kills,
                "every revocation but the standing one was followed by exactly one provisioning");

        // the other test classes share this database: leave the agent as a fresh one is, on paper and able to sign
        assertEquals("PAPER", http.postJson("/agents/current/demote", "{}").object().getString("status"));
        http.postJson("/agents/current/signer/session", "{\"confirm\": \"provision signing\"}");
        assertEquals("active", http.get("/agents/current/signer").object().getString("session"));
    }
}
