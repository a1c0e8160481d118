package xyz.halyrd.strategy.control;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * Whether a trade's expected edge pays for its cost with room to spare: it passes when the edge is at least
 * {@code multiple} times the estimated round-trip cost, so that estimation error in either cannot turn a small win
 * into a sure loss. Pure; all figures are fractions (0.004 is 0.4 %).
 */
public record FeeFilter(BigDecimal multiple) {

    /** The documented rule: skip unless the expected edge is at least 3× the estimated cost. */
    public static final FeeFilter DEFAULT = new FeeFilter(new BigDecimal("3"));

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final int MAX_PCT_SCALE = 8;

    /** The outcome with both numbers; {@code reason} reads "expected edge 0.4% < 3× cost 0.6%" (cost already × 3). */
    public record Verdict(boolean passes, BigDecimal expectedEdge, BigDecimal cost, BigDecimal threshold,
            String reason) {
    }

    public FeeFilter {
        Objects.requireNonNull(multiple, "multiple");
        if (multiple.signum() <= 0) {
            throw new IllegalArgumentException("multiple must be positive, was " + multiple.toPlainString());
        }
    }

    /**
     * Judges one entry. {@code swapFee}, {@code gas} and {@code slippage} are the round trip's costs as fractions of
     * the trade's size; none may be negative.
     */
    public Verdict judge(BigDecimal expectedEdge, BigDecimal swapFee, BigDecimal gas, BigDecimal slippage) {
        Objects.requireNonNull(expectedEdge, "expectedEdge");
        BigDecimal cost = nonNegative("swapFee", swapFee).add(nonNegative("gas", gas))
                .add(nonNegative("slippage", slippage));
        BigDecimal threshold = multiple.multiply(cost);
        boolean passes = expectedEdge.compareTo(threshold) >= 0;
        String[] pcts = percentages(expectedEdge, threshold);
        String reason = "expected edge " + pcts[0] + "% " + (passes ? "≥ " : "< ")
                + Decimals.plain(multiple).toPlainString() + "× cost " + pcts[1] + "%";
        return new Verdict(passes, expectedEdge, cost, threshold, reason);
    }

    /**
     * Judges an entry of {@code spendUsdt} whose whole round trip costs {@code roundTripCost} (a fraction of the
     * size): of it, the swap fees ({@code swapFeePct} percent a swap) and the gas ({@code gasUsdt} a swap) of both
     * legs, and the rest slippage and price impact.
     */
    public Verdict judgeRoundTrip(BigDecimal expectedEdge, BigDecimal roundTripCost, BigDecimal swapFeePct,
            BigDecimal gasUsdt, BigDecimal spendUsdt) {
        BigDecimal swapFees = swapFeePct.multiply(BigDecimal.valueOf(2)).movePointLeft(2);
        BigDecimal gas = gasUsdt.multiply(BigDecimal.valueOf(2)).divide(spendUsdt, 10, RoundingMode.HALF_UP);
        return judge(expectedEdge, swapFees, gas, roundTripCost.subtract(swapFees).subtract(gas).max(BigDecimal.ZERO));
    }

    /** An expected edge (a fraction) and where it came from, as a skip names it. */
    public record Edge(BigDecimal fraction, String source) {
    }

    /** Why an entry of a spec without a definable edge is skipped: what its author should declare. */
    public static final String NO_EDGE = "no expected edge: declare params." + StrategySpecs.EXPECTED_MOVE_PCT
            + " (the move an entry expects, in percent), enter on price_vs_sma, or attach the spec by a backtest"
            + " that passed the gate (its average winning move is the edge)";

    /**
     * The edge an entry of {@code spec} expects on {@code values}: the move its params declare
     * ({@code expected_move_pct}) when it declares one, else the {@link #reversionEdge reversion to the SMA} of its
     * {@code price_vs_sma} entry reading, else the edge its passed backtest {@code measured}; empty for a spec with
     * none of them ({@link #NO_EDGE} says what to do).
     */
    public static Optional<Edge> expectedEdge(StrategySpec spec, IndicatorValues values,
            Optional<MeasuredEdge> measured) {
        Optional<BigDecimal> declared = spec.params().expectedMovePct();
        if (declared.isPresent()) {
            return Optional.of(new Edge(declared.get().movePointLeft(2), "declared params."
                    + StrategySpecs.EXPECTED_MOVE_PCT + " " + Decimals.plain(declared.get()).toPlainString() + "%"));
        }
        OptionalInt window = spec.entryWindowOf("price_vs_sma");
        OptionalDouble deviation = window.isEmpty() ? OptionalDouble.empty() : values.value("price_vs_sma", window);
        if (deviation.isPresent()) {
            return Optional.of(new Edge(reversionEdge(BigDecimal.valueOf(deviation.getAsDouble())),
                    "reversion to the " + window.getAsInt() + "-candle SMA"));
        }
        return measured.map(edge -> new Edge(edge.fraction(), "measured: " + edge));
    }

    /**
     * The edge of a full reversion to the SMA from a price {@code priceVsSma} away from it (close/SMA - 1): buying
     * 5 % below the average and selling at it gains 1/0.95 - 1 ≈ 5.26 %. Zero or less when the price is not below.
     */
    public static BigDecimal reversionEdge(BigDecimal priceVsSma) {
        BigDecimal ratio = BigDecimal.ONE.add(priceVsSma);
        if (ratio.signum() <= 0) {
            throw new IllegalArgumentException("price_vs_sma must be above -1, was " + priceVsSma.toPlainString());
        }
        return BigDecimal.ONE.divide(ratio, PRECISION).subtract(BigDecimal.ONE);
    }

    private static BigDecimal nonNegative(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    // Two decimals of a percent normally; more when rounding would print a failing edge equal to its threshold.
    private static String[] percentages(BigDecimal edge, BigDecimal threshold) {
        int scale = 2;
        String e;
        String t;
        do {
            e = percent(edge, scale);
            t = percent(threshold, scale);
            scale++;
        } while (e.equals(t) && edge.compareTo(threshold) != 0 && scale <= MAX_PCT_SCALE);
        return new String[]{e, t};
    }

    private static String percent(BigDecimal fraction, int scale) {
        return Decimals.plain(fraction.movePointRight(2).setScale(scale, RoundingMode.HALF_UP)).toPlainString();
    }
}
