package xyz.halyrd.config.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.platform.ApiException;

/**
 * A validated {@code PATCH /agents/{id}/config} body: an optional preset applied first, then the given fields
 * merged over it. Every refusal names the field.
 */
public record EvaluationPatch(Optional<Preset> preset, Map<String, Number> fields) {

    public static final String EVALUATION_CONFIG = "evaluation_config";
    public static final String PRESET = "preset";
    static final String MAX_DD = "max_drawdown_pct";
    static final String DAILY_DD = "daily_drawdown_pct";
    static final String LOSSES = "max_consecutive_losses";
    static final String WINDOW = "eval_window_days";
    static final String FLOOR = "trade_floor";
    private static final List<String> PERCENTAGES = List.of(MAX_DD, DAILY_DD);
    private static final Map<String, Integer> INTEGER_LIMITS = Map.of(LOSSES, 100, WINDOW, 365, FLOOR, 10_000);
    private static final int MAX_SCALE = 4;

    /** Reads and checks a request body; nothing about the current config is needed yet. */
    public static EvaluationPatch parse(JsonObject body) {
        if (body == null) {
            throw ApiException.validation("body", "a JSON object is required");
        }
        for (String key : body.keySet()) {
            if (!key.equals(EVALUATION_CONFIG) && !key.equals(PRESET)) {
                throw ApiException.validation(key, "unknown field (expected evaluation_config and/or preset)");
            }
        }
        Optional<Preset> preset = Optional.empty();
        if (body.containsKey(PRESET)) {
            JsonValue value = body.get(PRESET);
            preset = value instanceof JsonString name ? Preset.byWireName(name.getString()) : Optional.empty();
            if (preset.isEmpty()) {
                throw ApiException.validation(PRESET, "must be one of " + Stream.of(Preset.values())
                        .map(Preset::wire).collect(Collectors.joining(", ")));
            }
        }
        Map<String, Number> fields = new LinkedHashMap<>();
        if (body.containsKey(EVALUATION_CONFIG)) {
            if (!(body.get(EVALUATION_CONFIG) instanceof JsonObject config)) {
                throw ApiException.validation(EVALUATION_CONFIG, "must be a JSON object");
            }
            for (Map.Entry<String, JsonValue> field : config.entrySet()) {
                fields.put(field.getKey(), value(field.getKey(), field.getValue()));
            }
        }
        if (preset.isEmpty() && fields.isEmpty()) {
            throw ApiException.validation(EVALUATION_CONFIG,
                    "the patch is empty: give at least one field, or a preset");
        }
        return new EvaluationPatch(preset, fields);
    }

    private static Number value(String name, JsonValue value) {
        if (PERCENTAGES.contains(name)) {
            BigDecimal pct = number(name, value, "a percentage").bigDecimalValue();
            if (pct.signum() <= 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw ApiException.validation(name, "must be more than 0 and at most 100 (got " + pct.toPlainString() + ")");
            }
            if (pct.stripTrailingZeros().scale() > MAX_SCALE) {
                throw ApiException.validation(name, "at most " + MAX_SCALE + " decimal places");
            }
            return pct;
        }
        Integer limit = INTEGER_LIMITS.get(name);
        if (limit == null) {
            throw ApiException.validation(name, "unknown field (expected " + String.join(", ",
                    Stream.concat(PERCENTAGES.stream(), Stream.of(LOSSES, WINDOW, FLOOR)).toList()) + ")");
        }
        JsonNumber number = number(name, value, "a whole number");
        if (!number.isIntegral()) {
            throw ApiException.validation(name, "must be a whole number (got " + number + ")");
        }
        BigDecimal whole = number.bigDecimalValue();
        if (whole.compareTo(BigDecimal.ONE) < 0 || whole.compareTo(BigDecimal.valueOf(limit)) > 0) {
            throw ApiException.validation(name, "must be from 1 to " + limit + " (got " + whole.toPlainString() + ")");
        }
        return whole.intValueExact();
    }

    private static JsonNumber number(String name, JsonValue value, String what) {
        if (value instanceof JsonNumber number) {
            return number;
        }
        throw ApiException.validation(name, "must be " + what + ", not " + (value.getValueType() == JsonValue.ValueType.NULL
                ? "null" : value.getValueType().name().toLowerCase()));
    }

    /** The config this patch makes of {@code current}: the preset's values if one is named, then the fields. */
    public EvaluationConfig applyTo(EvaluationConfig current) {
        EvaluationConfig base = preset.map(Preset::config).orElse(current);
        BigDecimal maxDd = (BigDecimal) fields.getOrDefault(MAX_DD, base.maxDrawdownPct());
        BigDecimal dailyDd = (BigDecimal) fields.getOrDefault(DAILY_DD, base.dailyDrawdownPct());
        if (dailyDd.compareTo(maxDd) > 0) {
            throw ApiException.validation(DAILY_DD, "must not exceed max_drawdown_pct (" + dailyDd.toPlainString()
                    + " > " + maxDd.toPlainString() + ")");
        }
        return new EvaluationConfig(maxDd, dailyDd,
                (Integer) fields.getOrDefault(LOSSES, base.maxConsecutiveLosses()),
                (Integer) fields.getOrDefault(WINDOW, base.evalWindowDays()),
                (Integer) fields.getOrDefault(FLOOR, base.tradeFloor()));
    }

    /** {@code conservative preset} when only a preset is named, else the full summary of the result. */
    public String summaryOf(EvaluationConfig result) {
        return preset.isPresent() && fields.isEmpty() ? preset.get().wire() + " preset" : result.summary();
    }
}
