package xyz.halyrd.strategy.control;

import java.util.OptionalDouble;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.strategy.entity.Indicators;

/**
 * Wilder's relative strength index over {@code window} close-to-close changes, 0 to 100.
 *
 * <p>The first average gain and loss are the plain means of the first {@code window} changes; after that each is
 * smoothed as {@code (previous * (window - 1) + current) / window} (computed as {@code previous * keep + current * share}). A window needs {@code window + 1} closes, since
 * the first close has no change. With no losses the RSI is 100 (or 50 if nothing moved at all), rather than the
 * division by zero the formula would give.
 *
 * <p>Statistics, not money: {@code double} throughout. Not thread-safe.
 */
public final class Rsi {

    private final int window;
    private final double keep;
    private final double share;
    private long changes;
    private double previousClose = Double.NaN;
    private double avgGain;
    private double avgLoss;

    public Rsi(int window) {
        this.window = Indicators.requireWindow(window, 1);
        this.keep = keep(window);
        this.share = share(window);
    }

    /**
     * Wilder's smoothing as two products, {@code previous × (window − 1)/window + current × 1/window}: the same
     * average as the textbook's division to the last bits, without a division on every close (a backtest smooths
     * millions of them).
     */
    private static double keep(int window) {
        return (window - 1.0) / window;
    }

    private static double share(int window) {
        return 1.0 / window;
    }

    public int window() {
        return window;
    }

    public void update(Candle candle) {
        update(candle.close().doubleValue());
    }

    public void update(double close) {
        Indicators.requireFinite(close);
        if (Double.isNaN(previousClose)) {
            previousClose = close;
            return;
        }
        double change = close - previousClose;
        previousClose = close;
        double gain = change > 0 ? change : 0;
        double loss = change < 0 ? -change : 0;
        changes++;
        if (changes <= window) {
            // While seeding, the averages hold running sums; they become means on the last seeding change.
            avgGain += gain;
            avgLoss += loss;
            if (changes == window) {
                avgGain /= window;
                avgLoss /= window;
            }
        } else {
            avgGain = avgGain * keep + gain * share;
            avgLoss = avgLoss * keep + loss * share;
        }
    }

    /**
     * The RSI of {@code closes} (oldest first), seeded on their first {@code window} changes and smoothed over the
     * rest: what {@link #update(double)} over them, then {@link #value()}, gives, without an instance.
     */
    public static OptionalDouble over(Closes closes, int window) {
        Indicators.requireWindow(window, 1);
        int size = closes.size();
        if (size <= window) {
            return OptionalDouble.empty();
        }
        double avgGain = 0;
        double avgLoss = 0;
        for (int i = 1; i <= window; i++) {
            double change = closes.get(i) - closes.get(i - 1);
            avgGain += change > 0 ? change : 0;
            avgLoss += change < 0 ? -change : 0;
        }
        avgGain /= window;
        avgLoss /= window;
        double keep = keep(window);
        double share = share(window);
        for (int i = window + 1; i < size; i++) {
            double change = closes.get(i) - closes.get(i - 1);
            avgGain = avgGain * keep + (change > 0 ? change : 0) * share;
            avgLoss = avgLoss * keep + (change < 0 ? -change : 0) * share;
        }
        return rsi(avgGain, avgLoss);
    }

    /** True once {@code window} changes, that is {@code window + 1} closes, have been seen. */
    public boolean isReady() {
        return changes >= window;
    }

    /** The RSI, or empty while fewer than {@code window + 1} closes have been seen. */
    public OptionalDouble value() {
        if (!isReady()) {
            return OptionalDouble.empty();
        }
        return rsi(avgGain, avgLoss);
    }

    private static OptionalDouble rsi(double avgGain, double avgLoss) {
        if (avgLoss == 0) {
            return OptionalDouble.of(avgGain > 0 ? 100 : 50);
        }
        return OptionalDouble.of(100 - 100 / (1 + avgGain / avgLoss));
    }
}
