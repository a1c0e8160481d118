package xyz.halyrd.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import xyz.halyrd.backtest.control.Replay;
import xyz.halyrd.backtest.entity.BacktestCurve;
import xyz.halyrd.backtest.entity.BacktestTrade;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.entity.StrategySpec;

/** The replay's split into in-sample and out-of-sample parts by time, and its stop when cancelled. */
class ReplayTest {

    private static final Instant FROM = Instant.parse("2026-11-29T22:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final Replay replay = new Replay(PaperFills.DEFAULT,
            new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0")), BigDecimal.TEN,
            (size, cost) -> size.multiply(new BigDecimal("0.05").add(cost)));

    private static Replay.Plan plan(Duration length) {
        return new Replay.Plan("bt_test", StrategySpec.meanReversion(), List.of(Token.BNB, Token.BTCB, Token.ETH,
                Token.CAKE), FROM, FROM.plus(length), HOUR, new BigDecimal("1000"),
                RiskRules.ofPercent(new BigDecimal("20"), new BigDecimal("8"), 3, Duration.ofHours(6)));
    }

    /** The demo's market, which trades within hours. */
    private static SimulatedMarket market(java.time.Clock clock) {
        return new SimulatedMarket(clock, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.REALISTIC,
                Instant.parse("2026-11-29T21:00:00Z"));
    }

    @Test
    void theRunSplitsSeventyThirtyByTimeAndThePartsAddUpToTheWhole() {
        Replay.Plan plan = plan(Duration.ofDays(3)); // 72 steps; the split at 50 h 24 min
        assertEquals(FROM.plus(Duration.ofMinutes(50 * 60 + 24)), plan.splitAt());
        Replay.Outcome outcome = replay.run(plan, ReplayTest::market, () -> false, done -> { });

        assertFalse(outcome.cancelled());
        assertEquals(FROM, outcome.inSample().from());
        assertEquals(FROM.plus(HOUR.multipliedBy(50)), outcome.inSample().to(), "the last step before the split");
        assertEquals(FROM.plus(HOUR.multipliedBy(51)), outcome.outOfSample().from(), "the first step after it");
        assertEquals(FROM.plus(HOUR.multipliedBy(71)), outcome.whole().to());
        assertEquals(outcome.inSample().endingEquity(), outcome.outOfSample().startingEquity());
        assertEquals(outcome.whole().endingEquity(), outcome.outOfSample().endingEquity());
        assertTrue(outcome.whole().trades() > 0, "the demo's market trades: " + outcome.trades());
        assertEquals(outcome.whole().trades(), outcome.inSample().trades() + outcome.outOfSample().trades());
        assertEquals(outcome.whole().feesPaid(), outcome.inSample().feesPaid().add(outcome.outOfSample().feesPaid()));
        long closed = outcome.trades().stream().filter(t -> t.pnlUsdt() != null).count();
        assertEquals(closed, outcome.whole().trades());
        assertEquals(72, outcome.curve().size(), "every step kept: fewer than BacktestCurve.MAX_POINTS");
    }

    /** A spec that declares no edge still trades in a backtest, fees paid: the run measures its edge. */
    @Test
    void aSpecWithoutAnEdgeTradesAndTheRunMeasuresItsAverageWinningMove() {
        StrategySpec base = StrategySpec.meanReversion();
        StrategySpec rsiOnly = new StrategySpec(base.marketMode(), "rsi-only", new StrategySpec.Signals(
                new StrategySpec.Rule(StrategySpec.Combinator.ALL_OF,
                        List.of(StrategySpec.Condition.windowed("rsi", StrategySpec.Op.LE, "30", 14))),
                new StrategySpec.Rule(StrategySpec.Combinator.ANY_OF,
                        List.of(StrategySpec.Condition.windowed("rsi", StrategySpec.Op.GE, "55", 14)))),
                new StrategySpec.RegimeFilter(List.of()), base.params());
        Replay.Plan plan = plan(Duration.ofDays(7));
        Replay.Outcome outcome = replay.run(new Replay.Plan(plan.backtestId(), rsiOnly, plan.tokens(), plan.from(),
                plan.to(), plan.resolution(), plan.startingEquity(), plan.rules()), ReplayTest::market, () -> false,
                done -> { });

        List<BacktestTrade> trades = outcome.trades();
        assertTrue(outcome.whole().trades() > 0, "entries taken without a declared edge: " + trades);
        BigDecimal moves = BigDecimal.ZERO;
        int winners = 0;
        for (BacktestTrade sell : trades) {
            if (sell.pnlUsdt() != null && sell.pnlUsdt().signum() > 0) {
                BacktestTrade buy = trades.stream().filter(t -> t.token() == sell.token() && t.pnlUsdt() == null
                        && t.seq() < sell.seq()).reduce((first, second) -> second).orElseThrow();
                moves = moves.add(sell.price().divide(buy.price(), MathContext.DECIMAL64).subtract(BigDecimal.ONE));
                winners++;
            }
        }
        assertTrue(winners > 0, "a week of dips has winners: " + trades);
        assertEquals(moves.divide(BigDecimal.valueOf(winners), MathContext.DECIMAL64).setScale(6, RoundingMode.HALF_EVEN),
                outcome.whole().averageWinningMove());
    }

    @Test
    void aCancelledRunStopsBeforeItsNextStepAndKeepsNothing() {
        AtomicInteger asked = new AtomicInteger();
        Replay.Outcome outcome = replay.run(plan(Duration.ofDays(3)), ReplayTest::market,
                () -> asked.incrementAndGet() > 5, done -> { });
        assertTrue(outcome.cancelled());
        assertEquals(6, asked.get(), "five steps ran, the sixth was not");
        assertEquals(List.of(), outcome.trades());
        assertEquals(List.of(), outcome.curve());
    }
}
