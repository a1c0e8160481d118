package xyz.halyrd.strategy.entity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;

/**
 * What is known about one token's indicators at one moment, by indicator name and window; whatever is absent is
 * unknown, and the signal engine never guesses it. A handful of values, looked up by a plain scan: one is built for
 * every token on every pass and every backtest bar.
 *
 * <p>Immutable in what it answers. Values given {@link #onRead} are worked out when first asked for: a rule decided
 * by its first condition never computes the others (an RSI is the dearest of them, and most bars are decided by the
 * distance to the average). Such values are read on one thread, the turn's that built them.
 */
public final class IndicatorValues {

    /** An indicator and its window in candles; no window for the indicators fed in as published. */
    public record Key(String indicator, OptionalInt window) {

        public Key {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(window, "window");
        }
    }

    private static final double[] NO_VALUES = {};

    private final String token;
    /** Immutable. */
    private final List<Key> keys;
    private final double[] values;
    /** What works out the value at an index not read yet; null once every value is known. */
    private IntToDoubleFunction compute;
    /** Which values {@link #compute} has worked out, a bit an index. */
    private long computed;

    private IndicatorValues(String token, List<Key> keys, double[] values) {
        this.token = Objects.requireNonNull(token, "token");
        this.keys = keys;
        this.values = values;
    }

    /**
     * The values of {@code keys} (distinct), the one at index {@code i} worked out by {@code compute} when it is
     * first asked for; one that is not finite is unknown, as with {@link #of(String, List, double[])}.
     */
    public static IndicatorValues onRead(String token, List<Key> keys, IntToDoubleFunction compute) {
        List<Key> all = List.copyOf(keys); // no copy of a list that is immutable already, as a reading's is
        if (all.size() > Long.SIZE) { // a valid spec names at most 3 × StrategySpecs.MAX_CONDITIONS = 60
            throw new IllegalArgumentException(all.size() + " indicators; at most " + Long.SIZE + " are read on demand");
        }
        IndicatorValues values = new IndicatorValues(token, all, new double[all.size()]);
        values.compute = Objects.requireNonNull(compute, "compute");
        return values;
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
        return count == 0 ? known : new IndicatorValues(token, List.of(knownKeys), knownValues);
    }

    /** Nothing known yet about this token. */
    public static IndicatorValues of(String token) {
        return new IndicatorValues(token, List.of(), NO_VALUES);
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
        if (compute != null) {
            return known().with(key, value);
        }
        int at = indexOf(key.indicator(), key.window());
        boolean known = value.isPresent() && Double.isFinite(value.getAsDouble());
        if (!known) {
            if (at < 0) {
                return this;
            }
            List<Key> fewerKeys = new ArrayList<>(keys);
            fewerKeys.remove(at);
            double[] fewerValues = new double[values.length - 1];
            System.arraycopy(values, 0, fewerValues, 0, at);
            System.arraycopy(values, at + 1, fewerValues, at, values.length - at - 1);
            return new IndicatorValues(token, List.copyOf(fewerKeys), fewerValues);
        }
        if (at >= 0) {
            double[] changed = values.clone();
            changed[at] = value.getAsDouble();
            return new IndicatorValues(token, keys, changed);
        }
        List<Key> moreKeys = new ArrayList<>(keys);
        moreKeys.add(key);
        double[] moreValues = Arrays.copyOf(values, values.length + 1);
        moreValues[values.length] = value.getAsDouble();
        return new IndicatorValues(token, List.copyOf(moreKeys), moreValues);
    }

    public OptionalDouble value(String indicator, OptionalInt window) {
        double value = valueOrNaN(indicator, window);
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** {@link #value} as a plain double, NaN when unknown: what a decision reads on every bar, without an Optional. */
    public double valueOrNaN(String indicator, OptionalInt window) {
        int at = indexOf(indicator, window);
        if (at < 0) {
            return Double.NaN;
        }
        double value = valueAt(at);
        return Double.isFinite(value) ? value : Double.NaN;
    }

    private double valueAt(int at) {
        if (compute != null && (computed & 1L << at) == 0) {
            values[at] = compute.applyAsDouble(at);
            computed |= 1L << at;
        }
        return values[at];
    }

    /** The same values, every one worked out and only the known ones kept. */
    private IndicatorValues known() {
        if (compute == null) {
            return this;
        }
        double[] all = new double[keys.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = valueAt(i);
        }
        return of(token, keys, all);
    }

    private int indexOf(String indicator, OptionalInt window) {
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            if (key.indicator().equals(indicator) && key.window().equals(window)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        if (compute != null) {
            return known().toString();
        }
        StringBuilder text = new StringBuilder("IndicatorValues[").append(token);
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            text.append(", ").append(key.indicator()).append(key.window().isPresent()
                    ? "(" + key.window().getAsInt() + ")" : "").append('=').append(values[i]);
        }
        return text.append(']').toString();
    }
}
