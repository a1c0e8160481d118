package xyz.halyrd.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;

class IdsTest {

    @Test
    void idsCarryThePrefixAndHaveAFixedShape() {
        Ids ids = new Ids(Clock.systemUTC());
        String id = ids.next("jrn");
        assertTrue(id.matches("jrn_[0-9A-HJKMNP-TV-Z]{18}"), id);
        assertTrue(Ids.isWellFormed(id, "jrn"));
        assertFalse(Ids.isWellFormed(id, "cfv"));
        assertFalse(Ids.isWellFormed("jrn_short", "jrn"));
        assertFalse(Ids.isWellFormed("jrn_01M81MJA2MCEZ2P9Ru", "jrn"), "lower case is not ours");
        assertFalse(Ids.isWellFormed(null, "jrn"));
    }

    @Test
    void idsSortInTheOrderTheyWereMadeWithinOneMillisecondAndAcrossTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
        Ids ids = new Ids(clock);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next("ord"));
            if (i % 1000 == 999) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        List<String> sorted = new ArrayList<>(made);
        sorted.sort(null);
        assertEquals(made, sorted);
        assertEquals(made.size(), new HashSet<>(made).size(), "all distinct");
    }

    @Test
    void aClockThatStepsBackDoesNotBreakTheOrder() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
        Ids ids = new Ids(clock);
        String before = ids.next("trd");
        clock.advance(Duration.ofSeconds(-5));
        String after = ids.next("trd");
        assertTrue(after.compareTo(before) > 0, before + " < " + after);
    }

    @Test
    void laterMillisecondsSortLater() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
        Ids ids = new Ids(clock);
        String early = ids.next("jrn");
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        assertTrue(ids.next("jrn").compareTo(early) > 0);
    }
}
