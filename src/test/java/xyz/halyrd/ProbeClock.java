package xyz.halyrd;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Test-only clock for the deployed WAR: the system clock in milliseconds, which a test may move forward (never
 * back) through the probe — e.g. past a UTC midnight — so time-driven behaviour is tested without waiting.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class ProbeClock {

    /** The one clock every component of the deployment gets; its offset only grows. */
    public static final class Forwardable extends Clock {

        private final Clock base = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        private volatile Duration offset = Duration.ZERO;

        /** Moves the clock forward to {@code to}; a time already passed changes nothing. */
        public synchronized void forwardTo(Instant to) {
            Duration needed = Duration.between(base.instant(), to);
            if (needed.compareTo(offset) > 0) {
                offset = needed;
            }
        }

        @Override
        public Instant instant() {
            return base.instant().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            if (ZoneOffset.UTC.equals(zone)) {
                return this;
            }
            throw new IllegalArgumentException("the probe clock is UTC only");
        }
    }

    private final Forwardable clock = new Forwardable();

    @Produces
    @Singleton
    Forwardable clock() {
        return clock;
    }
}
