package xyz.halyrd.stream.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.websocket.CloseReason;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.stream.entity.StreamedEvent;

/**
 * The delivery and the resume over a log of kept messages (the database's part is {@code ApiIT}'s): a resuming client
 * gets what it missed page by page as it reads, then the stream, nothing twice; a seq beyond the newest or older than
 * the oldest kept closes it with 1008.
 */
class SubscribersResumeTest {

    /** The kept messages, as the database would have them: seqs {@code oldest..newest}. */
    static final class KeptMessages extends EventLog {
        final List<StreamedEvent> kept = new ArrayList<>();

        synchronized void add(int count) {
            for (int i = 0; i < count; i++) {
                long seq = newest() + 1;
                kept.add(StreamedEvent.numbered(seq, "{\"event\":\"journal_entry\",\"n\":" + seq + "}"));
            }
        }

        synchronized void forgetUpTo(long seq) {
            kept.removeIf(e -> e.seq() <= seq);
        }

        @Override
        public synchronized List<StreamedEvent> after(long after, long upTo, int limit) {
            return kept.stream().filter(e -> e.seq() > after && e.seq() <= upTo).limit(limit).toList();
        }

        @Override
        public synchronized long newest() {
            return kept.isEmpty() ? lastForgotten : kept.get(kept.size() - 1).seq();
        }

        long lastForgotten;

        @Override
        public synchronized OptionalLong oldest() {
            return kept.isEmpty() ? OptionalLong.empty() : OptionalLong.of(kept.get(0).seq());
        }
    }

    private final KeptMessages log = new KeptMessages();
    private Subscribers subscribers;

    @BeforeEach
    void start() {
        subscribers = new Subscribers();
        subscribers.log = log;
        subscribers.queueSize = 8; // pages of 4
        subscribers.pingInterval = Duration.ofHours(1);
        subscribers.pollInterval = Duration.ZERO;
        subscribers.keptMessages = 1000;
        subscribers.threads = proxy(ManagedThreadFactory.class, (method, args) -> method.getName().equals("newThread")
                ? new Thread((Runnable) args[0]) : null);
        subscribers.executor = proxy(ManagedExecutorService.class, (method, args) -> {
            if (method.getName().equals("execute")) {
                ((Runnable) args[0]).run();
            }
            return null;
        });
        // the timers (pings, polls, pruning) never fire here: each test drives the delivery itself
        subscribers.scheduler = proxy(ManagedScheduledExecutorService.class, (method, args) -> proxy(
                java.util.concurrent.ScheduledFuture.class, (m, a) -> m.getReturnType() == boolean.class ? false : null));
        log.add(3);
        subscribers.start();
    }

    @AfterEach
    void stop() {
        subscribers.stop();
    }

    @Test
    void aResumingClientGetsWhatItMissedPageByPageThenTheStreamWithNothingTwice() throws Exception {
        log.add(10); // seqs 4..13
        subscribers.wake();
        drainDelivery();
        SubscriberTest.FakeSession fake = new SubscriberTest.FakeSession();
        Subscriber resumed = subscribers.resume(2);
        drainDelivery();
        fake.attachTo(resumed);
        for (int i = 0; i < 11; i++) { // 3..13: two pages of 4, then the last three
            completeNextSend(fake);
        }
        log.add(2); // 14, 15: the stream, once it has caught up
        subscribers.wake();
        completeNextSend(fake);
        completeNextSend(fake);

        List<Long> seqs = fake.sent.stream().map(m -> Long.parseLong(m.replaceAll(".*\"seq\":(\\d+)}$", "$1")))
                .toList();
        assertEquals(LongStream.rangeClosed(3, 15).boxed().toList(), seqs);
        assertTrue(fake.closes.isEmpty(), fake.closes.toString());
        assertEquals(1, subscribers.count(), "it joined the stream");
    }

    @Test
    void aResumeBeyondTheNewestOrBeforeTheOldestKeptIsClosedWith1008() throws Exception {
        SubscriberTest.FakeSession ahead = new SubscriberTest.FakeSession();
        ahead.attachTo(subscribers.resume(4));
        awaitClosed(ahead, "RESUME_AHEAD: the newest seq is 3");

        log.add(5); // 4..8
        log.forgetUpTo(5);
        subscribers.wake();
        SubscriberTest.FakeSession tooOld = new SubscriberTest.FakeSession();
        tooOld.attachTo(subscribers.resume(4));
        awaitClosed(tooOld, "RESUME_TOO_OLD: the oldest seq kept is 6");

        SubscriberTest.FakeSession justInTime = new SubscriberTest.FakeSession();
        justInTime.attachTo(subscribers.resume(5));
        completeNextSend(justInTime);
        assertTrue(justInTime.closes.isEmpty(), justInTime.closes.toString());
        assertTrue(justInTime.sent.get(0).endsWith("\"seq\":6}"), justInTime.sent.get(0));
        assertEquals(1, subscribers.count(), "only the one in time joined");
    }

    /** Waits until everything queued for the delivery thread so far has run. */
    private void drainDelivery() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        subscribers.onDeliveryThread(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    /** Waits for the client's next send to start, then completes it. */
    private static void completeNextSend(SubscriberTest.FakeSession fake) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !fake.pending.isEmpty());
        fake.completeNext(true);
    }

    private static void awaitClosed(SubscriberTest.FakeSession fake, String reason) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !fake.closes.isEmpty());
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, fake.closes.get(0).getCloseCode());
        assertEquals(reason, fake.closes.get(0).getReasonPhrase());
    }

    interface Handler {
        Object handle(java.lang.reflect.Method method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(SubscribersResumeTest.class.getClassLoader(), new Class<?>[]{type},
                (p, method, args) -> handler.handle(method, args));
    }

}
