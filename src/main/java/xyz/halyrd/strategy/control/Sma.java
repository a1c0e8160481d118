package xyz.halyrd.strategy.control;

import java.util.OptionalDouble;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.strategy.entity.Indicators;

/**
 * Simple moving average of the last {@code window} closes, updated in constant time per close.
 *
 * <p>Indicator values are statistics, not money, so this works in {@code double}; prices arrive as
 * {@code BigDecimal} and are converted once, in {@link #update(Candle)}. Not thread-safe: one instance belongs to
 * one series.
 */
public final class Sma {

    private final int window;
    private final double[] ring;
    private int next;
    private long count;
    private double sum;

    public Sma(int window) {
        this.window = Indicators.requireWindow(window, 1);
        this.ring = new double[window];
    }

    public int window() {
        return window;
    }

    public void update(Candle candle) {
        update(candle.close().doubleValue());
    }

    public void update(double close) {
        Indicators.requireFinite(close);
        double leaving = ring[next];
        ring[next] = close;
        next = next + 1 == window ? 0 : next + 1;
        count++;
        if (next == 0) {
            // Re-add the window once per turn of the ring (amortised O(1)), so the rounding error of the running
            // add/subtract cannot drift without bound over months of candles.
            double fresh = 0;
            for (double value : ring) {
                fresh += value;
            }
            sum = fresh;
        } else {
            sum += close - (count > window ? leaving : 0);
        }
    }

    /** The average of the last {@code window} of {@code closes} (oldest first), or empty when there are fewer. */
    public static OptionalDouble ofLast(Closes closes, int window) {
        Indicators.requireWindow(window, 1);
        int size = closes.size();
        if (size < window) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(closes.sumOfLast(window) / window);
    }

    /** True once {@code window} closes have been seen. */
    public boolean isReady() {
        return count >= window;
    }

    /** The average, or empty while fewer than {@code window} closes have been seen. */
    public OptionalDouble value() {
        return isReady() ? OptionalDouble.of(sum / window) : OptionalDouble.empty();
    }
}
