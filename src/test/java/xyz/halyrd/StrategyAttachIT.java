package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attaching a strategy through PATCH /agents/current/config: invalid specs refused naming the field, refused with
 * 409 GATE_NOT_PASSED without a passed backtest of the exact spec (nothing changed), and forced. The pass path (a
 * passed run admits the spec, compared by value) is StrategyAttachTest's, in-process: no spec and window passes the
 * gate both quickly and surely on the simulated market.
 */
class StrategyAttachIT extends DeployedHalyrd {

    private static final List<String> CREATED_FIELDS = List.of("id", "parent_id", "params_summary", "created_at");

    private static String spec(String name) {
        return "{\"market_mode\":\"spot\",\"name\":\"" + name + "\",\"signals\":{\"entry\":{\"all_of\":["
                + "{\"indicator\":\"rsi\",\"op\":\"<=\",\"value\":30,\"window\":14}]},\"exit\":{\"any_of\":["
                + "{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":55,\"window\":14}]}},"
                + "\"params\":{\"position_size_pct\":50,\"max_concurrent\":2,\"expected_move_pct\":2}}";
    }

    @Test
    void invalidAttachesAreRefusedNamingTheFieldAndChangeNothing() {
        int versions = configVersions().size();
        assertTrue(patchConfig("{\"strategy_spec\":" + spec("bad").replace("\"position_size_pct\":50",
                "\"position_size_pct\":0") + "}").assertError(400, "VALIDATION_FAILED")
                .startsWith("params.position_size_pct: "));
        assertTrue(patchConfig("{\"strategy_spec\":" + spec("bad").replace("\"expected_move_pct\":2",
                "\"expected_move_pct\":-1") + "}").assertError(400, "VALIDATION_FAILED")
                .startsWith("params.expected_move_pct: "));
        assertTrue(patchConfig("{\"strategy_spec\":" + spec("bad").replace("\"entry\":{", "\"short\":{") + "}")
                .assertError(400, "MARKET_MODE_MISMATCH").startsWith("signals.short"));
        assertEquals("backtest_id: give strategy_spec or backtest_id, not both", patchConfig("{\"strategy_spec\":"
                + spec("both") + ",\"backtest_id\":\"bt_x\"}").assertError(400, "VALIDATION_FAILED"));
        assertEquals("force: must be true or false", patchConfig("{\"strategy_spec\":" + spec("f") + ",\"force\":1}")
                .assertError(400, "VALIDATION_FAILED"));
        patchConfig("{\"backtest_id\":\"bt_nosuchrun\"}").assertError(404, "BACKTEST_NOT_FOUND");
        assertEquals(versions, configVersions().size());
    }

    @Test
    void withoutAPassedBacktestOfTheExactSpecTheAttachIsAConflictAndNothingChanges() {
        JsonObject before = currentConfig();
        int versions = configVersions().size();
        String message = patchConfig("{\"strategy_spec\":" + spec("never-backtested") + "}")
                .assertError(409, "GATE_NOT_PASSED");
        assertEquals("The strategy is not attached: no done backtest of this exact spec (never-backtested) has passed"
                + " the gate. Run a backtest of this exact spec that passes the gate, or give \"force\": true.", message);

        // a done run of the spec that did not pass: its unmet criteria (two hours hold too few trades)
        Http.Answer queued = http.postJson("/backtests", "{\"strategy_spec\":" + spec("two-hours") + ",\"tokens\":"
                + "[\"ETH\"],\"from\":\"2026-11-20T00:00:00Z\",\"to\":\"2026-11-20T02:00:00Z\",\"resolution\":\"1h\"}");
        assertEquals(202, queued.status(), queued.toString());
        String id = queued.object().getString("backtest_id");
        await().atMost(Duration.ofSeconds(90)).until(() -> "done".equals(
                http.get("/backtests/" + id).object().getString("status")));
        JsonObject run = http.get("/backtests/" + id).object();
        assertFalse(run.getBoolean("passed_gate"));
        String reasons = String.join("; ", strings(run.getJsonObject("metrics").getJsonObject("gate")
                .getJsonArray("reasons")));
        assertEquals("The strategy is not attached: backtest " + id + " of this spec does not pass the gate of the current evaluation config: "
                + reasons
                + ". Run a backtest of this exact spec that passes the gate, or give \"force\": true.",
                patchConfig("{\"backtest_id\":\"" + id + "\"}").assertError(409, "GATE_NOT_PASSED"));

        assertEquals(versions, configVersions().size());
        assertEquals(before, currentConfig());
    }

    @Test
    void aForcedAttachIsANewVersionRunningTheSpecAndTheJournalSaysItWasForced() {
        JsonObject before = currentConfig();
        Http.Answer answer = patchConfig("{\"strategy_spec\":" + spec("rsi-forced") + ",\"force\":true}");
        assertEquals(200, answer.status(), answer.toString());
        JsonObject created = answer.object();
        assertEquals(CREATED_FIELDS, new ArrayList<>(created.keySet()));
        assertEquals(before.getString("config_version_id"), created.getString("parent_id"));
        assertEquals("strategy=rsi-forced", created.getString("params_summary"));

        JsonObject current = currentConfig();
        assertEquals(created.getString("id"), current.getString("config_version_id"));
        assertEquals("rsi-forced", current.getJsonObject("strategy").getString("name"));
        assertEquals(2, current.getJsonObject("strategy").getJsonObject("params").getInt("expected_move_pct"));
        assertEquals(before.getJsonObject("evaluation_config"), current.getJsonObject("evaluation_config"));
        assertEquals(before.getJsonArray("watchlist"), current.getJsonArray("watchlist"));
        JsonArray versions = configVersions();
        assertEquals("rsi-forced", versions.getJsonObject(0).getJsonObject("strategy").getString("name"));
        assertEquals("running", versions.getJsonObject(0).getString("outcome"));
        assertEquals("superseded", versions.getJsonObject(1).getString("outcome"));

        JsonObject entry = http.get("/agents/current/journal?type=CONFIG_CHANGE&limit=1").array().getJsonObject(0);
        assertEquals(created.getString("id"), entry.getString("config_version_id"));
        assertTrue(strings(entry.getJsonArray("tags")).containsAll(List.of("strategy", "forced")), entry.toString());
        assertTrue(entry.getString("body").contains("Forced without a passed backtest: no done backtest of"
                + " this exact spec (rsi-forced) has passed the gate."), entry.toString());

        // the same spec again changes nothing; the strategy the agent ran before comes back the same way
        assertEquals(created.getString("id"), patchConfig("{\"strategy_spec\":" + spec("rsi-forced") + "}").object()
                .getString("id"));
        Http.Answer back = patchConfig("{\"strategy_spec\":" + before.getJsonObject("strategy") + ",\"force\":true}");
        assertEquals(200, back.status(), back.toString());
        assertEquals(before.getJsonObject("strategy"), currentConfig().getJsonObject("strategy"));
    }
}
