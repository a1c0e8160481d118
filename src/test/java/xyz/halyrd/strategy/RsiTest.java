package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import xyz.halyrd.strategy.control.Rsi;

class RsiTest {

    // Wilder's RSI(14) example series, as in StockCharts' "RSI" article (33 closes).
    static final double[] WILDER = {44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89,
        46.03, 45.61, 46.28, 46.28, 46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03,
        44.18, 44.22, 44.57, 43.42, 42.66, 43.13};

    // RSI(14) from the 15th close on, computed with exact rational arithmetic by indicator_reference.py:
    // first averages = mean of the first 14 gains/losses, then (prev*13 + current)/14. StockCharts' spreadsheet shows
    // 70.53, 66.32, 66.55, ... because it rounds the averages to 2 decimals; the exact values are ~0.07 lower.
    static final double[] EXPECTED = {70.464135021097, 66.249618553555, 66.480941834713, 69.346853162909,
        66.294712658926, 57.915020670086, 62.880718309962, 63.208788718288, 56.011584789548, 62.339929310898,
        54.670971377655, 50.386815195114, 40.019423791314, 41.492635404223, 41.902429678458, 45.499497238680,
        37.322778313380, 33.090482572723, 37.788771982058};

    @Test
    void unknownUntilWindowPlusOneClosesThenWildersValues() {
        Rsi rsi = new Rsi(14);
        for (int i = 0; i < WILDER.length; i++) {
            rsi.update(WILDER[i]);
            if (i < 14) {
                assertFalse(rsi.isReady(), "after " + (i + 1) + " closes");
                assertTrue(rsi.value().isEmpty());
            } else {
                assertTrue(rsi.isReady());
                assertEquals(EXPECTED[i - 14], rsi.value().getAsDouble(), 1e-9, "at close " + (i + 1));
            }
        }
    }

    @Test
    void aFlatSeriesIsFifty() {
        Rsi rsi = new Rsi(14);
        for (int i = 0; i < 40; i++) {
            rsi.update(100);
        }
        assertEquals(50.0, rsi.value().getAsDouble(), 0);
    }

    @Test
    void anAllUpSeriesIsOneHundredAndAllDownIsZero() {
        Rsi up = new Rsi(14);
        Rsi down = new Rsi(14);
        for (int i = 0; i < 40; i++) {
            up.update(100 + i);
            down.update(100 - i);
        }
        assertEquals(100.0, up.value().getAsDouble(), 0);
        assertEquals(0.0, down.value().getAsDouble(), 0);
    }

    @Test
    void twoPeriodRsiByHand() {
        Rsi rsi = new Rsi(2);
        // closes 10, 11, 10.5, 12: changes +1, -0.5, +1.5
        // seed: avgGain = (1+0)/2 = 0.5, avgLoss = (0+0.5)/2 = 0.25 -> RS 2 -> 100 - 100/3 = 66.666...
        // next: avgGain = (0.5*1 + 1.5)/2 = 1, avgLoss = (0.25*1 + 0)/2 = 0.125 -> RS 8 -> 100 - 100/9 = 88.888...
        rsi.update(10);
        rsi.update(11);
        assertTrue(rsi.value().isEmpty());
        rsi.update(10.5);
        assertEquals(200.0 / 3, rsi.value().getAsDouble(), 1e-12);
        rsi.update(12);
        assertEquals(800.0 / 9, rsi.value().getAsDouble(), 1e-12);
    }
}
