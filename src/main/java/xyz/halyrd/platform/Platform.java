package xyz.halyrd.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Produces the process-wide clock and id source; everything that reads the time gets it from here. */
@ApplicationScoped
public class Platform {

    @Produces
    @Singleton
    Clock clock() {
        // Milliseconds: what the database keeps (InstantConverter), so a time read back equals the one written.
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Produces
    @Singleton
    Ids ids(Clock clock) {
        return new Ids(clock);
    }
}
