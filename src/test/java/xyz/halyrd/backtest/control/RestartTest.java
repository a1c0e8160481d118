package xyz.halyrd.backtest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.cycle.InProcessCycle;
import xyz.halyrd.market.entity.Token;

/**
 * A restart in the middle of a run: what the stopped process left running (or still queued) ends failed with the
 * reason when the next process starts, never half-done; finished runs stay as they ended.
 */
class RestartTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void runsCutOffByARestartEndFailedWithTheReason() {
        MutableClock clock = new MutableClock(NOW);
        try (InProcessCycle.Database database = InProcessCycle.Database.inMemory("backtest-restart")) {
            try (InProcessCycle before = new InProcessCycle(database, clock, Map.of())) {
                before.withEntityManager(em -> {
                    Backtest running = backtest("bt_running");
                    running.start(NOW);
                    running.progress(0.4);
                    Backtest done = backtest("bt_done");
                    done.start(NOW);
                    done.done("{}", true, NOW);
                    List.of(running, done, backtest("bt_queued")).forEach(em::persist);
                    return null;
                }); // the process stops here, the run unfinished
            }
            clock.advance(Duration.ofMinutes(3));
            try (InProcessCycle after = new InProcessCycle(database, clock, Map.of())) {
                Backtests restarted = new Backtests();
                restarted.clock = clock;
                after.withEntityManager(em -> {
                    restarted.em = em;
                    restarted.failInterrupted();
                    return null;
                });
                after.withEntityManager(em -> {
                    Backtest running = em.find(Backtest.class, "bt_running");
                    assertEquals(Backtest.Status.FAILED, running.status());
                    assertEquals(Backtests.INTERRUPTED, running.reason());
                    assertEquals(NOW.plus(Duration.ofMinutes(3)), running.finishedAt());
                    assertEquals(Backtest.Status.FAILED, em.find(Backtest.class, "bt_queued").status());
                    Backtest done = em.find(Backtest.class, "bt_done");
                    assertEquals(Backtest.Status.DONE, done.status());
                    assertEquals(Boolean.TRUE, done.passedGate());
                    return null;
                });
            }
        }
    }

    private static Backtest backtest(String id) {
        return new Backtest(id, NOW, "mean-reversion-v1", "{}", List.of(Token.ETH), NOW.minus(Duration.ofDays(7)), NOW,
                Duration.ofMinutes(5), new BigDecimal("1000"), Backtest.Source.SIMULATED, 42);
    }
}
