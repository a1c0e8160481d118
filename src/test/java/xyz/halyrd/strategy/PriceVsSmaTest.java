package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import xyz.halyrd.strategy.control.PriceVsSma;

class PriceVsSmaTest {

    @Test
    void belowTheAverageIsNegativeAboveIsPositive() {
        PriceVsSma below = new PriceVsSma(4);
        // by hand: 100, 100, 100, 88 -> SMA 97, 88/97 - 1 = -0.0927835...
        for (double close : new double[] {100, 100, 100}) {
            below.update(close);
            assertFalse(below.isReady());
            assertTrue(below.value().isEmpty());
        }
        below.update(88);
        assertEquals(88.0 / 97 - 1, below.value().getAsDouble(), 1e-12);
        assertTrue(below.value().getAsDouble() < -0.05, "9 % below passes the default -5 % entry");

        PriceVsSma above = new PriceVsSma(4);
        // 100, 100, 100, 112 -> SMA 103, 112/103 - 1 = +0.0873786...
        for (double close : new double[] {100, 100, 100, 112}) {
            above.update(close);
        }
        assertEquals(112.0 / 103 - 1, above.value().getAsDouble(), 1e-12);
        assertTrue(above.value().getAsDouble() > 0);
    }

    @Test
    void onTheAverageIsZero() {
        PriceVsSma flat = new PriceVsSma(3);
        for (int i = 0; i < 5; i++) {
            flat.update(42.5);
        }
        assertEquals(0.0, flat.value().getAsDouble(), 0);
    }

    @Test
    void theStockChartsSeriesAgainstItsTenCandleAverage() {
        PriceVsSma pvs = new PriceVsSma(10);
        for (double close : SmaEmaTest.CS) {
            pvs.update(close);
        }
        // Python fractions: 23.36 / 22.421 - 1
        assertEquals(0.041880380000892, pvs.value().getAsDouble(), 1e-12);
    }
}
