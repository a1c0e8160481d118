package xyz.halyrd.cycle.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Whether a trading pass is running, for work that gives way to it. A backtest asks before each of its steps and
 * waits while a pass runs: on a two-core machine a replay at full speed otherwise takes the core a pass needs and
 * fills the heap while it runs — measured, a pass that books a fill took 2.8 times as long beside a running backtest
 * (CyclePassBenchmark, docs/testing.md). A pass is a few milliseconds every few seconds, so the backtest loses
 * almost nothing. Thread-safe, without locks on the way in: a step that finds no pass running costs one volatile
 * read.
 */
@ApplicationScoped
public class PassGate {

    /** The longest one wait lasts: a pass that hangs must not hold every backtest with it. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    private final AtomicInteger passes = new AtomicInteger();
    private final Object idle = new Object();

    /** A pass begins. */
    public void enter() {
        passes.incrementAndGet();
    }

    /** A pass ended (after {@link #enter}, in a finally). */
    public void leave() {
        if (passes.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Whether a pass is running now. */
    public boolean passRunning() {
        return passes.get() > 0;
    }

    /**
     * {@link #passRunning} as a function bound to this gate itself, not to the bean's proxy: a backtest asks on every
     * step, and a call through the proxy was a few percent of its replay.
     */
    public BooleanSupplier running() {
        return this::passRunning;
    }

    /**
     * Returns at once when no pass is running; otherwise when it ends, after {@link #LONGEST_WAIT} at most, or when
     * the waiting thread is interrupted (its flag set again).
     */
    public void awaitNoPass() {
        if (!passRunning()) {
            return;
        }
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        synchronized (idle) {
            long left = deadline - System.nanoTime();
            while (passRunning() && left > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                left = deadline - System.nanoTime();
            }
        }
    }
}
