package xyz.halyrd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.config.control.EvaluationPatch;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.config.entity.Outcome;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.platform.ApiException;

class EvaluationPatchTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void fieldsMergeOverTheCurrentConfig() {
        EvaluationConfig result = EvaluationPatch.parse(json("{\"evaluation_config\": {\"trade_floor\": 12}}"))
                .applyTo(Preset.BALANCED.config());
        assertEquals(new EvaluationConfig(new BigDecimal("20"), new BigDecimal("8"), 4, 7, 12), result);
        assertEquals("max_dd=20%, daily_dd=8%, window=7d, floor=12, losses=4", result.summary());
    }

    @Test
    void aPresetReplacesTheBaseAndFieldsOverrideIt() {
        EvaluationPatch patch = EvaluationPatch.parse(json(
                "{\"preset\": \"conservative\", \"evaluation_config\": {\"max_drawdown_pct\": 12.5}}"));
        EvaluationConfig result = patch.applyTo(Preset.AGGRESSIVE.config());
        assertEquals(new EvaluationConfig(new BigDecimal("12.5"), new BigDecimal("5"), 3, 14, 15), result);
        assertEquals("max_dd=12.5%, daily_dd=5%, window=14d, floor=15, losses=3", patch.summaryOf(result));

        EvaluationPatch presetOnly = EvaluationPatch.parse(json("{\"preset\": \"aggressive\"}"));
        assertEquals("aggressive preset", presetOnly.summaryOf(presetOnly.applyTo(Preset.BALANCED.config())));
    }

    @Test
    void dailyDrawdownMayNotExceedMaxDrawdownAfterTheMerge() {
        EvaluationPatch patch = EvaluationPatch.parse(json("{\"evaluation_config\": {\"max_drawdown_pct\": 7}}"));
        ApiException refused = assertThrows(ApiException.class, () -> patch.applyTo(Preset.BALANCED.config()));
        assertEquals("VALIDATION_FAILED", refused.code());
        assertTrue(refused.getMessage().startsWith("daily_drawdown_pct:"), refused.getMessage());
        assertEquals(new BigDecimal("8"), EvaluationPatch.parse(json("{\"evaluation_config\": {\"max_drawdown_pct\": 8}}"))
                .applyTo(Preset.BALANCED.config()).maxDrawdownPct(), "equal is allowed");
    }

    @Test
    void equalValuesCompareEqualWhateverTheirScale() {
        assertEquals(Preset.BALANCED.config(), EvaluationPatch.parse(json(
                "{\"evaluation_config\": {\"max_drawdown_pct\": 20.000, \"daily_drawdown_pct\": 8.0}}"))
                .applyTo(Preset.BALANCED.config()));
    }

    @Test
    void aVersionEndsOnceAndItsChildNamesIt() {
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        ConfigVersion first = ConfigVersion.initial("cfv_1", t0, Preset.BALANCED.config(), List.of("ETH"),
                StrategySpec.meanReversion(), "balanced preset");
        ConfigVersion second = first.derive("cfv_2", t0.plusSeconds(60), Preset.CONSERVATIVE.config(), List.of("ETH"),
                "conservative preset");
        first.retire(t0.plusSeconds(60), Outcome.SUPERSEDED);

        assertEquals("cfv_1", second.parentId());
        assertEquals(Outcome.SUPERSEDED, first.outcome());
        assertEquals(t0.plusSeconds(60), first.runTo());
        assertTrue(second.isRunning());
        assertThrows(IllegalStateException.class, () -> first.retire(t0.plusSeconds(90), Outcome.KILLED));
        assertThrows(IllegalArgumentException.class, () -> second.retire(t0, Outcome.RUNNING));
    }
}
