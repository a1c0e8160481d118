package xyz.halyrd.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Produces the process-wide clock and id source; everything that reads the time gets it from here. */
@ApplicationScoped
public class Platform {

    @Produces
    @Singleton
    Clock clock(DemoTime time) {
        return time.clock(); // the wall clock in milliseconds, or the demo's sped-up one
    }

    @Produces
    @Singleton
    Ids ids(Clock clock) {
        return new Ids(clock);
    }
}
