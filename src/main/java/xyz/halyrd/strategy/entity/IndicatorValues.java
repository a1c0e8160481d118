package xyz.halyrd.strategy.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What is known about one token's indicators at one moment, by indicator name and window; whatever is absent is
 * unknown, and the signal engine never guesses it. Immutable. A handful of values, looked up by a plain scan: one
 * is built for every token on every pass and every backtest bar.
 */
public final class IndicatorValues {

    /** An indicator and its window in candles; no window for the indicators fed in as published. */
    public record Key(String indicator, OptionalInt window) {

        public Key {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(window, "window");
        }
    }

    private static final Key[] NO_KEYS = {};
    private static final double[] NO_VALUES = {};

    private final String token;
    private final Key[] keys;
    private final double[] values;

    private IndicatorValues(String token, Key[] keys, double[] values) {
        this.token = Objects.requireNonNull(token, "token");
        this.keys = keys;
        this.values = values;
    }

    /**
     * The values of {@code keys} (distinct), in their order; a value that is not finite (an indicator still warming
     * up, a NaN from a division by zero) is unknown.
     */
    public static IndicatorValues of(String token, List<Key> keys, double[] values) {
        if (keys.size() != values.length) {
            throw new IllegalArgumentException(keys.size() + " keys for " + values.length + " values");
        }
        IndicatorValues known = of(token);
        int count = 0;
        for (double value : values) {
            count += Double.isFinite(value) ? 1 : 0;
        }
        Key[] knownKeys = new Key[count];
        double[] knownValues = new double[count];
        for (int i = 0, at = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                knownKeys[at] = Objects.requireNonNull(keys.get(i), "key");
                knownValues[at++] = values[i];
            }
        }
        return count == 0 ? known : new IndicatorValues(token, knownKeys, knownValues);
    }

    /** Nothing known yet about this token. */
    public static IndicatorValues of(String token) {
        return new IndicatorValues(token, NO_KEYS, NO_VALUES);
    }

    public String token() {
        return token;
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
        Objects.requireNonNull(key, "key");
        int at = indexOf(key.indicator(), key.window());
        boolean known = value.isPresent() && Double.isFinite(value.getAsDouble());
        if (!known) {
            if (at < 0) {
                return this;
            }
            Key[] fewerKeys = new Key[keys.length - 1];
            double[] fewerValues = new double[values.length - 1];
            System.arraycopy(keys, 0, fewerKeys, 0, at);
            System.arraycopy(keys, at + 1, fewerKeys, at, keys.length - at - 1);
            System.arraycopy(values, 0, fewerValues, 0, at);
            System.arraycopy(values, at + 1, fewerValues, at, values.length - at - 1);
            return new IndicatorValues(token, fewerKeys, fewerValues);
        }
        if (at >= 0) {
            double[] changed = values.clone();
            changed[at] = value.getAsDouble();
            return new IndicatorValues(token, keys, changed);
        }
        Key[] moreKeys = Arrays.copyOf(keys, keys.length + 1);
        double[] moreValues = Arrays.copyOf(values, values.length + 1);
        moreKeys[keys.length] = key;
        moreValues[values.length] = value.getAsDouble();
        return new IndicatorValues(token, moreKeys, moreValues);
    }

    public OptionalDouble value(String indicator, OptionalInt window) {
        int at = indexOf(indicator, window);
        return at < 0 ? OptionalDouble.empty() : OptionalDouble.of(values[at]);
    }

    private int indexOf(String indicator, OptionalInt window) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].indicator().equals(indicator) && keys[i].window().equals(window)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("IndicatorValues[").append(token);
        for (int i = 0; i < keys.length; i++) {
            text.append(", ").append(keys[i].indicator()).append(keys[i].window().isPresent()
                    ? "(" + keys[i].window().getAsInt() + ")" : "").append('=').append(values[i]);
        }
        return text.append(']').toString();
    }
}
