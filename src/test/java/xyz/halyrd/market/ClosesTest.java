package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.Closes;

class ClosesTest {

    @Test
    void sumOfLastAddsTheNewestCloses() {
        Closes closes = Closes.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (int count = 0; count <= 10; count++) {
            double expected = 0;
            for (int i = 10 - count + 1; i <= 10; i++) {
                expected += i;
            }
            assertEquals(expected, closes.sumOfLast(count), "last " + count);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> closes.sumOfLast(11));
    }

    @Test
    void theSameClosesGiveTheSameSumToTheLastBitWhereverTheyComeFrom() {
        // a trading pass reads a window built for it, a backtest a view of a longer array: the same value either way
        SplittableRandom random = new SplittableRandom(7);
        double[] history = new double[500];
        for (int i = 0; i < history.length; i++) {
            history[i] = 100 * Math.exp(random.nextGaussian() * 0.01 * i / 50);
        }
        for (int end = 48; end <= history.length; end += 13) {
            Closes view = Closes.view(history, end - 60 < 0 ? 0 : end - 60, end);
            double[] window = new double[48];
            System.arraycopy(history, end - 48, window, 0, 48);
            assertEquals(Double.doubleToRawLongBits(Closes.of(window).sumOfLast(48)),
                    Double.doubleToRawLongBits(view.sumOfLast(48)), "window ending at " + end);
        }
    }
}
