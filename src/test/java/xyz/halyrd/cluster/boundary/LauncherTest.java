package xyz.halyrd.cluster.boundary;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import xyz.halyrd.platform.Ids;

/** The node id the launcher gives a clustered node without one: the shape of the lease's own, a new one each time. */
class LauncherTest {

    @Test
    void aNodeWithoutAnIdGetsOneOfTheLeasesShape() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
        String first = Launcher.newNodeId(clock);
        assertTrue(Ids.isWellFormed(first, "node"), first);
        assertNotEquals(first, Launcher.newNodeId(clock), "random after the time: two starts in one millisecond differ");
    }
}
