package xyz.halyrd.backtest.entity;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.JsonP;

/**
 * The performance of one stretch of a backtest (the whole run, its in-sample or its out-of-sample part). Money in
 * USDT, ratios as fractions ({@code 0.05} = 5 %); a figure that cannot be computed (no trades, no losing day) is
 * null, never a guess.
 *
 * @param trades       round trips closed in the stretch
 * @param winRate      the share of them that made money after fees
 * @param expectancy   the average pnl of a round trip, after fees (USDT)
 * @param totalReturn  equity at the end over equity at the start, less one
 * @param maxDrawdown  the deepest fall of equity from its running peak (the peak starts at the stretch's start)
 * @param sharpe       mean over standard deviation (n − 1) of the daily returns, × √365
 * @param sortino      mean daily return over the downside deviation (√ of the mean squared negative return), × √365
 * @param profitFactor gross profit over gross loss of the round trips
 * @param feesPaid     fees of every fill, both legs (USDT)
 * @param exposure     the share of the stretch's steps that ended holding a position
 * @param averageWinningMove the mean price move, exit over entry less one, of the round trips that made money:
 *                     the edge a spec that declares none is credited with once a run of it passes the gate
 */
public record Metrics(Instant from, Instant to, BigDecimal startingEquity, BigDecimal endingEquity, int trades,
        BigDecimal winRate, BigDecimal expectancy, BigDecimal totalReturn, BigDecimal maxDrawdown, BigDecimal sharpe,
        BigDecimal sortino, BigDecimal profitFactor, BigDecimal feesPaid, BigDecimal exposure,
        BigDecimal averageWinningMove) {

    private static final MathContext MC = MathContext.DECIMAL64;
    private static final int RATIO_SCALE = 6;
    private static final int USDT_SCALE = 8;
    private static final double DAYS_A_YEAR = 365;
    private static final long SECONDS_PER_DAY = 86_400;

    /** The figures as a done run keeps and answers them: names in snake case, decimals as plain numbers. */
    public JsonObject toJson() {
        JsonObjectBuilder o = JsonP.createObjectBuilder().add("from", from.toString()).add("to", to.toString());
        number(o, "starting_equity", startingEquity);
        number(o, "ending_equity", endingEquity);
        o.add("trades", trades);
        number(o, "win_rate", winRate);
        number(o, "expectancy", expectancy);
        number(o, "total_return", totalReturn);
        number(o, "max_drawdown", maxDrawdown);
        number(o, "sharpe", sharpe);
        number(o, "sortino", sortino);
        number(o, "profit_factor", profitFactor);
        number(o, "fees_paid", feesPaid);
        number(o, "exposure", exposure);
        number(o, "average_winning_move", averageWinningMove);
        return o.build();
    }

    /** The figures {@link #toJson} wrote. */
    public static Metrics fromJson(JsonObject o) {
        return new Metrics(Instant.parse(o.getString("from")), Instant.parse(o.getString("to")),
                number(o, "starting_equity"), number(o, "ending_equity"), o.getInt("trades"), number(o, "win_rate"),
                number(o, "expectancy"), number(o, "total_return"), number(o, "max_drawdown"), number(o, "sharpe"),
                number(o, "sortino"), number(o, "profit_factor"), number(o, "fees_paid"), number(o, "exposure"),
                number(o, "average_winning_move"));
    }

    private static void number(JsonObjectBuilder o, String name, BigDecimal value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, Decimals.plain(value));
        }
    }

    private static BigDecimal number(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? n.bigDecimalValue() : null;
    }

    /** Adds up a stretch as the replay goes: its fills and the equity at the end of each step. */
    public static final class Tally {

        private final Instant from;
        private final BigDecimal startingEquity;
        private BigDecimal equity;
        private BigDecimal peak;
        private BigDecimal maxDrawdown = BigDecimal.ZERO;
        private Instant to;
        private int trades;
        private int wins;
        private BigDecimal pnl = BigDecimal.ZERO;
        private BigDecimal grossProfit = BigDecimal.ZERO;
        private BigDecimal grossLoss = BigDecimal.ZERO;
        private BigDecimal fees = BigDecimal.ZERO;
        private BigDecimal winningMoves = BigDecimal.ZERO;
        private long steps;
        private long exposedSteps;
        /** The UTC day of the last step, counted from 1970-01-01; {@link Long#MIN_VALUE} before the first. */
        private long day = Long.MIN_VALUE;
        private BigDecimal dayBefore;
        private final List<Double> dailyReturns = new ArrayList<>();

        /** A stretch beginning at {@code from} with {@code startingEquity}. */
        public Tally(Instant from, BigDecimal startingEquity) {
            this.from = from;
            this.to = from;
            this.startingEquity = startingEquity;
            this.equity = startingEquity;
            this.peak = startingEquity;
            this.dayBefore = startingEquity;
        }

        /**
         * A fill of the stretch: its fees count, and a closing one's pnl and price move from its entry ({@code null}
         * for a buy) are a round trip's.
         */
        public void fill(BigDecimal feesUsdt, BigDecimal pnlUsdt, BigDecimal move) {
            fees = fees.add(feesUsdt);
            if (pnlUsdt == null) {
                return;
            }
            trades++;
            pnl = pnl.add(pnlUsdt);
            if (pnlUsdt.signum() > 0) {
                wins++;
                grossProfit = grossProfit.add(pnlUsdt);
                winningMoves = winningMoves.add(move);
            } else {
                grossLoss = grossLoss.add(pnlUsdt.negate());
            }
        }

        /** The equity at the end of a step at {@code at}, and whether a position was held then. */
        public void step(Instant at, BigDecimal stepEquity, boolean exposed) {
            long today = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
            if (day != Long.MIN_VALUE && today > day) {
                closeDay();
            }
            day = today;
            boolean moved = stepEquity.compareTo(equity) != 0;
            equity = stepEquity;
            to = at;
            steps++;
            if (exposed) {
                exposedSteps++;
            }
            if (!moved) {
                return; // the same equity as the step before: the peak and the deepest fall stand (most flat steps)
            }
            if (equity.compareTo(peak) > 0) {
                peak = equity;
            }
            // only a fall deeper than the deepest so far is divided out: most steps are not one (peak > 0)
            BigDecimal fall = peak.subtract(equity);
            if (fall.compareTo(maxDrawdown.multiply(peak)) > 0) {
                maxDrawdown = maxDrawdown.max(fall.divide(peak, MC));
            }
        }

        private void closeDay() {
            dailyReturns.add(equity.divide(dayBefore, MC).subtract(BigDecimal.ONE).doubleValue());
            dayBefore = equity;
        }

        /** The equity after the last step: where a following stretch starts. */
        public BigDecimal equity() {
            return equity;
        }

        /** The figures of the stretch so far (its last, unfinished day counts as a day). */
        public Metrics metrics() {
            List<Double> returns = new ArrayList<>(dailyReturns);
            if (day != Long.MIN_VALUE) {
                returns.add(equity.divide(dayBefore, MC).subtract(BigDecimal.ONE).doubleValue());
            }
            BigDecimal count = BigDecimal.valueOf(trades);
            return new Metrics(from, to, startingEquity, equity, trades,
                    trades == 0 ? null : ratio(BigDecimal.valueOf(wins).divide(count, MC)),
                    trades == 0 ? null : pnl.divide(count, USDT_SCALE, RoundingMode.HALF_EVEN),
                    ratio(equity.divide(startingEquity, MC).subtract(BigDecimal.ONE)), ratio(maxDrawdown),
                    sharpe(returns), sortino(returns),
                    grossLoss.signum() == 0 ? null : ratio(grossProfit.divide(grossLoss, MC)),
                    fees.setScale(USDT_SCALE, RoundingMode.HALF_EVEN),
                    steps == 0 ? null : ratio(BigDecimal.valueOf(exposedSteps).divide(BigDecimal.valueOf(steps), MC)),
                    wins == 0 ? null : ratio(winningMoves.divide(BigDecimal.valueOf(wins), MC)));
        }
    }

    static BigDecimal sharpe(List<Double> returns) {
        if (returns.size() < 2) {
            return null;
        }
        double mean = mean(returns);
        double variance = returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / (returns.size() - 1);
        return variance == 0 ? null : annualised(mean / Math.sqrt(variance));
    }

    static BigDecimal sortino(List<Double> returns) {
        if (returns.isEmpty()) {
            return null;
        }
        double downside = returns.stream().mapToDouble(r -> Math.min(r, 0) * Math.min(r, 0)).sum() / returns.size();
        return downside == 0 ? null : annualised(mean(returns) / Math.sqrt(downside));
    }

    private static double mean(List<Double> returns) {
        return returns.stream().mapToDouble(Double::doubleValue).sum() / returns.size();
    }

    private static BigDecimal annualised(double perDay) {
        return BigDecimal.valueOf(perDay * Math.sqrt(DAYS_A_YEAR)).setScale(4, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal ratio(BigDecimal value) {
        return value.setScale(RATIO_SCALE, RoundingMode.HALF_EVEN);
    }
}
