package xyz.halyrd.market.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulated market's eight-digit prices, rounded without a decimal string, equal the decimal string's rounding;
 * so do the doubles of them a backtest reads without a BigDecimal.
 */
class SimulatedMarketPriceTest {

    private static final MathContext EIGHT_DIGITS = new MathContext(8);

    private static void assertRoundsAsBigDecimal(double value) {
        BigDecimal expected = BigDecimal.valueOf(value).round(EIGHT_DIGITS);
        BigDecimal actual = SimulatedMarket.price(value);
        assertEquals(0, expected.compareTo(actual), () -> value + ": " + expected + " but " + actual);
        assertEquals(expected.doubleValue(), actual.doubleValue(), () -> "the double an indicator reads of " + value);
        assertEquals(expected.doubleValue(), SimulatedMarket.priceAsDouble(value),
                () -> "the double a backtest's window takes of " + value);
    }

    @Test
    void aMillionPricesAcrossEveryMagnitudeRoundAsTheDecimalStringDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            assertRoundsAsBigDecimal(Math.pow(10, random.nextDouble(-9, 11)));
        }
    }

    @Test
    void powersOfTenCarriesAndTheEdgesOfTheFastPath() {
        for (int k = -10; k <= 12; k++) {
            double power = Double.parseDouble("1e" + k);
            assertRoundsAsBigDecimal(power);
            assertRoundsAsBigDecimal(Math.nextDown(power));
            assertRoundsAsBigDecimal(Math.nextUp(power));
        }
        for (double carry : new double[] {99_999_999.6, 9.99999996, 0.0999999996, 999.999995, 1e10 - 0.5}) {
            assertRoundsAsBigDecimal(carry);
        }
        assertRoundsAsBigDecimal(0);
        assertRoundsAsBigDecimal(12_345_678_901.0);
        assertRoundsAsBigDecimal(0.000_000_001_234_567_89);
        assertRoundsAsBigDecimal(612.34567);
        assertRoundsAsBigDecimal(0.5);
    }
}
