package xyz.halyrd.cycle.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work that gives way to a trading pass: it goes on at once without one, and waits for a running one to end. */
class PassGateTest {

    private final PassGate gate = new PassGate();

    @Test
    void withoutAPassNothingWaits() {
        assertFalse(gate.passRunning());
        long start = System.nanoTime();
        gate.awaitNoPass();
        assertTrue(System.nanoTime() - start < PassGate.LONGEST_WAIT.toNanos());
    }

    @Test
    void theRunningSignalFollowsPassesInAndOut() {
        java.util.function.BooleanSupplier running = gate.running();
        assertFalse(running.getAsBoolean());
        gate.enter();
        gate.enter();
        assertTrue(running.getAsBoolean());
        gate.leave();
        assertTrue(running.getAsBoolean(), "one pass still running");
        gate.leave();
        assertFalse(running.getAsBoolean());
    }

    @Test
    void aBacktestStepWaitsUntilThePassEnds() throws Exception {
        gate.enter();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> step = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            gate.awaitNoPass();
            return gate.passRunning();
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        assertFalse(step.isDone(), "the step waits while the pass runs");
        gate.leave();
        assertEquals(false, step.get(5, TimeUnit.SECONDS), "it goes on once the pass is over");
    }

    @Test
    void aPassThatHangsHoldsAStepForTheLongestWaitOnly() throws Exception {
        gate.enter();
        long start = System.nanoTime();
        CompletableFuture<Void> step = CompletableFuture.runAsync(gate::awaitNoPass);
        await().atMost(Duration.ofSeconds(10)).until(step::isDone);
        assertTrue(System.nanoTime() - start >= PassGate.LONGEST_WAIT.toNanos());
        assertTrue(gate.passRunning(), "the pass is still running; the step went on regardless");
        gate.leave();
    }

    @Test
    void anInterruptedWaitEndsWithItsFlagSet() throws Exception {
        gate.enter();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread step = new Thread(() -> {
            gate.awaitNoPass();
            interrupted.complete(Thread.currentThread().isInterrupted());
        });
        step.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> step.getState() == Thread.State.TIMED_WAITING);
        step.interrupt();
        assertTrue(interrupted.get(5, TimeUnit.SECONDS));
        gate.leave();
    }
}
