package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.strategy.control.Ema;
import xyz.halyrd.strategy.control.PriceVsSma;
import xyz.halyrd.strategy.control.Rsi;
import xyz.halyrd.strategy.control.Sma;

/**
 * The streaming indicators against deliberately naive recomputations from the whole prefix at every step, over a
 * long random walk: drift in a running sum or an off-by-one in readiness would show here.
 */
class IncrementalMatchesRecomputationTest {

    private static final int N = 10_000;
    // Relative to prices around 100, so 1e-9 absolute is about 1e-11 relative.
    private static final double TOLERANCE = 1e-9;

    private static double[] randomWalk(long seed) {
        Random random = new Random(seed);
        double[] closes = new double[N];
        double price = 100;
        for (int i = 0; i < N; i++) {
            price *= Math.exp(random.nextGaussian() * 0.02);
            // a few flat stretches, so zero changes are exercised too
            closes[i] = random.nextInt(20) == 0 && i > 0 ? closes[i - 1] : price;
        }
        return closes;
    }

    private static double smaFromScratch(double[] closes, int end, int window) {
        double sum = 0;
        for (int i = end - window + 1; i <= end; i++) {
            sum += closes[i];
        }
        return sum / window;
    }

    private static double emaFromScratch(double[] closes, int end, int window) {
        double ema = smaFromScratch(closes, window - 1, window);
        double alpha = 2.0 / (window + 1);
        for (int i = window; i <= end; i++) {
            ema = alpha * closes[i] + (1 - alpha) * ema;
        }
        return ema;
    }

    private static double rsiFromScratch(double[] closes, int end, int window) {
        double gain = 0;
        double loss = 0;
        for (int i = 1; i <= window; i++) {
            double change = closes[i] - closes[i - 1];
            gain += Math.max(change, 0);
            loss += Math.max(-change, 0);
        }
        gain /= window;
        loss /= window;
        for (int i = window + 1; i <= end; i++) {
            double change = closes[i] - closes[i - 1];
            gain = (gain * (window - 1) + Math.max(change, 0)) / window;
            loss = (loss * (window - 1) + Math.max(-change, 0)) / window;
        }
        return loss == 0 ? (gain > 0 ? 100 : 50) : 100 * gain / (gain + loss);
    }

    @Test
    void smaAndPriceVsSma() {
        double[] closes = randomWalk(48);
        Sma sma = new Sma(48);
        PriceVsSma pvs = new PriceVsSma(48);
        for (int i = 0; i < N; i++) {
            sma.update(closes[i]);
            pvs.update(closes[i]);
            assertEquals(i >= 47, sma.isReady());
            assertEquals(i >= 47, pvs.isReady());
            if (i >= 47) {
                double expected = smaFromScratch(closes, i, 48);
                assertEquals(expected, sma.value().getAsDouble(), TOLERANCE, "SMA at " + i);
                assertEquals(closes[i] / expected - 1, pvs.value().getAsDouble(), TOLERANCE, "price_vs_sma at " + i);
            }
        }
    }

    @Test
    void ema() {
        double[] closes = randomWalk(20);
        Ema ema = new Ema(20);
        for (int i = 0; i < N; i++) {
            ema.update(closes[i]);
            assertEquals(i >= 19, ema.isReady());
            // the from-scratch pass is O(i), so check a sample of points to keep the test quick
            if (i >= 19 && (i < 200 || i % 97 == 0 || i == N - 1)) {
                assertEquals(emaFromScratch(closes, i, 20), ema.value().getAsDouble(), TOLERANCE, "EMA at " + i);
            }
        }
    }

    @Test
    void rsi() {
        double[] closes = randomWalk(14);
        Rsi rsi = new Rsi(14);
        int checked = 0;
        for (int i = 0; i < N; i++) {
            rsi.update(closes[i]);
            assertEquals(i >= 14, rsi.isReady());
            if (i >= 14 && (i < 200 || i % 97 == 0 || i == N - 1)) {
                double value = rsi.value().getAsDouble();
                assertEquals(rsiFromScratch(closes, i, 14), value, TOLERANCE, "RSI at " + i);
                assertTrue(value >= 0 && value <= 100);
                checked++;
            }
        }
        assertTrue(checked > 200);
    }

    /** The window forms the trading turn reads (a fresh window of closes every pass) against the streaming ones. */
    @Test
    void windowFormsOverEveryWindowOfTheWalk() {
        double[] walk = randomWalk(50);
        for (int end = 0; end < 2_000; end++) {
            double[] window = java.util.Arrays.copyOfRange(walk, Math.max(0, end - 49), end + 1);
            Closes closes = Closes.of(window);
            Rsi rsi = new Rsi(14);
            Sma sma = new Sma(48);
            for (double close : window) {
                rsi.update(close);
                sma.update(close);
            }
            assertEquals(rsi.value(), Rsi.over(closes, 14), "RSI over the window, bit for bit, at " + end);
            assertEquals(sma.isReady(), Sma.ofLast(closes, 48).isPresent(), "SMA known at " + end);
            if (sma.isReady()) {
                assertEquals(sma.value().getAsDouble(), Sma.ofLast(closes, 48).getAsDouble(), TOLERANCE, "SMA at " + end);
                assertEquals(window[window.length - 1] / sma.value().getAsDouble() - 1,
                        PriceVsSma.ofLast(closes, 48).getAsDouble(), TOLERANCE, "price_vs_sma at " + end);
            } else {
                assertTrue(PriceVsSma.ofLast(closes, 48).isEmpty());
            }
        }
        assertEquals(java.util.OptionalDouble.empty(), Rsi.over(Closes.of(new double[14]), 14), "14 closes are 13 changes");
        assertEquals(java.util.OptionalDouble.of(50), Rsi.over(Closes.of(new double[15]), 14), "nothing moved");
        assertTrue(PriceVsSma.ofLast(Closes.of(), 1).isEmpty());
    }
}
