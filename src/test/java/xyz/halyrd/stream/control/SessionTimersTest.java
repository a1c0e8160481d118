package xyz.halyrd.stream.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTimersTest {

    /** The shape of Tyrus's session: its timers' scheduler in a private field of a superclass. */
    static class TimedSession {
        private ScheduledExecutorService service;

        ScheduledExecutorService service() {
            return service;
        }
    }

    static final class TyrusLikeSession extends TimedSession {
        TyrusLikeSession(ScheduledExecutorService containers) {
            ((TimedSession) this).service = containers;
        }
    }

    /** A session whose field of that name holds something else. */
    static final class OtherSession {
        @SuppressWarnings("unused")
        private final String service = "not a scheduler";
    }

    private final ScheduledExecutorService containers = Executors.newSingleThreadScheduledExecutor();
    private final SessionTimers timers = new SessionTimers(Executors.defaultThreadFactory());

    @AfterEach
    void stop() {
        containers.shutdownNow();
        timers.shutdown();
    }

    @Test
    void aSessionsTimersMoveFromItsContainersSchedulerToTheStreamsOwnOneSessionAfterTheOther() {
        TyrusLikeSession first = new TyrusLikeSession(containers);
        TyrusLikeSession second = new TyrusLikeSession(containers);

        assertTrue(timers.adopt(first));
        assertSame(timers.scheduler(), first.service());
        assertSame(containers, second.service(), "only the session adopted");
        assertTrue(timers.adopt(second));
        assertSame(timers.scheduler(), second.service());
    }

    @Test
    void aSessionWithoutSuchAFieldKeepsWhatItHas() {
        assertFalse(timers.adopt(new OtherSession()));
        assertFalse(timers.adopt(new Object()));
        TyrusLikeSession tyrus = new TyrusLikeSession(containers);
        assertTrue(timers.adopt(tyrus), "a refusal leaves nothing behind for the sessions after it");
        assertNotSame(containers, tyrus.service());
    }

    @Test
    void aRestartedTimerLeavesNothingQueued() {
        var scheduled = timers.scheduler().schedule(() -> { }, 1, java.util.concurrent.TimeUnit.HOURS);
        scheduled.cancel(false);
        assertTrue(((java.util.concurrent.ScheduledThreadPoolExecutor) timers.scheduler()).getQueue().isEmpty(),
                "Tyrus cancels and schedules on every send: cancelled timers must not pile up");
    }
}
