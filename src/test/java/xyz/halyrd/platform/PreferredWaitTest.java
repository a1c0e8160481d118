package xyz.halyrd.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferredWaitTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    private static Duration waitOf(String... headers) {
        return PreferredWait.of(headers.length == 0 ? null : List.of(headers), MAX);
    }

    @Test
    void theWaitIsReadFromAnyPreferHeaderInAnyPlaceOfItsList() {
        assertEquals(Duration.ofSeconds(30), waitOf("wait=30"));
        assertEquals(Duration.ofSeconds(5), waitOf("respond-async, wait=5"));
        assertEquals(Duration.ofSeconds(5), waitOf("return=minimal", "Wait = \"5\"; ignored=param"));
        assertEquals(Duration.ZERO, waitOf("wait=0"));
    }

    @Test
    void aLongerWaitThanTheServerGrantsIsCutToIt() {
        assertEquals(MAX, waitOf("wait=61"));
        assertEquals(MAX, waitOf("wait=9999999999"));
    }

    @Test
    void noWaitOrOneThatCannotBeReadIsIgnoredAsTheRfcAsks() {
        assertEquals(Duration.ZERO, waitOf());
        for (String unreadable : List.of("", "respond-async", "wait", "wait=", "wait=soon", "wait=-1", "wait=1.5",
                "wait=99999999999", "waiting=5", "wait=\"", "wait=5s")) {
            assertEquals(Duration.ZERO, waitOf(unreadable), unreadable);
        }
        assertEquals(Duration.ZERO, waitOf("wait=soon, wait=5"), "the first wait counts");
    }
}
