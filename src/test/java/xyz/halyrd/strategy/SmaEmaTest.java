package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.strategy.control.Ema;
import xyz.halyrd.strategy.control.Sma;

class SmaEmaTest {

    // StockCharts' EMA example closes. Expected values below are exact rationals from indicator_reference.py (next to
    // this file; python3 indicator_reference.py), and agree with the published table 22.22, 22.21, 22.24, 22.27, 22.33,
    // 22.52.
    static final double[] CS = {22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39,
        22.38, 22.61, 23.36};

    @Test
    void smaIsUnknownUntilTheWindowIsFullThenTheMeanOfTheLastWindow() {
        Sma sma = new Sma(3);
        // 1, 2, 3, 10, 4 by hand: (1+2+3)/3 = 2, (2+3+10)/3 = 5, (3+10+4)/3 = 17/3
        sma.update(1);
        sma.update(2);
        assertFalse(sma.isReady());
        assertTrue(sma.value().isEmpty());
        sma.update(3);
        assertTrue(sma.isReady());
        assertEquals(2.0, sma.value().getAsDouble(), 1e-12);
        sma.update(10);
        assertEquals(5.0, sma.value().getAsDouble(), 1e-12);
        sma.update(4);
        assertEquals(17.0 / 3, sma.value().getAsDouble(), 1e-12);
    }

    @Test
    void smaOfTheStockChartsSeries() {
        // Python fractions: SMA(10) from the 10th close on
        double[] expected = {22.221, 22.209, 22.229, 22.259, 22.303, 22.421};
        Sma sma = new Sma(10);
        for (int i = 0; i < CS.length; i++) {
            sma.update(CS[i]);
            assertEquals(i >= 9, sma.isReady());
            if (i >= 9) {
                assertEquals(expected[i - 9], sma.value().getAsDouble(), 1e-9, "at close " + (i + 1));
            }
        }
    }

    @Test
    void emaIsSeededWithTheSmaThenSmoothsWithTwoOverNPlusOne() {
        Ema ema = new Ema(3);
        // by hand, alpha = 2/4 = 0.5: seed (1+2+3)/3 = 2; 2 + 0.5*(10-2) = 6; 6 + 0.5*(4-6) = 5
        ema.update(1);
        ema.update(2);
        assertFalse(ema.isReady());
        assertTrue(ema.value().isEmpty());
        ema.update(3);
        assertEquals(2.0, ema.value().getAsDouble(), 1e-12);
        ema.update(10);
        assertEquals(6.0, ema.value().getAsDouble(), 1e-12);
        ema.update(4);
        assertEquals(5.0, ema.value().getAsDouble(), 1e-12);
    }

    @Test
    void emaOfTheStockChartsSeries() {
        // Python fractions: EMA(10) from the 10th close on
        double[] expected = {22.221000000000, 22.208090909091, 22.241165289256, 22.266407963937, 22.328879243221,
            22.516355744454};
        Ema ema = new Ema(10);
        for (int i = 0; i < CS.length; i++) {
            ema.update(CS[i]);
            assertEquals(i >= 9, ema.isReady());
            if (i >= 9) {
                assertEquals(expected[i - 9], ema.value().getAsDouble(), 1e-9, "at close " + (i + 1));
            }
        }
    }

    @Test
    void aCandleFeedsItsClose() {
        Sma sma = new Sma(1);
        sma.update(new Candle(Token.BNB, Instant.parse("2025-06-22T14:00:00Z"), Duration.ofHours(1),
                new BigDecimal("600.10"), new BigDecimal("612.00"), new BigDecimal("598.50"), new BigDecimal("610.25"),
                new BigDecimal("1234.5")));
        assertEquals(610.25, sma.value().getAsDouble(), 0);
    }

    @Test
    void badInputIsRefusedRatherThanAveraged() {
        assertThrows(IllegalArgumentException.class, () -> new Sma(0));
        assertThrows(IllegalArgumentException.class, () -> new Ema(-1));
        Sma sma = new Sma(2);
        assertThrows(IllegalArgumentException.class, () -> sma.update(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sma.update(Double.POSITIVE_INFINITY));
        assertFalse(sma.isReady(), "a refused close is not counted");
    }
}
