package xyz.halyrd.stream.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One stream client, from its handshake on: a bounded queue of messages and at most one send in flight, which writes
 * what has queued meanwhile at once where its {@link Wire} gathers (the frames of several messages in one write). It
 * queues from the moment it is subscribed, during the handshake, and sends once its session is attached (the
 * endpoint's open), so an event that commits between the two is not lost. A client is pinged at every {@link #tick}; one whose
 * pong has not come back by the next tick is lagging by at least that long, however much the socket buffers took
 * (a pong comes only after everything sent before its ping has been read), and is closed like one whose queue
 * overflows. Publishers only ever
 * offer to the queue; every send is started on the {@code sender} (never on the publisher's thread, nor on the
 * thread that completed the previous send). A client whose queue overflows has stopped keeping up and is closed with
 * 1013 (try again later), on the {@code closer}, so that neither the publisher nor any other client waits for it.
 */
public final class Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());
    static final CloseReason LAGGING = new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
            "Client fell too far behind the stream; reconnect to resume.");
    static final CloseReason FAILED = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
    private static final CloseReason GONE = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "gone");
    private static final ByteBuffer PING = ByteBuffer.wrap("halyrd".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    /** Null until attached; then the only session this client ever has. */
    private volatile Session session;
    /** How the messages are written to the session's socket; set before the session. */
    private Wire wire;
    private final ArrayBlockingQueue<TextFrame> queue;
    private final Executor sender;
    private final Executor closer;
    private final Consumer<Subscriber> onClosed;
    /** True from the moment a send is handed to the sender until the queue is found empty with no send in flight. */
    private final AtomicBoolean sending = new AtomicBoolean();
    /** A ping was sent (or, before the open, a tick passed) and no pong has come back since. */
    private final AtomicBoolean awaitingPong = new AtomicBoolean();
    /** Null while open; the reason it was closed with once closed (the first close wins). */
    private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();
    /** What to do once everything queued is sent (a client catching up asks for its next page); run once. */
    private final AtomicReference<Runnable> whenDrained = new AtomicReference<>();
    /**
     * The seq of the last message queued (for a client that resumed, at first the seq it resumed after): a message
     * of this seq or older is not queued again. Read and written by the stream's delivery thread only.
     */
    private long lastQueued;

    Subscriber(int capacity, Executor sender, Executor closer, Consumer<Subscriber> onClosed) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
        this.closer = closer;
        this.onClosed = onClosed;
    }

    /**
     * The client's session, once open, and how its messages are written: sends what was queued since the handshake,
     * and from then on as messages come. A client that fell too far behind before this is closed at once.
     */
    void attach(Session open, Wire writes) {
        awaitingPong.set(false); // a tick may have passed since the handshake
        wire = writes; // published by the volatile write below
        session = open;
        if (closedWith.get() != null) {
            closer.execute(this::closeSession);
        } else {
            startSending();
            runIfDrained(); // a page asked for before the open, with nothing queued
        }
    }

    /**
     * Nothing up to {@code seq} is queued: a client that resumes after it ({@link Subscribers#resume}), or a new one,
     * for which it is the newest seq when it subscribes.
     */
    void resumeAfter(long seq) {
        lastQueued = seq;
    }

    /** The seq of the last message queued for this client. */
    long lastQueued() {
        return lastQueued;
    }

    /** Runs {@code next} once, on the sender, when the queue has been sent out (at once if it already is). */
    void whenDrained(Runnable next) {
        whenDrained.set(next);
        runIfDrained();
    }

    /** Hands the drained-queue task to the sender if the queue is sent out now; a send under way runs it itself. */
    private void runIfDrained() {
        if (session != null && queue.isEmpty() && !sending.get()) {
            Runnable now = whenDrained.getAndSet(null);
            if (now != null) {
                sender.execute(now);
            }
        }
    }

    boolean isClosed() {
        return closedWith.get() != null;
    }

    /**
     * Queues message {@code seq} without ever blocking, unless it was queued before; closes this client if its queue
     * is full. Called by the delivery thread only, in seq order.
     */
    void offer(long seq, TextFrame message) {
        if (closedWith.get() != null || seq <= lastQueued) {
            return;
        }
        lastQueued = seq;
        if (!queue.offer(message)) {
            close(LAGGING);
            return;
        }
        startSending();
    }

    /**
     * Closes the client if the last ping is still unanswered, else pings it (on the sender). A client whose open has
     * not come by the second tick after its handshake (a handshake that failed after it was subscribed) is dropped
     * the same way.
     */
    void tick() {
        if (closedWith.get() != null) {
            return;
        }
        if (awaitingPong.getAndSet(true)) {
            close(LAGGING);
        } else if (session != null) {
            sender.execute(this::ping);
        }
    }

    /** The client answered the last ping. */
    public void pong() {
        awaitingPong.set(false);
    }

    private void ping() {
        try {
            session.getAsyncRemote().sendPing(PING.duplicate());
        } catch (IOException | RuntimeException e) {
            close(FAILED);
        }
    }

    /** Hands the next send to the sender unless one is under way or the session is not attached yet. */
    private void startSending() {
        // offer queues before it reads the session, attach sets the session before it reads the queue: one sees both
        if (session != null && !queue.isEmpty() && sending.compareAndSet(false, true)) {
            sender.execute(this::sendNext);
        }
    }

    /**
     * On the sender: starts the write of what is queued — as many messages as the wire gathers into one write, up to
     * {@link Wire#MOST_BYTES} — or lets the next offer start it.
     */
    private void sendNext() {
        while (closedWith.get() == null) {
            List<TextFrame> next = nextWrite();
            if (next.isEmpty()) {
                sending.set(false);
                // a message offered between the poll and the release found sending still true: it is ours to send
                if (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                    continue;
                }
                runIfDrained();
                return;
            }
            Write write = new Write();
            try {
                wire.write(next, write::completed); // attached, or nothing would have started it
            } catch (RuntimeException e) {
                close(FAILED);
                return;
            }
            if (!write.returned()) {
                return; // its completion hands the next send to the sender
            }
            if (write.failure != null) {
                close(FAILED);
                return;
            }
            // the socket took it all during the write itself (the usual case): the next one goes on here
        }
    }

    /**
     * One write in flight: whichever comes second, its completion or the return of the call that started it, goes on
     * with the next. A write that completes before it returns is followed on the same thread, with no hand-over.
     */
    private final class Write {
        private final AtomicBoolean oneDone = new AtomicBoolean();
        private volatile Throwable failure;

        void completed(Throwable failed) {
            failure = failed;
            if (!oneDone.compareAndSet(false, true)) {
                written(failed);
            }
        }

        /** Whether it had completed when its call returned. */
        boolean returned() {
            return !oneDone.compareAndSet(false, true);
        }
    }

    /** The next write's messages, taken from the queue (on the sender: the one thread that takes from it now). */
    private List<TextFrame> nextWrite() {
        TextFrame first = queue.poll();
        if (first == null) {
            return List.of();
        }
        if (!wire.gathers()) {
            return List.of(first);
        }
        List<TextFrame> gathered = new ArrayList<>();
        gathered.add(first);
        int bytes = first.length();
        while (true) {
            TextFrame more = queue.peek();
            // only a close empties the queue meanwhile: then the poll finds nothing
            if (more == null || bytes + more.length() > Wire.MOST_BYTES || queue.poll() == null) {
                break;
            }
            gathered.add(more);
            bytes += more.length();
        }
        return gathered;
    }

    private void written(Throwable failure) {
        if (failure == null) {
            sender.execute(this::sendNext);
        } else {
            close(FAILED);
        }
    }

    void close(CloseReason reason) {
        if (!closedWith.compareAndSet(null, reason)) {
            return;
        }
        queue.clear();
        onClosed.accept(this);
        closer.execute(this::closeSession);
    }

    /** Stops queuing for a client whose session is closed or being closed by someone else (the endpoint). */
    void discard() {
        if (closedWith.compareAndSet(null, GONE)) {
            queue.clear();
            whenDrained.set(null);
        }
    }

    /** On the closer: closes the session, if there is one yet (else {@link #attach} will). */
    private void closeSession() {
        Session open = session;
        if (open == null) {
            return;
        }
        CloseReason reason = closedWith.get();
        LOG.info(() -> "Closing stream session " + open.getId() + ": " + reason.getReasonPhrase());
        try {
            if (open.isOpen()) {
                open.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Stream session " + open.getId() + " was already gone", e);
        }
    }
}
