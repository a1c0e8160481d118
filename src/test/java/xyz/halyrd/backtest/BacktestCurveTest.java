package xyz.halyrd.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.backtest.entity.BacktestCurve;
import xyz.halyrd.backtest.entity.BacktestPoint;

/** A curve kept as one row reads back point for point, a page at a time. */
class BacktestCurveTest {

    private static List<BacktestPoint> points(int count) {
        List<BacktestPoint> points = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            points.add(new BacktestPoint(i, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(300L * i)
                    .plusNanos(i == 2 ? 500_000_000 : 0), new BigDecimal("1000.12345678").add(BigDecimal.valueOf(i))));
        }
        return points;
    }

    @Test
    void everyPointReadsBackAsItWasKeptTimeEquityAndNumber() {
        List<BacktestPoint> kept = points(BacktestCurve.MAX_POINTS);
        BacktestCurve curve = new BacktestCurve("bt_1", kept);
        assertEquals(kept, curve.page(0, Integer.MAX_VALUE));
    }

    @Test
    void aPageStartsAfterTheLastNumberSeenAndHoldsAtMostTheLimit() {
        BacktestCurve curve = new BacktestCurve("bt_1", points(7));
        assertEquals(points(7).subList(0, 3), curve.page(0, 3));
        assertEquals(points(7).subList(3, 6), curve.page(3, 3));
        assertEquals(points(7).subList(6, 7), curve.page(6, 3));
        assertEquals(List.of(), curve.page(7, 3));
        assertEquals(List.of(), new BacktestCurve("bt_2", List.of()).page(0, 10));
    }

    @Test
    void aCurveLongerThanWhatIsKeptIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new BacktestCurve("bt_1", points(BacktestCurve.MAX_POINTS + 1)));
    }
}
