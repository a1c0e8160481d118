package xyz.halyrd.backtest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's progress is written when it moved a hundredth and half a second of computing has passed, not oftener. */
class ProgressWritesTest {

    private long nanos;
    private final List<Double> written = new ArrayList<>();
    private final Backtests.ProgressWrites progress = new Backtests.ProgressWrites(written::add,
            Duration.ofMillis(500), () -> nanos);

    @Test
    void aQuickRunWritesNothingASlowOneEveryHalfSecondThatMovedAHundredth() {
        for (int step = 0; step <= 100; step++) {
            progress.accept(step / 100.0); // a hundred reports within the first half second
        }
        assertEquals(List.of(), written);

        nanos += Duration.ofMillis(499).toNanos();
        progress.accept(0.5);
        assertEquals(List.of(), written, "499 ms is not half a second");
        nanos += Duration.ofMillis(1).toNanos();
        progress.accept(0.5);
        assertEquals(List.of(0.5), written);

        nanos += Duration.ofSeconds(2).toNanos();
        progress.accept(0.505);
        assertEquals(List.of(0.5), written, "half a hundredth is not worth a commit");
        progress.accept(0.51);
        assertEquals(List.of(0.5, 0.51), written);
    }
}
