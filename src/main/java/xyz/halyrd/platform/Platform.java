package xyz.halyrd.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Produces the process-wide clocks and id source; everything that reads the time gets it from here. */
@ApplicationScoped
public class Platform {

    @Produces
    @Singleton
    Clock clock(DemoTime time) {
        return time.clock(); // the wall clock in milliseconds, or the demo's sped-up one
    }

    /**
     * The wall clock in milliseconds (what the database keeps), never sped up or moved by a test's probe: the trading
     * lease's expiry is compared between nodes, whose agent clocks need not agree.
     */
    @Produces
    @Singleton
    @WallClock
    Clock wallClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Produces
    @Singleton
    Ids ids(Clock clock) {
        return new Ids(clock);
    }
}
