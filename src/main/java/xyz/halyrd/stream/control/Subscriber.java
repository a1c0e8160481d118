package xyz.halyrd.stream.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connected stream client: a bounded queue of messages and at most one send in flight. Publishers only ever
 * offer to the queue; a client whose queue overflows has stopped keeping up and is closed with 1013 (try again
 * later), on another thread, so that neither the publisher nor any other client waits for it.
 */
final class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());
    static final CloseReason LAGGING = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "Client fell too far behind the stream; reconnect to resume.");
    static final CloseReason FAILED = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");

    private final Session session;
    private final ArrayBlockingQueue<String> queue;
    private final Executor closer;
    private final Runnable onClosed;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscriber(Session session, int capacity, Executor closer, Runnable onClosed) {
        this.session = session;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.closer = closer;
        this.onClosed = onClosed;
    }

    /** Queues a message without ever blocking; closes this client if its queue is full. */
    void offer(String message) {
        if (closed.get()) {
            return;
        }
        if (!queue.offer(message)) {
            close(LAGGING);
            return;
        }
        drain();
    }

    private void drain() {
        if (closed.get() || !sending.compareAndSet(false, true)) {
            return;
        }
        String next = queue.poll();
        if (next == null) {
            sending.set(false);
            if (!queue.isEmpty()) { // a message arrived between poll and release
                drain();
            }
            return;
        }
        try {
            session.getAsyncRemote().sendText(next, result -> {
                sending.set(false);
                if (result.isOK()) {
                    drain();
                } else {
                    close(FAILED);
                }
            });
        } catch (RuntimeException e) {
            sending.set(false);
            close(FAILED);
        }
    }

    void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        onClosed.run();
        LOG.info(() -> "Closing stream session " + session.getId() + ": " + reason.getReasonPhrase());
        closer.execute(() -> {
            try {
                if (session.isOpen()) {
                    session.close(reason);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Stream session " + session.getId() + " was already gone", e);
            }
        });
    }
}
