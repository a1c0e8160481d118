package xyz.halyrd.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's clock: simulated time that runs {@code speed} times faster than the wall clock, from where it was told
 * to resume, in milliseconds (what the database keeps), and never past {@code limit}: a restart resumes from the
 * limit last persisted, so a time this clock gave out is never given out again (see {@link DemoTime}), and it
 * never goes back, not even when the wall clock is set back.
 */
public final class SpedUpClock extends Clock {

    private final Clock wall;
    private final long speed;
    /** Where it runs from: at wall time {@code wall()} the demo's time was {@code at()}. */
    private volatile Line line;
    private volatile Instant limit;
    private final AtomicLong latest;

    /**
     * A line of the demo's time: at wall time {@code wall} it was {@code at}, and it runs on from there at the clock's
     * speed. Every node of a cluster runs on the same line (see {@link DemoTime}).
     */
    public record Line(Instant wall, Instant at) {

        /** The demo's time on this line at wall time {@code now}, at {@code speed}×. */
        public Instant at(Instant now, long speed) {
            return Instant.ofEpochMilli(at.toEpochMilli() + Duration.between(wall, now).toMillis() * speed);
        }
    }

    /** From {@code resumeAt} on, now and at {@code speed}×; {@code limit} caps it until it is {@linkplain #extendTo extended}. */
    public SpedUpClock(Clock wall, long speed, Instant resumeAt, Instant limit) {
        this(wall, speed, new Line(wall.instant(), resumeAt), limit);
    }

    /** On {@code line}, at {@code speed}×; {@code limit} caps it until it is {@linkplain #extendTo extended}. */
    public SpedUpClock(Clock wall, long speed, Line line, Instant limit) {
        if (speed < 1) {
            throw new IllegalArgumentException("speed must be at least 1, was " + speed);
        }
        this.wall = wall;
        this.speed = speed;
        this.line = line;
        this.limit = limit;
        this.latest = new AtomicLong(Math.min(line.at(wall.instant(), speed).toEpochMilli(), limit.toEpochMilli()));
    }

    @Override
    public Instant instant() {
        long now = Math.min(line.at(wall.instant(), speed).toEpochMilli(), limit.toEpochMilli());
        return Instant.ofEpochMilli(latest.accumulateAndGet(now, Math::max)); // a wall clock set back holds it still
    }

    /** The line it runs on. */
    public Line line() {
        return line;
    }

    /**
     * Runs on {@code other} from now on (another node's, shared through the database); a time already given out is
     * never given out again: where the new line is behind, the clock holds still until it catches up.
     */
    public void runOn(Line other) {
        line = other;
    }

    /** Lets the clock run up to {@code newLimit} (once that is safely persisted); never moves the limit back. */
    public synchronized void extendTo(Instant newLimit) {
        if (newLimit.isAfter(limit)) {
            limit = newLimit;
        }
    }

    /** How many times faster than the wall clock {@code clock} runs: 1 for any clock but a sped-up one. */
    public static long speedOf(Clock clock) {
        return clock instanceof SpedUpClock sped ? sped.speed : 1;
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
        throw new IllegalArgumentException("the demo clock is UTC only");
    }
}
