package xyz.halyrd.strategy.control;

import java.util.OptionalDouble;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.strategy.entity.Indicators;

/**
 * Exponential moving average of closes with {@code alpha = 2/(window+1)}, seeded with the simple average of the
 * first {@code window} closes so its first value does not lean on a single price.
 *
 * <p>Statistics, not money: {@code double} throughout. Not thread-safe.
 */
public final class Ema {

    private final int window;
    private final double alpha;
    private long count;
    private double seedSum;
    private double ema;

    public Ema(int window) {
        this.window = Indicators.requireWindow(window, 1);
        this.alpha = 2.0 / (window + 1);
    }

    public int window() {
        return window;
    }

    public void update(Candle candle) {
        update(candle.close().doubleValue());
    }

    public void update(double close) {
        Indicators.requireFinite(close);
        count++;
        if (count < window) {
            seedSum += close;
        } else if (count == window) {
            ema = (seedSum + close) / window;
        } else {
            ema += alpha * (close - ema);
        }
    }

    /** True once {@code window} closes have been seen. */
    public boolean isReady() {
        return count >= window;
    }

    /** The average, or empty while fewer than {@code window} closes have been seen. */
    public OptionalDouble value() {
        return isReady() ? OptionalDouble.of(ema) : OptionalDouble.empty();
    }
}
