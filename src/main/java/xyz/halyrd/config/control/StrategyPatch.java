package xyz.halyrd.config.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.Set;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * A validated {@code PATCH /agents/{id}/config} body that attaches a strategy: a full {@code strategy_spec} (checked
 * by the one spec validator) or the {@code backtest_id} whose spec to take, and {@code force} to attach without a
 * passed backtest. The rule: a strategy is attached only when a done backtest of exactly its spec passed the gate,
 * or when forced.
 */
public record StrategyPatch(Optional<StrategySpec> spec, Optional<String> backtestId, boolean force) {

    public static final String STRATEGY_SPEC = "strategy_spec";
    public static final String BACKTEST_ID = "backtest_id";
    public static final String FORCE = "force";
    public static final String GATE_NOT_PASSED = "GATE_NOT_PASSED";
    private static final Set<String> FIELDS = Set.of(STRATEGY_SPEC, BACKTEST_ID, FORCE);

    /** Whether {@code body} asks to attach a strategy (else it is an evaluation-config patch). */
    public static boolean isAttach(JsonObject body) {
        return body != null && (body.containsKey(STRATEGY_SPEC) || body.containsKey(BACKTEST_ID));
    }

    public static StrategyPatch parse(JsonObject body) {
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw ApiException.validation(key, "unknown field (expected strategy_spec or backtest_id, and force)");
            }
        }
        if (body.containsKey(STRATEGY_SPEC) && body.containsKey(BACKTEST_ID)) {
            throw ApiException.validation(BACKTEST_ID, "give strategy_spec or backtest_id, not both");
        }
        Optional<StrategySpec> spec = Optional.empty();
        Optional<String> backtestId = Optional.empty();
        if (body.containsKey(STRATEGY_SPEC)) {
            JsonValue value = body.get(STRATEGY_SPEC);
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiException.validation(STRATEGY_SPEC, "must be an object");
            }
            spec = Optional.of(StrategySpecs.fromJson(value));
        } else {
            if (!(body.get(BACKTEST_ID) instanceof JsonString id) || id.getString().isBlank()) {
                throw ApiException.validation(BACKTEST_ID, "must be a backtest id such as \"bt_…\"");
            }
            backtestId = Optional.of(id.getString());
        }
        boolean force = false;
        if (body.containsKey(FORCE)) {
            JsonValue value = body.get(FORCE);
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                throw ApiException.validation(FORCE, "must be true or false");
            }
            force = value == JsonValue.TRUE;
        }
        return new StrategyPatch(spec, backtestId, force);
    }

    /** The spec to attach: the one given, or the one the named backtest ran. */
    public StrategySpec specFrom(StrategyEvidence evidence) {
        return spec.orElseGet(() -> evidence.specOf(backtestId.orElseThrow()));
    }

    /**
     * The rule: passes when {@code proof} passed or the patch is forced, and says which for the journal; otherwise
     * 409 {@code GATE_NOT_PASSED} with what is unmet.
     */
    public String admit(StrategyEvidence.Proof proof) {
        if (proof.passed()) {
            return proof.detail() + ".";
        }
        if (!force) {
            throw ApiException.conflict(GATE_NOT_PASSED, "The strategy is not attached: " + proof.detail()
                    + ". Run a backtest of this exact spec that passes the gate, or give \"force\": true.");
        }
        return "Forced without a passed backtest: " + proof.detail() + ".";
    }
}
