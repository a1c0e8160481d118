package xyz.halyrd.stream.control;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Writes a stream client's queued messages as frames encoded once for every client ({@link TextFrame}), several in
 * one write. Through the WebSocket API each message to each client is framed and UTF-8-encoded again, and each frame
 * is a write of its own with a fresh 8 kB buffer: with 1 000 clients that was 80 % of a send (JFR, 2026-12-02).
 * Tyrus (2.1, in Payara 6) can write bytes that are already frames ({@code TyrusWebSocket.sendRawFrame}), answering
 * a {@code CompletableFuture}; its web socket is a field of the session's remote endpoint, read here by reflection.
 * Where that is not possible (another WebSocket implementation) messages are written one by one through the API,
 * which does the same, only slower, and this is said once in the log.
 */
public final class RawFrames {

    private static final Logger LOG = Logger.getLogger(RawFrames.class.getName());
    /** How the log says that messages go one by one through the API (an integration test looks for it). */
    public static final String KEPT = "Stream messages are written one by one through the WebSocket API";
    /** The field of Tyrus's remote endpoint that holds its web socket. */
    static final String FIELD = "webSocket";
    /** The web socket's method that writes bytes as they are. */
    static final String METHOD = "sendRawFrame";

    /** The field and method found for the remote endpoints' class; those of one server are all of one class. */
    private record Access(Class<?> remote, Field webSocket, Method sendRawFrame) {
    }

    private final AtomicBoolean toldKept = new AtomicBoolean();
    private volatile Access access;
    /** Set once a write answered a future that cannot say when it completes: later sessions go one by one. */
    private volatile boolean unusable;

    /** How the messages of {@code session}'s client are written. */
    Wire wireOf(Session session) {
        return wireOf(session.getAsyncRemote(), session);
    }

    /** How the messages of {@code session}'s client are written, {@code remote} being its asynchronous endpoint. */
    Wire wireOf(Object remote, Session session) {
        if (unusable) {
            return Wire.oneByOne(session);
        }
        try {
            Access known = access;
            if (known == null || known.remote() != remote.getClass()) {
                known = find(remote.getClass());
                access = known;
            }
            Object webSocket = known.webSocket().get(remote);
            if (webSocket == null) {
                throw new NoSuchFieldException(FIELD + " is null");
            }
            return new Gathering(webSocket, known.sendRawFrame());
        } catch (ReflectiveOperationException | RuntimeException e) {
            kept(remote.getClass().getName() + ": " + e);
            return Wire.oneByOne(session);
        }
    }

    private void kept(String why) {
        if (toldKept.compareAndSet(false, true)) {
            LOG.info(() -> KEPT + " (" + why + "); each send costs more.");
        }
    }

    private static Access find(Class<?> remote) throws ReflectiveOperationException {
        Field webSocket = SessionTimers.field(remote, FIELD, Object.class);
        webSocket.setAccessible(true);
        Method write = webSocket.getType().getMethod(METHOD, ByteBuffer.class);
        if (!Future.class.isAssignableFrom(write.getReturnType())) {
            throw new NoSuchMethodException(METHOD + " answers " + write.getReturnType().getName());
        }
        return new Access(remote, webSocket, write);
    }

    /** One client's frames, gathered into one write of bytes as they are. */
    private final class Gathering implements Wire {

        private final Object webSocket;
        private final Method sendRawFrame;

        Gathering(Object webSocket, Method sendRawFrame) {
            this.webSocket = webSocket;
            this.sendRawFrame = sendRawFrame;
        }

        @Override
        public boolean gathers() {
            return true;
        }

        @Override
        public void write(List<TextFrame> frames, Consumer<Throwable> written) {
            ByteBuffer bytes;
            if (frames.size() == 1) {
                bytes = frames.get(0).buffer();
            } else {
                byte[] all = new byte[frames.stream().mapToInt(TextFrame::length).sum()];
                int at = 0;
                for (TextFrame frame : frames) {
                    at = frame.copyInto(all, at);
                }
                bytes = ByteBuffer.wrap(all);
            }
            Object answer;
            try {
                answer = sendRawFrame.invoke(webSocket, bytes);
            } catch (InvocationTargetException e) {
                written.accept(e.getCause());
                return;
            } catch (IllegalAccessException e) {
                written.accept(e);
                return;
            }
            if (answer instanceof CompletionStage<?> stage) {
                stage.whenComplete((frame, failure) -> written.accept(failure));
            } else { // a future that cannot call back: never used again, and never waited for
                unusable = true;
                kept(answer.getClass().getName() + " cannot say when a write completes");
                written.accept(outcomeNow((Future<?>) answer));
            }
        }
    }

    /**
     * A write's outcome if it has one already; else a failure, so that its client is closed rather than a sender
     * thread held until a client that may have stopped reading reads on. The client reconnects with the last seq it
     * read and is sent what it missed.
     */
    static Throwable outcomeNow(Future<?> write) {
        if (!write.isDone()) {
            return new IllegalStateException("a write that cannot say when it completes had not completed");
        }
        try {
            write.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (InterruptedException e) { // not blocking: done futures answer at once
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
