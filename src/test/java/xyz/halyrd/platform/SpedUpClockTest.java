package xyz.halyrd.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;

class SpedUpClockTest {

    private static final Instant WALL = Instant.parse("2026-11-29T21:00:00Z");
    private static final Instant RESUME = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void runsSpeedTimesFasterFromWhereItResumes() {
        MutableClock wall = new MutableClock(WALL);
        SpedUpClock demo = new SpedUpClock(wall, 720, RESUME, RESUME.plus(Duration.ofDays(1)));
        assertEquals(RESUME, demo.instant());
        wall.advance(Duration.ofSeconds(5));
        assertEquals(RESUME.plus(Duration.ofHours(1)), demo.instant(), "5 s of wall time are a market hour at 720×");
        wall.advance(Duration.ofMillis(1));
        assertEquals(RESUME.plus(Duration.ofHours(1)).plusMillis(720), demo.instant());
        assertEquals(720, SpedUpClock.speedOf(demo));
        assertEquals(1, SpedUpClock.speedOf(Clock.systemUTC()));
    }

    @Test
    void stopsAtItsLimitUntilTheLimitIsExtendedAndNeverGoesBack() {
        MutableClock wall = new MutableClock(WALL);
        Instant limit = RESUME.plus(Duration.ofHours(12));
        SpedUpClock demo = new SpedUpClock(wall, 720, RESUME, limit);
        wall.advance(Duration.ofMinutes(2)); // 24 market hours
        assertEquals(limit, demo.instant(), "a time past the persisted resume point is never given out");
        demo.extendTo(RESUME.plus(Duration.ofDays(2)));
        assertEquals(RESUME.plus(Duration.ofHours(24)), demo.instant());
        demo.extendTo(RESUME); // an older limit changes nothing
        wall.advance(Duration.ofSeconds(5));
        assertEquals(RESUME.plus(Duration.ofHours(25)), demo.instant());
        wall.set(WALL.minusSeconds(60)); // the wall clock stepped back: the demo's time holds
        assertEquals(RESUME.plus(Duration.ofHours(25)), demo.instant());
    }

    @Test
    void aSpeedBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpedUpClock(Clock.systemUTC(), 0, RESUME, RESUME));
    }

    @Test
    void twoClocksOnOneLineTellTheSameTimeAndALaterLineNeverTakesTimeBack() {
        MutableClock wall = new MutableClock(WALL);
        SpedUpClock first = new SpedUpClock(wall, 720, RESUME, RESUME.plus(Duration.ofDays(1)));
        wall.advance(Duration.ofSeconds(10)); // a second node starts two market hours later and joins the line
        SpedUpClock second = new SpedUpClock(wall, 720, first.line(), RESUME.plus(Duration.ofDays(1)));
        assertEquals(RESUME.plus(Duration.ofHours(2)), second.instant());
        assertEquals(first.instant(), second.instant());
        wall.advance(Duration.ofSeconds(5));
        assertEquals(first.instant(), second.instant());
        assertEquals(RESUME.plus(Duration.ofHours(3)), first.line().at(wall.instant(), 720));

        first.runOn(new SpedUpClock.Line(wall.instant(), RESUME.plus(Duration.ofHours(1)))); // a line behind it
        assertEquals(RESUME.plus(Duration.ofHours(3)), first.instant(), "holds still until the line catches up");
        wall.advance(Duration.ofSeconds(15));
        assertEquals(RESUME.plus(Duration.ofHours(4)), first.instant(), "then runs on the new line");
    }
}
