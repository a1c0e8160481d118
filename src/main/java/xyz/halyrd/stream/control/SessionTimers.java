package xyz.halyrd.stream.control;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The scheduler a stream session's own timers run on. Tyrus (2.1, in Payara 6) restarts a session's idle timer on
 * every send by scheduling a task on its container's scheduled executor — even when the session has no idle timeout,
 * as the stream's have not (a client's liveness is its pong) — and the container's executor is Payara's managed one,
 * which captures the sending thread's context for each task: with 1 000 clients that was a third of every send (JFR,
 * 2026-11-30). A stream session is handed this plain scheduler instead (one thread of the default
 * {@code ManagedThreadFactory}, made with its context once), where such a task costs a queue entry. Tyrus has no
 * setting for it, so the session's field is set by reflection; where that is not possible (another WebSocket
 * implementation) the session keeps its container's scheduler, which does the same, only slower, and this is said
 * once in the log.
 */
public final class SessionTimers {

    private static final Logger LOG = Logger.getLogger(SessionTimers.class.getName());
    /** How the log says that the sessions keep their container's scheduler (an integration test looks for it). */
    public static final String KEPT = "Stream sessions keep their container's timer scheduler";
    /** The field of Tyrus's session that holds the scheduler of its idle and heartbeat timers. */
    static final String FIELD = "service";

    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean toldKept = new AtomicBoolean();
    /** The field found on the sessions' class; sessions of one server are all of one class. */
    private volatile Field field;

    SessionTimers(ThreadFactory threads) {
        scheduler = new ScheduledThreadPoolExecutor(1, threads);
        scheduler.setRemoveOnCancelPolicy(true); // a restarted timer leaves nothing queued behind
    }

    /** Runs the timers of {@code session} (a WebSocket {@link Session}) on this scheduler from now on; whether it does. */
    boolean adopt(Object session) {
        try {
            Field known = field;
            if (known == null || !known.getDeclaringClass().isInstance(session)) {
                known = find(session.getClass());
                known.setAccessible(true);
                field = known;
            }
            known.set(session, scheduler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (toldKept.compareAndSet(false, true)) {
                LOG.info(() -> KEPT + " (" + session.getClass().getName()
                        + ": " + e + "); each send costs more.");
            }
            return false;
        }
    }

    private static Field find(Class<?> type) throws NoSuchFieldException {
        return field(type, FIELD, ScheduledExecutorService.class);
    }

    /** The field {@code name} of {@code type} or of a superclass, declared of {@code declared} or a subtype of it. */
    static Field field(Class<?> type, String name, Class<?> declared) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field candidate : c.getDeclaredFields()) {
                if (candidate.getName().equals(name) && declared.isAssignableFrom(candidate.getType())) {
                    return candidate;
                }
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** The scheduler the adopted sessions' timers run on. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void shutdown() {
        scheduler.shutdownNow();
    }
}
