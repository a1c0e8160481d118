package xyz.halyrd.strategy.control;

import java.util.OptionalDouble;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;

/**
 * How far the latest close sits from its simple moving average, as a fraction: {@code close / SMA - 1}, so
 * {@code -0.05} means 5 % below the average. The average includes the latest close, as charting tools draw it.
 *
 * <p>Statistics, not money: {@code double} throughout. Not thread-safe.
 */
public final class PriceVsSma {

    private final Sma sma;
    private double lastClose;

    public PriceVsSma(int window) {
        this.sma = new Sma(window);
    }

    public int window() {
        return sma.window();
    }

    public void update(Candle candle) {
        update(candle.close().doubleValue());
    }

    public void update(double close) {
        sma.update(close);
        lastClose = close;
    }

    /** The deviation of the last of {@code closes} (oldest first) from the average of the last {@code window}. */
    public static OptionalDouble ofLast(Closes closes, int window) {
        return deviation(closes.last(), Sma.ofLast(closes, window));
    }

    /** True once the average is known and not zero. */
    public boolean isReady() {
        return value().isPresent();
    }

    /** The deviation, or empty while the average is unknown or zero (a fraction of nothing means nothing). */
    public OptionalDouble value() {
        return deviation(lastClose, sma.value());
    }

    private static OptionalDouble deviation(double close, OptionalDouble average) {
        if (average.isEmpty() || average.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(close / average.getAsDouble() - 1);
    }
}
