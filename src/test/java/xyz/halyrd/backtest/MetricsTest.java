package xyz.halyrd.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.halyrd.backtest.entity.Metrics;

/** The metrics of a small scripted stretch, every figure worked out by hand. */
class MetricsTest {

    private static final Instant DAY_1 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(String ts) {
        return Instant.parse(ts);
    }

    @Test
    void aScriptedStretchAddsUpToTheHandComputedFigures() {
        Metrics.Tally tally = new Metrics.Tally(DAY_1, new BigDecimal("1000"));
        tally.step(at("2026-01-01T00:00:00Z"), new BigDecimal("1000"), false);
        tally.fill(new BigDecimal("1"), null, null); // a buy: fees only
        tally.step(at("2026-01-01T12:00:00Z"), new BigDecimal("1100"), true); // day 1 closes at 1100: +10 %
        tally.fill(new BigDecimal("1.5"), new BigDecimal("50"), new BigDecimal("0.055")); // sold 5.5 % up
        tally.fill(new BigDecimal("1"), null, null);
        tally.step(at("2026-01-02T00:00:00Z"), new BigDecimal("990"), true); // 10 % below the peak of 1100
        tally.fill(new BigDecimal("1"), new BigDecimal("-20"), new BigDecimal("-0.018"));
        tally.step(at("2026-01-02T12:00:00Z"), new BigDecimal("1045"), false); // day 2 closes at 1045: -5 %
        tally.step(at("2026-01-03T00:00:00Z"), new BigDecimal("1045"), false); // day 3 (unfinished): 0 %

        Metrics m = tally.metrics();
        assertEquals(DAY_1, m.from());
        assertEquals(at("2026-01-03T00:00:00Z"), m.to());
        assertEquals(new BigDecimal("1000"), m.startingEquity());
        assertEquals(new BigDecimal("1045"), m.endingEquity());
        assertEquals(2, m.trades());
        assertEquals(new BigDecimal("0.500000"), m.winRate());
        assertEquals(new BigDecimal("15.00000000"), m.expectancy()); // (50 - 20) / 2
        assertEquals(new BigDecimal("0.045000"), m.totalReturn()); // 1045 / 1000 - 1
        assertEquals(new BigDecimal("0.100000"), m.maxDrawdown()); // (1100 - 990) / 1100
        // daily returns 0.10, -0.05, 0: mean 0.016667, sd (n-1) 0.076376 → 0.218218 × √365
        assertEquals(new BigDecimal("4.1690"), m.sharpe());
        // downside deviation √(0.05² / 3) = 0.028868 → 0.577350 × √365
        assertEquals(new BigDecimal("11.0303"), m.sortino());
        assertEquals(new BigDecimal("2.500000"), m.profitFactor()); // 50 / 20
        assertEquals(new BigDecimal("4.50000000"), m.feesPaid());
        assertEquals(new BigDecimal("0.400000"), m.exposure()); // 2 of 5 steps held a position
        assertEquals(new BigDecimal("0.055000"), m.averageWinningMove(), "the one winner's move; the loser's is not");
    }

    @Test
    void whatCannotBeComputedIsNullNotAGuess() {
        Metrics.Tally tally = new Metrics.Tally(DAY_1, new BigDecimal("1000"));
        tally.step(DAY_1, new BigDecimal("1000"), false);
        Metrics m = tally.metrics();
        assertEquals(0, m.trades());
        assertNull(m.winRate());
        assertNull(m.expectancy());
        assertNull(m.sharpe(), "one day is no spread");
        assertNull(m.sortino(), "no losing day");
        assertNull(m.profitFactor(), "no loss");
        assertEquals(new BigDecimal("0.000000"), m.maxDrawdown());
        assertEquals(new BigDecimal("0E-8"), m.feesPaid());
    }
}
