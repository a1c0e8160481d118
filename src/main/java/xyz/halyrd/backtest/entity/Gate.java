package xyz.halyrd.backtest.entity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.platform.Decimals;

/**
 * The bar a strategy's backtest must clear, on its out-of-sample part, against the agent's evaluation config: a
 * positive expectancy after fees, at least the trade floor scaled from the evaluation window to the part's length
 * (rounded up, at least one), and a max drawdown under the limit. Passed when no criterion is unmet.
 *
 * @param reasons the unmet criteria in plain words; empty when passed
 */
public record Gate(boolean passed, int tradesRequired, List<String> reasons) {

    private static final BigDecimal SECONDS_A_DAY = BigDecimal.valueOf(Duration.ofDays(1).toSeconds());

    /** Judges {@code outOfSample} against {@code evaluation}. */
    public static Gate judge(Metrics outOfSample, EvaluationConfig evaluation) {
        int required = tradesRequired(Duration.between(outOfSample.from(), outOfSample.to()), evaluation);
        List<String> reasons = new ArrayList<>();
        if (outOfSample.expectancy() == null || outOfSample.expectancy().signum() <= 0) {
            reasons.add("expectancy after fees is " + (outOfSample.expectancy() == null ? "unknown without trades"
                    : Decimals.plain(outOfSample.expectancy()).toPlainString() + " USDT") + "; it must be positive");
        }
        if (outOfSample.trades() < required) {
            reasons.add(outOfSample.trades() + " trades out of sample; at least " + required + " required (floor "
                    + evaluation.tradeFloor() + " in " + evaluation.evalWindowDays() + " days, scaled to the period)");
        }
        BigDecimal limit = evaluation.maxDrawdownPct().movePointLeft(2);
        if (outOfSample.maxDrawdown().compareTo(limit) >= 0) {
            reasons.add("max drawdown " + Decimals.percentOf(outOfSample.maxDrawdown()) + " out of sample; it must be "
                    + "under " + Decimals.percentOf(limit));
        }
        return new Gate(reasons.isEmpty(), required, List.copyOf(reasons));
    }

    /** The trade floor for a period of {@code length}: floor × days / window days, rounded up, at least one. */
    public static int tradesRequired(Duration length, EvaluationConfig evaluation) {
        BigDecimal days = BigDecimal.valueOf(length.toSeconds()).divide(SECONDS_A_DAY, MathContext.DECIMAL64);
        BigDecimal scaled = BigDecimal.valueOf(evaluation.tradeFloor()).multiply(days)
                .divide(BigDecimal.valueOf(evaluation.evalWindowDays()), MathContext.DECIMAL64);
        return Math.max(1, scaled.setScale(0, RoundingMode.CEILING).intValueExact());
    }
}
