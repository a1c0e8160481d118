package xyz.halyrd.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.control.SimulatedMarket;

/**
 * The default demo in process, as the uber-jar builds it on its defaults (seed 42, eight days of history, realistic bad
 * quotes) for a demo begun at {@code start}, on a database of its own; {@link #nextHour()} is what the timer does.
 */
final class DefaultDemo implements AutoCloseable {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final MutableClock clock;
    private final InProcessCycle.Database database;
    private final InProcessCycle cycle;

    private DefaultDemo(Instant start) {
        clock = new MutableClock(start);
        SimulatedMarket market = new SimulatedMarket(clock, 42, Duration.ofDays(8),
                SimulatedMarket.Anomalies.REALISTIC, start);
        database = InProcessCycle.Database.inMemory("demo-" + start.toEpochMilli() + "-" + RUNS.incrementAndGet());
        cycle = new InProcessCycle(database, clock, Map.of(), market);
    }

    static DefaultDemo begunAt(Instant start) {
        return new DefaultDemo(start);
    }

    /** One pass of the trading cycle's timer, a market hour after the last (the demo's cadence, whatever its speed). */
    void nextHour() {
        clock.advance(Duration.ofHours(1));
        cycle.tick();
    }

    InProcessCycle cycle() {
        return cycle;
    }

    @Override
    public void close() {
        try {
            cycle.close();
        } finally {
            database.close();
        }
    }
}
