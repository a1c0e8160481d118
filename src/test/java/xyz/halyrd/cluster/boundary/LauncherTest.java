package xyz.halyrd.cluster.boundary;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import xyz.halyrd.platform.Ids;

/** The node id the launcher gives a clustered node without one: the shape of the lease's own, a new one each time. */
class LauncherTest {

    @Test
    void aNodeWithoutAnIdGetsOneOfTheLeasesShape() {
        String first = Launcher.newNodeId();
        assertTrue(Ids.isWellFormed(first, "node"), first);
        assertNotEquals(first, Launcher.newNodeId());
    }
}
