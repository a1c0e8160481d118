package xyz.halyrd.stream.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connected stream client: a bounded queue of messages and at most one send in flight. Publishers only ever
 * offer to the queue; every send is started on the {@code sender} (never on the publisher's thread, nor on the
 * thread that completed the previous send). A client whose queue overflows has stopped keeping up and is closed with
 * 1013 (try again later), on the {@code closer}, so that neither the publisher nor any other client waits for it.
 */
final class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());
    static final CloseReason LAGGING = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "Client fell too far behind the stream; reconnect to resume.");
    static final CloseReason FAILED = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");

    private final Session session;
    private final ArrayBlockingQueue<String> queue;
    private final Executor sender;
    private final Executor closer;
    private final Runnable onClosed;
    /** True from the moment a send is handed to the sender until the queue is found empty with no send in flight. */
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscriber(Session session, int capacity, Executor sender, Executor closer, Runnable onClosed) {
        this.session = session;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
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
        if (sending.compareAndSet(false, true)) {
            sender.execute(this::sendNext);
        }
    }

    /** On the sender: starts the send of the next queued message, or lets the next offer start it. */
    private void sendNext() {
        if (closed.get()) {
            return;
        }
        String next = queue.poll();
        if (next == null) {
            sending.set(false);
            // a message offered between the poll and the release found sending still true: it is ours to send
            if (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                sendNext();
            }
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        // Tyrus restarts the session's idle timer on every send by scheduling a task on the server's managed
        // scheduled executor, and Payara captures the task's context by a ServiceLoader search of the thread's
        // context class loader: through the WAR's every library that was 78 % of the server's CPU with 1 000
        // clients (JFR). Without a context class loader the search covers only the launcher's class path.
        thread.setContextClassLoader(null);
        try {
            session.getAsyncRemote().sendText(next, this::sent);
        } catch (RuntimeException e) {
            close(FAILED);
        } finally {
            thread.setContextClassLoader(loader);
        }
    }

    private void sent(SendResult result) {
        if (result.isOK()) {
            sender.execute(this::sendNext);
        } else {
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
