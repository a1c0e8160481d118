package xyz.halyrd.risk.entity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import xyz.halyrd.platform.Decimals;

/**
 * The policy layer's rules as a pure function of the account's state: would this entry's worst case break the
 * daily-drawdown budget or the max drawdown, or is the agent standing aside after a losing streak? Exits are
 * never judged here — reducing risk is always allowed. It fails closed: without a positive equity, peak and day
 * opening there is no entry.
 *
 * @param maxDrawdown   the largest allowed drawdown from the equity peak, as a fraction (0.20)
 * @param dailyBudget   the largest allowed loss from the UTC day's opening equity, as a fraction (0.08)
 * @param maxLosses     back-to-back losing closed trades that start a cooldown
 * @param cooldown      how long the agent stands aside after such a streak
 */
public record RiskRules(BigDecimal maxDrawdown, BigDecimal dailyBudget, int maxLosses, Duration cooldown) {

    public static final String DAILY_DRAWDOWN = "daily_drawdown";
    public static final String MAX_DRAWDOWN = "max_drawdown";
    public static final String STREAK_LIMIT = "streak_limit";
    public static final String CONSECUTIVE_LOSSES = "consecutive_losses";
    private static final MathContext MC = MathContext.DECIMAL64;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What the rules look at: equity now, its all-time peak, the UTC day's opening equity, the loss streak. */
    public record State(BigDecimal equity, BigDecimal peakEquity, BigDecimal dayOpenEquity, int lossStreak,
            Instant cooldownUntil) {
    }

    /** A refusal: the rule that fired and the numbers, in plain words. */
    public record Veto(String rule, String reason) {
    }

    /** One rule's standing, as {@code GET /risk/objectives} shows it; headroom is null for count rules. */
    public record Objective(String rule, BigDecimal current, BigDecimal limit, BigDecimal headroomPct) {
    }

    public RiskRules {
        Objects.requireNonNull(maxDrawdown);
        Objects.requireNonNull(dailyBudget);
        Objects.requireNonNull(cooldown);
    }

    /** The rules of limits given in whole percent, as an evaluation config states them. */
    public static RiskRules ofPercent(BigDecimal maxDrawdownPct, BigDecimal dailyDrawdownPct, int maxLosses,
            Duration cooldown) {
        return new RiskRules(maxDrawdownPct.divide(HUNDRED, MC), dailyDrawdownPct.divide(HUNDRED, MC), maxLosses,
                cooldown);
    }

    /** Whether a new position whose worst case loses {@code worstCaseUsdt} may be opened now. */
    public Optional<Veto> judgeEntry(State state, BigDecimal worstCaseUsdt, Instant now) {
        if (state == null || !positive(state.equity()) || !positive(state.peakEquity())
                || !positive(state.dayOpenEquity()) || worstCaseUsdt == null || worstCaseUsdt.signum() < 0) {
            return Optional.of(new Veto(MAX_DRAWDOWN, "Equity, its peak or the day's opening is unknown; no new "
                    + "position without them."));
        }
        if (state.lossStreak() >= maxLosses && state.cooldownUntil() != null && now.isBefore(state.cooldownUntil())) {
            return Optional.of(new Veto(STREAK_LIMIT, state.lossStreak() + " losing trades in a row (limit "
                    + maxLosses + "); standing aside until " + state.cooldownUntil() + "."));
        }
        BigDecimal after = state.equity().subtract(worstCaseUsdt);
        BigDecimal ddAfter = drawdown(state.peakEquity(), after);
        if (ddAfter.compareTo(maxDrawdown) > 0) {
            return Optional.of(new Veto(MAX_DRAWDOWN, "Trade's worst case (" + Decimals.usdt(worstCaseUsdt)
                    + ") would take the drawdown from the peak to " + Decimals.percentOf(ddAfter) + "; the limit is "
                    + Decimals.percentOf(maxDrawdown) + "."));
        }
        BigDecimal usedToday = drawdown(state.dayOpenEquity(), state.equity());
        BigDecimal tradeUses = worstCaseUsdt.divide(state.dayOpenEquity(), MC);
        if (usedToday.add(tradeUses).compareTo(dailyBudget) > 0) {
            BigDecimal remaining = dailyBudget.subtract(usedToday).max(BigDecimal.ZERO);
            return Optional.of(new Veto(DAILY_DRAWDOWN, "Trade would use " + Decimals.percentOf(tradeUses)
                    + " of daily drawdown budget; only " + Decimals.percentOf(remaining) + " remaining."));
        }
        return Optional.empty();
    }

    /** Drawdown from the all-time peak, as a fraction (0.012 = 1.2 %); 0 at or above the peak. */
    public BigDecimal ddFromPeak(State state) {
        return drawdown(state.peakEquity(), state.equity());
    }

    /** The share of today's drawdown budget already lost (0.031 = 3.1 % of the budget). */
    public BigDecimal dailyDdUsed(State state) {
        return drawdown(state.dayOpenEquity(), state.equity()).divide(dailyBudget, MC);
    }

    /** A drawdown limit a point of the equity curve has broken. */
    public enum Breach {
        MAX_DRAWDOWN(RiskRules.MAX_DRAWDOWN), DAILY_DRAWDOWN(RiskRules.DAILY_DRAWDOWN);

        private final String rule;

        Breach(String rule) {
            this.rule = rule;
        }

        /** The rule's name as journals, blocks and the API spell it. */
        public String rule() {
            return rule;
        }
    }

    /**
     * The drawdown watch, the same for paper and live: the limits a point of the equity curve breaks, the max before
     * the daily. The max is broken once the drawdown from the peak is past it, the daily budget once it is used up.
     */
    public List<Breach> breaches(BigDecimal ddFromPeak, BigDecimal dailyDdUsed) {
        List<Breach> broken = new java.util.ArrayList<>(2);
        if (ddFromPeak.compareTo(maxDrawdown) > 0) {
            broken.add(Breach.MAX_DRAWDOWN);
        }
        if (dailyDdUsed.compareTo(BigDecimal.ONE) >= 0) {
            broken.add(Breach.DAILY_DRAWDOWN);
        }
        return List.copyOf(broken);
    }

    /** The loss streak after a closed trade: a loss adds one, anything else (a win or flat) resets it. */
    public static int streakAfter(int streak, BigDecimal pnl) {
        return pnl.signum() < 0 ? streak + 1 : 0;
    }

    /** When a streak that has just reached the limit makes the agent stand aside until, if it does. */
    public Optional<Instant> cooldownAfter(int streak, Instant closedAt) {
        return streak >= maxLosses ? Optional.of(closedAt.plus(cooldown)) : Optional.empty();
    }

    /** Each rule's current value, limit and headroom: {@code (limit − current) / limit × 100}, one decimal. */
    public List<Objective> objectives(State state) {
        // headroom from the figures as shown, so a client recomputing it from current and limit gets the same
        BigDecimal dd = scaled(ddFromPeak(state));
        BigDecimal daily = scaled(drawdown(state.dayOpenEquity(), state.equity()));
        return List.of(
                new Objective(MAX_DRAWDOWN, dd, Decimals.plain(maxDrawdown), headroom(dd, maxDrawdown)),
                new Objective(DAILY_DRAWDOWN, daily, Decimals.plain(dailyBudget), headroom(daily, dailyBudget)),
                new Objective(CONSECUTIVE_LOSSES, BigDecimal.valueOf(state.lossStreak()), BigDecimal.valueOf(maxLosses),
                        null));
    }

    private static BigDecimal drawdown(BigDecimal reference, BigDecimal equity) {
        return reference.subtract(equity).divide(reference, MC).max(BigDecimal.ZERO);
    }

    private static BigDecimal headroom(BigDecimal current, BigDecimal limit) {
        return limit.subtract(current).divide(limit, MC).multiply(HUNDRED).setScale(1, RoundingMode.HALF_UP);
    }

    private static BigDecimal scaled(BigDecimal fraction) {
        return Decimals.plain(fraction.setScale(4, RoundingMode.HALF_UP));
    }

    private static boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }


}
