package xyz.halyrd.strategy.entity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The expected edge of an entry as history measured it, for a spec that declares none: the average winning move
 * (exit over entry price, less one) of the passed backtest it was attached by.
 *
 * @param fraction   the move, as a fraction (0.021 = 2.1 %), above zero
 * @param backtestId the run that measured it
 */
public record MeasuredEdge(BigDecimal fraction, String backtestId) {

    public MeasuredEdge {
        Objects.requireNonNull(fraction, "fraction");
        Objects.requireNonNull(backtestId, "backtestId");
        if (fraction.signum() <= 0) {
            throw new IllegalArgumentException("a measured edge is above zero, was " + fraction.toPlainString());
        }
        fraction = fraction.stripTrailingZeros(); // equal however many decimals a column kept
    }

    /** "the 2.10% average winning move of backtest bt_…", as a skip or the journal names it. */
    @Override
    public String toString() {
        return "the " + fraction.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString()
                + "% average winning move of backtest " + backtestId;
    }
}
