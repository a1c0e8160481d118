package xyz.halyrd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.config.control.StrategyEvidence.Proof;
import xyz.halyrd.config.control.StrategyPatch;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/** The attach body and its rule: attached only when a backtest of the exact spec passed the gate, or when forced. */
class StrategyPatchTest {

    static final String SPEC = StrategySpecs.toJson(StrategySpec.meanReversion()).toString();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aSpecOrABacktestIdIsAnAttachAnythingElseAnEvaluationPatch() {
        assertTrue(StrategyPatch.isAttach(json("{\"strategy_spec\":" + SPEC + "}")));
        assertTrue(StrategyPatch.isAttach(json("{\"backtest_id\":\"bt_1\",\"force\":true}")));
        assertFalse(StrategyPatch.isAttach(json("{\"preset\":\"balanced\"}")));
        assertFalse(StrategyPatch.isAttach(null));
    }

    @Test
    void theBodyIsReadStrictly() {
        StrategyPatch bySpec = StrategyPatch.parse(json("{\"strategy_spec\":" + SPEC + "}"));
        assertEquals(Optional.of(StrategySpec.meanReversion()), bySpec.spec());
        assertFalse(bySpec.force());
        StrategyPatch byRun = StrategyPatch.parse(json("{\"backtest_id\":\"bt_7\",\"force\":true}"));
        assertEquals(Optional.of("bt_7"), byRun.backtestId());
        assertTrue(byRun.force());
        refused("backtest_id: give strategy_spec or backtest_id, not both",
                "{\"strategy_spec\":" + SPEC + ",\"backtest_id\":\"bt_7\"}");
        refused("force: must be true or false", "{\"backtest_id\":\"bt_7\",\"force\":\"yes\"}");
        refused("backtest_id: must be a backtest id such as \"bt_…\"", "{\"backtest_id\":7}");
        refused("strategy_spec: must be an object", "{\"strategy_spec\":\"mean-reversion-v1\"}");
        refused("preset: unknown field (expected strategy_spec or backtest_id, and force)",
                "{\"backtest_id\":\"bt_7\",\"preset\":\"balanced\"}");
        refused("params.position_size_pct: must be more than 0 and at most 100 (got 0)",
                "{\"strategy_spec\":" + SPEC.replace("\"position_size_pct\":90", "\"position_size_pct\":0") + "}");
    }

    @Test
    void aPassedBacktestAdmitsTheSpec() {
        assertEquals("Backtest bt_1 of this spec passed the gate.", StrategyPatch.parse(json(
                "{\"backtest_id\":\"bt_1\"}")).admit(new Proof(true, "Backtest bt_1 of this spec passed the gate",
                        Optional.empty())));
    }

    @Test
    void withoutOneItIsAConflictNamingWhatIsUnmetUnlessForced() {
        Proof unmet = Proof.unmet("backtest bt_2 of this spec did not pass the gate: 0 trades out of sample");
        ApiException refused = assertThrows(ApiException.class,
                () -> StrategyPatch.parse(json("{\"backtest_id\":\"bt_2\"}")).admit(unmet));
        assertEquals(409, refused.status().getStatusCode());
        assertEquals("GATE_NOT_PASSED", refused.code());
        assertEquals("The strategy is not attached: backtest bt_2 of this spec did not pass the gate: 0 trades out of"
                + " sample. Run a backtest of this exact spec that passes the gate, or give \"force\": true.",
                refused.getMessage());
        assertEquals("Forced without a passed backtest: backtest bt_2 of this spec did not pass the gate: 0 trades"
                + " out of sample.", StrategyPatch.parse(json("{\"backtest_id\":\"bt_2\",\"force\":true}")).admit(unmet));
    }

    private static void refused(String message, String body) {
        ApiException refused = assertThrows(ApiException.class, () -> StrategyPatch.parse(json(body)));
        assertEquals(400, refused.status().getStatusCode());
        assertEquals(message, refused.getMessage());
    }
}
