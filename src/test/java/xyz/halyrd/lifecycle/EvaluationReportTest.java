package xyz.halyrd.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.lifecycle.entity.EvaluationReport;

/** The evaluation gate, figure by figure: expectancy after fees, trade floor, max drawdown, the window. */
class EvaluationReportTest {

    /** Balanced: max drawdown 20 %, daily 8 %, 4 losses, a 7-day window, a floor of 10 closed trades. */
    private static final EvaluationConfig BALANCED = new EvaluationConfig(new BigDecimal("20"), new BigDecimal("8"),
            4, 7, 10);
    private static final Instant FROM = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant WINDOW_END = FROM.plus(Duration.ofDays(7));

    private static List<BigDecimal> returns(String... values) {
        return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    }

    private static List<BigDecimal> times(int n, String value) {
        return Collections.nCopies(n, new BigDecimal(value));
    }

    private static EvaluationReport.Objective objective(EvaluationReport report, String rule) {
        return report.objectives().stream().filter(o -> o.rule().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void expectancyIsWinRateTimesAverageWinLessLossRateTimesAverageLoss() {
        // 3 wins averaging +2 %, 2 losses averaging −1.5 %: 0.6 × 0.02 − 0.4 × 0.015 = 0.012 − 0.006 = 0.006
        EvaluationReport report = EvaluationReport.of(BALANCED, FROM, WINDOW_END,
                returns("0.01", "0.02", "0.03", "-0.01", "-0.02"), BigDecimal.ZERO);
        assertEquals(new BigDecimal("0.006"), objective(report, "positive_expectancy").current());
        assertTrue(objective(report, "positive_expectancy").met());
    }

    @Test
    void aBreakEvenRecordIsNotPositiveAndNoTradesIsNotPositiveEither() {
        EvaluationReport even = EvaluationReport.of(BALANCED, FROM, WINDOW_END, returns("0.01", "-0.01"),
                BigDecimal.ZERO);
        assertEquals(BigDecimal.ZERO, objective(even, "positive_expectancy").current());
        assertFalse(objective(even, "positive_expectancy").met());
        EvaluationReport none = EvaluationReport.of(BALANCED, FROM, WINDOW_END, List.of(), BigDecimal.ZERO);
        assertFalse(objective(none, "positive_expectancy").met());
        assertEquals("positive_expectancy (0, needs > 0), trade_floor (0 of 10)", none.unmet());
    }

    @Test
    void eligibleOnlyWhenAllHoldAtTheEndOfTheWindow() {
        List<BigDecimal> ten = times(10, "0.004");
        EvaluationReport early = EvaluationReport.of(BALANCED, FROM, WINDOW_END.minusMillis(1), ten,
                new BigDecimal("0.05"));
        assertFalse(early.eligible());
        assertEquals("EVALUATING", early.state());
        assertEquals(6, early.windowDaysElapsed());
        assertEquals("eval_window (6 of 7)", early.unmet());

        EvaluationReport due = EvaluationReport.of(BALANCED, FROM, WINDOW_END, ten, new BigDecimal("0.05"));
        assertTrue(due.eligible());
        assertEquals("ELIGIBLE", due.state());
        assertEquals(10, due.closedTrades());
        assertTrue(due.objectives().stream().allMatch(EvaluationReport.Objective::met));
    }

    @Test
    void theWindowExtendsWhileTheFloorIsUnmet() {
        EvaluationReport report = EvaluationReport.of(BALANCED, FROM, WINDOW_END.plus(Duration.ofDays(5)),
                times(9, "0.01"), BigDecimal.ZERO);
        assertEquals("WINDOW_EXTENDED", report.state());
        assertEquals(12, report.windowDaysElapsed());
        assertEquals(7, report.evalWindowDays());
        assertFalse(report.eligible());
        assertEquals("trade_floor (9 of 10)", report.unmet());
    }

    @Test
    void maxDrawdownHeadroomIsTheShareOfTheLimitLeft() {
        // 3.5 % of a 20 % limit used: (0.20 − 0.035) / 0.20 = 82.5 % left, as product-notes shows
        EvaluationReport report = EvaluationReport.of(BALANCED, FROM, WINDOW_END, times(10, "0.01"),
                new BigDecimal("0.035"));
        EvaluationReport.Objective dd = objective(report, "max_drawdown");
        assertEquals(new BigDecimal("0.035"), dd.current());
        assertEquals(new BigDecimal("0.2"), dd.limit());
        assertEquals(new BigDecimal("82.5"), dd.headroomPct());
        assertTrue(dd.met());

        EvaluationReport atLimit = EvaluationReport.of(BALANCED, FROM, WINDOW_END, times(10, "0.01"),
                new BigDecimal("0.2"));
        assertTrue(objective(atLimit, "max_drawdown").met(), "the limit itself is not a breach");
        EvaluationReport beyond = EvaluationReport.of(BALANCED, FROM, WINDOW_END, times(10, "0.01"),
                new BigDecimal("0.2001"));
        assertFalse(objective(beyond, "max_drawdown").met());
        assertFalse(beyond.eligible());
    }

    @Test
    void theReportChangesByItselfOnlyWhenTheWindowsNextDayBegins() {
        for (Instant now : List.of(FROM.minusSeconds(3600), FROM, FROM.plus(Duration.ofHours(23)))) {
            assertEquals(FROM.plus(Duration.ofDays(1)), EvaluationReport.of(BALANCED, FROM, now, List.of(),
                    BigDecimal.ZERO).nextWindowDay(), now.toString());
        }
        EvaluationReport third = EvaluationReport.of(BALANCED, FROM, FROM.plus(Duration.ofDays(2)), List.of(),
                BigDecimal.ZERO);
        assertEquals(2, third.windowDaysElapsed());
        assertEquals(FROM.plus(Duration.ofDays(3)), third.nextWindowDay());
        EvaluationReport justBefore = EvaluationReport.of(BALANCED, FROM, third.nextWindowDay().minusNanos(1),
                List.of(), BigDecimal.ZERO);
        assertEquals(third.windowDaysElapsed(), justBefore.windowDaysElapsed());
        assertEquals(3, EvaluationReport.of(BALANCED, FROM, third.nextWindowDay(), List.of(), BigDecimal.ZERO)
                .windowDaysElapsed());
    }
}
