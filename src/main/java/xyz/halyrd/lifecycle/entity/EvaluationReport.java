package xyz.halyrd.lifecycle.entity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.platform.Decimals;

/**
 * Where a config run stands against the gate to live trading: positive expectancy after fees, the trade floor, no
 * max-drawdown breach — and a window that has run its course, extending by itself while the floor is unmet.
 * Eligible exactly when every objective is met.
 *
 * @param closedTradeReturns each closed trade's pnl (net of swap fees and gas on both sides) over what it cost
 * @param worstDrawdown      the deepest drawdown from peak the run's equity snapshots showed, as a fraction
 * @param nextWindowDay      when the window's elapsed days next grow: the only time the report changes by itself,
 *                           without a new trade or snapshot
 */
public record EvaluationReport(String state, boolean eligible, long windowDaysElapsed, int evalWindowDays,
        int tradeFloor, int closedTrades, List<Objective> objectives, Instant nextWindowDay) {

    public static final String EVALUATING = "EVALUATING";
    public static final String ELIGIBLE = "ELIGIBLE";
    public static final String WINDOW_EXTENDED = "WINDOW_EXTENDED";

    public static final String POSITIVE_EXPECTANCY = "positive_expectancy";
    public static final String TRADE_FLOOR = "trade_floor";
    public static final String MAX_DRAWDOWN = "max_drawdown";
    public static final String EVAL_WINDOW = "eval_window";

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** One objective: its current figure, its limit (null for expectancy), headroom (max drawdown only), met. */
    public record Objective(String rule, BigDecimal current, BigDecimal limit, BigDecimal headroomPct, boolean met) {
    }

    public static EvaluationReport of(EvaluationConfig config, Instant runFrom, Instant now,
            List<BigDecimal> closedTradeReturns, BigDecimal worstDrawdown) {
        long elapsed = Math.max(0, Duration.between(runFrom, now).toDays());
        int closed = closedTradeReturns.size();
        BigDecimal expectancy = expectancy(closedTradeReturns);
        BigDecimal maxDd = config.maxDrawdownPct().divide(HUNDRED, MC);
        BigDecimal worst = Decimals.plain(worstDrawdown.max(BigDecimal.ZERO).setScale(4, RoundingMode.HALF_UP));
        List<Objective> objectives = List.of(
                new Objective(POSITIVE_EXPECTANCY, expectancy, null, null, closed > 0 && expectancy.signum() > 0),
                new Objective(TRADE_FLOOR, BigDecimal.valueOf(closed), BigDecimal.valueOf(config.tradeFloor()), null,
                        closed >= config.tradeFloor()),
                new Objective(MAX_DRAWDOWN, worst, Decimals.plain(maxDd),
                        maxDd.subtract(worst).divide(maxDd, MC).multiply(HUNDRED).setScale(1, RoundingMode.HALF_UP),
                        worst.compareTo(maxDd) <= 0),
                new Objective(EVAL_WINDOW, BigDecimal.valueOf(elapsed), BigDecimal.valueOf(config.evalWindowDays()),
                        null, elapsed >= config.evalWindowDays()));
        boolean eligible = objectives.stream().allMatch(Objective::met);
        String state = eligible ? ELIGIBLE
                : elapsed >= config.evalWindowDays() && closed < config.tradeFloor() ? WINDOW_EXTENDED : EVALUATING;
        return new EvaluationReport(state, eligible, elapsed, config.evalWindowDays(), config.tradeFloor(), closed,
                objectives, runFrom.plus(Duration.ofDays(elapsed + 1)));
    }

    /**
     * {@code win rate × average win − loss rate × average loss − fees}, per trade as a fraction of its cost. Each
     * return is already net of its fees (both swap fees and both gases), so the fee term is inside the figures;
     * a trade that broke even counts as a loss. Zero without trades.
     */
    static BigDecimal expectancy(List<BigDecimal> returns) {
        if (returns.isEmpty()) {
            return BigDecimal.ZERO;
        }
        BigDecimal n = BigDecimal.valueOf(returns.size());
        var split = returns.stream().collect(Collectors.partitioningBy(r -> r.signum() > 0));
        BigDecimal winPart = rate(split.get(true).size(), n).multiply(average(split.get(true)));
        BigDecimal lossPart = rate(split.get(false).size(), n).multiply(average(split.get(false)).negate());
        return Decimals.plain(winPart.subtract(lossPart).setScale(6, RoundingMode.HALF_UP));
    }

    private static BigDecimal rate(int count, BigDecimal n) {
        return BigDecimal.valueOf(count).divide(n, MC);
    }

    private static BigDecimal average(List<BigDecimal> values) {
        return values.isEmpty() ? BigDecimal.ZERO
                : values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(values.size()), MC);
    }

    /** The objectives not met, named for a person: "trade_floor (5 of 10)". */
    public String unmet() {
        return objectives.stream().filter(o -> !o.met())
                .map(o -> o.rule() + " (" + o.current().toPlainString()
                        + (o.limit() == null ? ", needs > 0" : " of " + o.limit().toPlainString()) + ")")
                .collect(Collectors.joining(", "));
    }

    public EvaluationReport {
        Objects.requireNonNull(state);
        objectives = List.copyOf(objectives);
    }
}
