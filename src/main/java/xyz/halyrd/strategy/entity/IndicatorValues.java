package xyz.halyrd.strategy.entity;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What is known about one token's indicators at one moment, by indicator name and window; whatever is absent is
 * unknown, and the signal engine never guesses it. Immutable.
 */
public record IndicatorValues(String token, Map<Key, Double> known) {

    /** An indicator and its window in candles; no window for the indicators fed in as published. */
    public record Key(String indicator, OptionalInt window) {

        public Key {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(window, "window");
        }
    }

    public IndicatorValues {
        Objects.requireNonNull(token, "token");
        known = Map.copyOf(known);
        if (known.values().stream().anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("indicator values must be finite; leave unknown ones out");
        }
    }

    /** Nothing known yet about this token. */
    public static IndicatorValues of(String token) {
        return new IndicatorValues(token, Map.of());
    }

    public IndicatorValues with(String indicator, int window, double value) {
        return with(new Key(indicator, OptionalInt.of(window)), OptionalDouble.of(value));
    }

    public IndicatorValues with(String indicator, double value) {
        return with(new Key(indicator, OptionalInt.empty()), OptionalDouble.of(value));
    }

    /**
     * With this value, or with it unknown when empty or not finite: an indicator still warming up, or a NaN from a
     * division by zero, can neither pass nor fail a comparison honestly.
     */
    public IndicatorValues with(Key key, OptionalDouble value) {
        Map<Key, Double> next = new HashMap<>(known);
        if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
            next.put(key, value.getAsDouble());
        } else {
            next.remove(key);
        }
        return new IndicatorValues(token, next);
    }

    public OptionalDouble value(String indicator, OptionalInt window) {
        Double value = known.get(new Key(indicator, window));
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
