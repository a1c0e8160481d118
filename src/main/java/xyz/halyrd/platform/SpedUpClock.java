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
    private final Instant wallAnchor;
    private final Instant resumedAt;
    private volatile Instant limit;
    private final AtomicLong latest;

    /** From {@code resumeAt} on, now and at {@code speed}×; {@code limit} caps it until it is {@linkplain #extendTo extended}. */
    public SpedUpClock(Clock wall, long speed, Instant resumeAt, Instant limit) {
        if (speed < 1) {
            throw new IllegalArgumentException("speed must be at least 1, was " + speed);
        }
        this.wall = wall;
        this.speed = speed;
        this.wallAnchor = wall.instant();
        this.resumedAt = resumeAt;
        this.limit = limit;
        this.latest = new AtomicLong(resumeAt.toEpochMilli());
    }

    @Override
    public Instant instant() {
        Duration lived = Duration.between(wallAnchor, wall.instant());
        long now = Math.min(resumedAt.toEpochMilli() + lived.toMillis() * speed, limit.toEpochMilli());
        return Instant.ofEpochMilli(latest.accumulateAndGet(now, Math::max)); // a wall clock set back holds it still
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
