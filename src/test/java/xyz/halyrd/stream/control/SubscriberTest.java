package xyz.halyrd.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-client queue: order, one send in flight, and closing a client that stops keeping up. */
class SubscriberTest {

    /**
     * A session whose sends complete only when the test says so. Strict: a call the stream has no business making
     * (anything but sending text, pinging, its id, whether it is open, closing it) fails the test that made it.
     */
    static final class FakeSession {
        // thread-safe: SubscribersResumeTest sends on real threads
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<SendHandler> pending = new CopyOnWriteArrayList<>();
        final List<CloseReason> closes = new CopyOnWriteArrayList<>();
        int pings;
        final Session session;

        FakeSession() {
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[]{RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            sent.add((String) args[0]);
                            pending.add((SendHandler) args[1]);
                            return null;
                        }
                        if (method.getName().equals("sendPing")) {
                            pings++;
                            return null;
                        }
                        throw new UnsupportedOperationException("the stream does not call " + method.getName());
                    });
            session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAsyncRemote" -> remote;
                        case "getId" -> "s1";
                        case "isOpen" -> closes.isEmpty();
                        case "close" -> closes.add((CloseReason) args[0]);
                        default -> throw new UnsupportedOperationException("the stream does not call "
                                + method.getName());
                    });
        }

        /** Attaches this session to {@code subscriber}, its messages written one by one through the API. */
        void attachTo(Subscriber subscriber) {
            subscriber.attach(session, Wire.oneByOne(session));
        }

        void completeNext(boolean ok) {
            SendHandler handler = pending.remove(0);
            handler.onResult(ok ? new SendResult() : new SendResult(new java.io.IOException("gone")));
        }
    }

    private long seq;

    /** Offers {@code message} as the delivery thread does: numbered, the next seq. */
    private void offer(Subscriber subscriber, String message) {
        subscriber.offer(++seq, TextFrame.of(message));
    }

    @Test
    void sendsInOrderWithOneSendInFlight() {
        FakeSession fake = new FakeSession();
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> { });
        fake.attachTo(subscriber);

        offer(subscriber, "a");
        offer(subscriber, "b");
        offer(subscriber, "c");
        assertEquals(List.of("a"), fake.sent, "the next send waits for the previous one");

        fake.completeNext(true);
        fake.completeNext(true);
        fake.completeNext(true);
        assertEquals(List.of("a", "b", "c"), fake.sent);
        assertTrue(fake.closes.isEmpty());
    }

    @Test
    void sendsStartOnTheSenderNeverOnThePublisherNorOnTheThreadThatCompletedTheLastOne() {
        FakeSession fake = new FakeSession();
        List<Runnable> sender = new ArrayList<>();
        Subscriber subscriber = new Subscriber(10, sender::add, Runnable::run, s -> { });
        fake.attachTo(subscriber);

        offer(subscriber, "a");
        offer(subscriber, "b");
        assertEquals(List.of(), fake.sent, "the publisher only queues");
        assertEquals(1, sender.size(), "one send handed over, however many messages wait");

        sender.remove(0).run();
        assertEquals(List.of("a"), fake.sent);
        fake.completeNext(true);
        assertEquals(List.of("a"), fake.sent, "the completed send hands the next one over");
        sender.remove(0).run();
        assertEquals(List.of("a", "b"), fake.sent);
        fake.completeNext(true);
        sender.remove(0).run(); // finds the queue empty
        assertTrue(sender.isEmpty());

        offer(subscriber, "c");
        assertEquals(1, sender.size(), "the next offer starts the next send");
    }

    /** A service file on the class path (Halyrd's own), which the thread's own context loader finds. */
    @Test
    void whatIsPublishedBetweenTheHandshakeAndTheOpenIsSentOnceTheSessionIsAttached() {
        FakeSession fake = new FakeSession();
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> { });

        offer(subscriber, "committed before the open");
        assertEquals(List.of(), fake.sent, "no session yet: queued");

        fake.attachTo(subscriber);
        assertEquals(List.of("committed before the open"), fake.sent);
        offer(subscriber, "after");
        fake.completeNext(true);
        assertEquals(List.of("committed before the open", "after"), fake.sent);
    }

    @Test
    void aClientThatFellBehindBeforeItsOpenIsClosedWith1013AtTheOpen() {
        FakeSession fake = new FakeSession();
        List<Runnable> closer = new ArrayList<>();
        AtomicInteger forgotten = new AtomicInteger();
        Subscriber subscriber = new Subscriber(2, Runnable::run, closer::add, s -> forgotten.incrementAndGet());

        for (int i = 0; i < 3; i++) {
            offer(subscriber, "m" + i);
        }
        assertEquals(1, forgotten.get(), "removed from the registry at once");
        closer.forEach(Runnable::run); // no session to close yet
        closer.clear();

        fake.attachTo(subscriber);
        closer.forEach(Runnable::run);
        assertEquals(List.of(), fake.sent);
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, fake.closes.get(0).getCloseCode());
    }

    @Test
    void aClientIsPingedAtEachTickAndClosedWith1013WhenItsPongHasNotComeBackByTheNext() {
        FakeSession fake = new FakeSession();
        List<Runnable> closer = new ArrayList<>();
        AtomicInteger forgotten = new AtomicInteger();
        Subscriber subscriber = new Subscriber(10, Runnable::run, closer::add, s -> forgotten.incrementAndGet());
        fake.attachTo(subscriber);

        subscriber.tick();
        assertEquals(1, fake.pings);
        subscriber.pong();
        subscriber.tick();
        assertEquals(2, fake.pings, "answered: pinged again");
        assertEquals(0, forgotten.get());

        subscriber.tick(); // the second ping is still unanswered
        assertEquals(2, fake.pings);
        assertEquals(1, forgotten.get());
        closer.forEach(Runnable::run);
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, fake.closes.get(0).getCloseCode());
    }

    @Test
    void aClientWithoutItsSessionYetIsNotPingedAndIsDroppedIfItsOpenHasNotComeByTheSecondTick() {
        FakeSession fake = new FakeSession();
        AtomicInteger forgotten = new AtomicInteger();
        Subscriber opened = new Subscriber(10, Runnable::run, Runnable::run, s -> forgotten.incrementAndGet());
        opened.tick();
        fake.attachTo(opened);
        opened.tick();
        assertEquals(1, fake.pings, "open within a tick: pinged from then on");
        assertEquals(0, forgotten.get());

        Subscriber neverOpened = new Subscriber(10, Runnable::run, Runnable::run, s -> forgotten.incrementAndGet());
        neverOpened.tick();
        assertEquals(0, forgotten.get(), "the handshake may still be being answered");
        neverOpened.tick();
        assertEquals(1, forgotten.get(), "a handshake that failed after it was subscribed");
    }

    @Test
    void aClientWhoseQueueOverflowsIsClosedWith1013AndForgotten() {
        FakeSession fake = new FakeSession();
        List<Runnable> closer = new ArrayList<>();
        AtomicInteger forgotten = new AtomicInteger();
        Subscriber subscriber = new Subscriber(3, Runnable::run, closer::add, s -> forgotten.incrementAndGet());
        fake.attachTo(subscriber);

        for (int i = 0; i < 5; i++) { // one in flight, three queued, the fifth overflows
            offer(subscriber, "m" + i);
        }

        assertEquals(1, forgotten.get(), "removed from the registry at once");
        assertEquals(1, closer.size(), "the close itself is handed to another thread");
        assertTrue(fake.closes.isEmpty(), "the publisher did not close the socket itself");
        closer.get(0).run();
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, fake.closes.get(0).getCloseCode());

        offer(subscriber, "late");
        fake.completeNext(true);
        assertEquals(List.of("m0"), fake.sent, "nothing more is sent to a closed client");
        assertEquals(1, closer.size(), "closed once");
    }

    @Test
    void aFailedSendClosesTheClient() {
        FakeSession fake = new FakeSession();
        AtomicInteger forgotten = new AtomicInteger();
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> forgotten.incrementAndGet());
        fake.attachTo(subscriber);
        offer(subscriber, "a");
        offer(subscriber, "b");

        fake.completeNext(false);

        assertEquals(1, forgotten.get());
        assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION, fake.closes.get(0).getCloseCode());
        assertEquals(List.of("a"), fake.sent);
    }

    @Test
    void aMessageIsQueuedOnceAndAResumedClientGetsNothingUpToItsSeq() {
        FakeSession fake = new FakeSession();
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> { });
        subscriber.resumeAfter(7);
        fake.attachTo(subscriber);

        subscriber.offer(6, TextFrame.of("six"));
        subscriber.offer(7, TextFrame.of("seven"));
        subscriber.offer(8, TextFrame.of("eight"));
        subscriber.offer(8, TextFrame.of("eight again"));
        subscriber.offer(9, TextFrame.of("nine"));
        fake.completeNext(true);
        fake.completeNext(true);

        assertEquals(List.of("eight", "nine"), fake.sent);
        assertEquals(9, subscriber.lastQueued());
    }

    @Test
    void whatWaitsForTheQueueToDrainRunsOnceWhenEverythingQueuedIsSent() {
        FakeSession fake = new FakeSession();
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> { });
        AtomicInteger pages = new AtomicInteger();
        subscriber.whenDrained(pages::incrementAndGet);
        offer(subscriber, "a");
        offer(subscriber, "b");
        assertEquals(0, pages.get(), "nothing is sent before the open");

        fake.attachTo(subscriber);
        assertEquals(0, pages.get(), "a is on its way");
        fake.completeNext(true);
        assertEquals(0, pages.get(), "b is on its way");
        fake.completeNext(true);
        assertEquals(1, pages.get(), "both sent");
        offer(subscriber, "c");
        fake.completeNext(true);
        assertEquals(1, pages.get(), "once");

        subscriber.whenDrained(pages::incrementAndGet);
        assertEquals(2, pages.get(), "at once when nothing is queued or on its way");
    }

    @Test
    void aPageAskedForBeforeTheOpenWithNothingQueuedRunsAtTheOpen() {
        FakeSession fake = new FakeSession();
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> { });
        AtomicInteger pages = new AtomicInteger();
        subscriber.whenDrained(pages::incrementAndGet);
        assertEquals(0, pages.get());
        fake.attachTo(subscriber);
        assertEquals(1, pages.get());
    }

    /**
     * A wire that records its writes; each completes when the test says so, or at once, before the write returns,
     * with what {@code atOnce} answers for it (null: written).
     */
    static final class RecordingWire implements Wire {
        final List<List<String>> writes = new ArrayList<>();
        final List<java.util.function.Consumer<Throwable>> pending = new ArrayList<>();
        private final boolean gathers;
        private final java.util.function.Function<List<String>, Throwable> atOnce;

        RecordingWire(boolean gathers, java.util.function.Function<List<String>, Throwable> atOnce) {
            this.gathers = gathers;
            this.atOnce = atOnce;
        }

        @Override
        public boolean gathers() {
            return gathers;
        }

        @Override
        public void write(List<TextFrame> frames, java.util.function.Consumer<Throwable> written) {
            List<String> texts = frames.stream().map(TextFrame::text).toList();
            writes.add(texts);
            if (atOnce == null) {
                pending.add(written);
            } else {
                written.accept(atOnce.apply(texts));
            }
        }
    }

    @Test
    void whatQueuesWhileAWriteIsUnderWayGoesInTheNextWriteTogetherInOrderUpToItsBytes() {
        FakeSession fake = new FakeSession();
        RecordingWire wire = new RecordingWire(true, null);
        Subscriber subscriber = new Subscriber(10, Runnable::run, Runnable::run, s -> { });
        subscriber.attach(fake.session, wire);

        offer(subscriber, "a");
        offer(subscriber, "b");
        offer(subscriber, "c");
        assertEquals(List.of(List.of("a")), wire.writes, "one write in flight");
        wire.pending.remove(0).accept(null);
        assertEquals(List.of(List.of("a"), List.of("b", "c")), wire.writes, "what waited, in one write");

        String half = "x".repeat(Wire.MOST_BYTES / 2);
        offer(subscriber, half);
        offer(subscriber, half);
        offer(subscriber, "d");
        wire.pending.remove(0).accept(null);
        assertEquals(List.of(half), wire.writes.get(2), "two halves and their headers are more than one write takes");
        wire.pending.remove(0).accept(null);
        assertEquals(List.of(half, "d"), wire.writes.get(3));
        String whole = "y".repeat(Wire.MOST_BYTES * 2);
        offer(subscriber, whole);
        wire.pending.remove(0).accept(null);
        assertEquals(List.of(whole), wire.writes.get(4), "a message larger than a write's bytes goes alone");
        wire.pending.remove(0).accept(new java.io.IOException("reset"));
        assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION, fake.closes.get(0).getCloseCode());
    }

    @Test
    void aWriteThatCompletesBeforeItReturnsIsFollowedOnTheSameThreadWithoutAHandOver() {
        FakeSession fake = new FakeSession();
        RecordingWire atOnce = new RecordingWire(false,
                texts -> texts.get(0).equals("bad") ? new java.io.IOException("reset") : null);
        List<Runnable> sender = new ArrayList<>();
        Subscriber subscriber = new Subscriber(10, sender::add, Runnable::run, s -> { });
        subscriber.attach(fake.session, atOnce);
        offer(subscriber, "a");
        offer(subscriber, "b");
        offer(subscriber, "c");
        assertEquals(1, sender.size());
        sender.remove(0).run();
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c")), atOnce.writes, "all three in the one task");
        assertTrue(sender.isEmpty(), "no task handed over for what completed at once");
        offer(subscriber, "d");
        assertEquals(1, sender.size(), "the next offer starts the next send");
        offer(subscriber, "bad");
        sender.remove(0).run();
        assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION, fake.closes.get(0).getCloseCode());
    }
}
