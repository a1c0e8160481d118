package xyz.halyrd.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.backtest.entity.Gate;
import xyz.halyrd.backtest.entity.Metrics;
import xyz.halyrd.config.entity.EvaluationConfig;

/** The gate at its boundaries: expectancy just positive or zero, trades at the scaled floor or one short, drawdown just under or at the limit. */
class GateTest {

    /** Max drawdown 20 %, daily 8 %, 3 losses, a 14-day window with a floor of 15 trades. */
    private static final EvaluationConfig EVALUATION = new EvaluationConfig(new BigDecimal("20"), new BigDecimal("8"),
            3, 14, 15);
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    private static Metrics outOfSample(Duration length, int trades, String expectancy, String maxDrawdown) {
        return new Metrics(FROM, FROM.plus(length), new BigDecimal("1000"), new BigDecimal("1000"), trades, null,
                expectancy == null ? null : new BigDecimal(expectancy), BigDecimal.ZERO, new BigDecimal(maxDrawdown),
                null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, null);
    }

    @Test
    void justInsideEveryBoundaryPasses() {
        Gate gate = Gate.judge(outOfSample(Duration.ofDays(14), 15, "0.00000001", "0.199999"), EVALUATION);
        assertTrue(gate.passed());
        assertEquals(15, gate.tradesRequired());
        assertEquals(List.of(), gate.reasons());
    }

    @Test
    void onEveryBoundaryFailsNamingEachCriterion() {
        Gate gate = Gate.judge(outOfSample(Duration.ofDays(14), 14, "0", "0.2"), EVALUATION);
        assertFalse(gate.passed());
        assertEquals(List.of("expectancy after fees is 0 USDT; it must be positive",
                "14 trades out of sample; at least 15 required (floor 15 in 14 days, scaled to the period)",
                "max drawdown 20.00% out of sample; it must be under 20.00%"), gate.reasons());
    }

    @Test
    void noTradesIsNoExpectancy() {
        Gate gate = Gate.judge(outOfSample(Duration.ofDays(1), 0, null, "0"), EVALUATION);
        assertEquals(List.of("expectancy after fees is unknown without trades; it must be positive",
                "0 trades out of sample; at least 2 required (floor 15 in 14 days, scaled to the period)"),
                gate.reasons());
    }

    @Test
    void theFloorScalesToThePeriodRoundedUpAndAtLeastOne() {
        assertEquals(15, Gate.tradesRequired(Duration.ofDays(14), EVALUATION));
        assertEquals(4, Gate.tradesRequired(Duration.ofDays(3), EVALUATION)); // 15 × 3 / 14 = 3.21
        assertEquals(30, Gate.tradesRequired(Duration.ofDays(28), EVALUATION));
        assertEquals(1, Gate.tradesRequired(Duration.ofMinutes(5), EVALUATION));
        assertEquals(1, Gate.tradesRequired(Duration.ZERO, EVALUATION));
    }
}
