package xyz.halyrd.stream.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.lifecycle.entity.StatusChange;
import xyz.halyrd.market.entity.QuoteRejection;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.entity.RiskBlock;
import xyz.halyrd.stream.entity.DemotionEvent;
import xyz.halyrd.stream.entity.JournalEntryEvent;
import xyz.halyrd.stream.entity.PromotionEvent;
import xyz.halyrd.stream.entity.QuoteRejectedEvent;
import xyz.halyrd.stream.entity.RiskVetoEvent;
import xyz.halyrd.stream.entity.SnapshotEvent;
import xyz.halyrd.stream.entity.StatusChangeEvent;
import xyz.halyrd.stream.entity.StreamEvent;
import xyz.halyrd.stream.entity.StreamedEvent;
import xyz.halyrd.stream.entity.TradeEvent;
import xyz.halyrd.stream.entity.TwakBlockEvent;

/**
 * The connected stream clients, and the delivery of committed facts to them. A fact's message is numbered and kept
 * in the {@link EventLog} as the transaction that wrote the fact commits (a transaction that rolls back leaves no
 * message); after the commit, one delivery thread reads the new messages in seq order and offers each to every
 * client's own bounded queue, and the sends start on the stream's sender threads, so the committing thread (a trading
 * pass, a REST request) never waits for a socket. The delivery thread also reads, every
 * {@code halyrd.stream.poll-interval}, what other nodes on the same database committed, so a client of any node
 * receives every message, once, in seq order. A client that reconnects with {@code ?after=<seq>} is sent what came
 * after that seq first, page by page as it reads, then joins the stream where its catching up ends.
 */
@ApplicationScoped
public class Subscribers {

    private static final Logger LOG = Logger.getLogger(Subscribers.class.getName());
    /** How many kept messages the delivery reads at once. */
    private static final int BATCH = 500;
    private static final Object WAKE_REGISTERED = new Object();

    /** The clients that take the stream as it comes; a resuming client joins once it has caught up. */
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet(); // thread-safe; no lock needed

    @Inject
    @ConfigProperty(name = "halyrd.stream.queue-size", defaultValue = "256")
    int queueSize;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    EventLog log;

    /** How often each client is pinged; one whose pong has not come back by the next ping is closed with 1013. */
    @Inject
    @ConfigProperty(name = "halyrd.stream.ping-interval", defaultValue = "PT10S")
    Duration pingInterval;

    /** How often the delivery reads what other nodes committed ({@code PT0S}: never; one node needs no polling). */
    @Inject
    @ConfigProperty(name = "halyrd.stream.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    /** How many of the newest messages are kept for clients that resume. */
    @Inject
    @ConfigProperty(name = "halyrd.stream.kept-messages", defaultValue = "100000")
    long keptMessages;

    private final List<ScheduledFuture<?>> timers = new java.util.ArrayList<>();

    /**
     * Starts every send: a thread per core, as a send is CPU work (the write, in Tyrus and Grizzly) and one
     * thread fell seconds behind 1 000 clients; its queue holds at most one task per client (a client's sends are
     * serial, whichever thread runs them).
     */
    private ExecutorService sender;
    /** The one thread that offers messages to clients, so that every client's messages are in seq order. */
    private ExecutorService delivery;
    /** Where the sessions' own timers run, instead of the container's managed scheduler. */
    private SessionTimers sessionTimers;
    /** How the sessions' messages are written: frames encoded once, several in one write. */
    private final RawFrames rawFrames = new RawFrames();
    /** A delivery is queued and has not begun reading yet: a wake-up now is covered by it. */
    private final AtomicBoolean deliveryDue = new AtomicBoolean();
    /** The seq of the newest message offered to the clients; the delivery thread's alone after the start. */
    private long delivered;

    @PostConstruct
    void start() {
        delivered = log.newest();
        sender = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), threads);
        delivery = Executors.newSingleThreadExecutor(threads);
        sessionTimers = new SessionTimers(threads);
        long every = pingInterval.toMillis();
        timers.add(scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS));
        if (!pollInterval.isZero() && !pollInterval.isNegative()) {
            long poll = pollInterval.toMillis();
            timers.add(scheduler.scheduleWithFixedDelay(this::wake, poll, poll, TimeUnit.MILLISECONDS));
        }
        timers.add(scheduler.scheduleWithFixedDelay(this::prune, 1, 10, TimeUnit.MINUTES));
    }

    @PreDestroy
    void stop() {
        timers.forEach(timer -> timer.cancel(false));
        delivery.shutdownNow();
        sender.shutdownNow();
        sessionTimers.shutdown();
    }

    /** Pings every client, closing each whose last ping is still unanswered. */
    void tick() {
        for (Subscriber subscriber : subscribers) {
            subscriber.tick();
        }
    }

    /**
     * A new client, subscribed from now on: what commits from here is queued for it until its session is
     * {@linkplain Subscriber#attach attached}, and nothing that committed before. The stream subscribes a client
     * during its handshake, before the answer goes out, so that whatever commits after the client has its answer
     * reaches it.
     */
    public Subscriber subscribe() {
        Subscriber subscriber = newSubscriber();
        subscriber.resumeAfter(log.newest()); // a message the delivery has not reached yet is older than the client
        subscribers.add(subscriber);
        return subscriber;
    }

    /**
     * A client that reconnects with {@code ?after=<seq>}: it is sent every message after {@code seq} that it missed,
     * then the stream from there on, with no gap and nothing twice. Closed with 1008 if {@code seq} is older than the
     * oldest message kept or newer than the newest.
     */
    public Subscriber resume(long seq) {
        Subscriber subscriber = newSubscriber();
        subscriber.resumeAfter(seq);
        delivery.execute(() -> catchUp(subscriber, true));
        return subscriber;
    }

    /** A client whose {@code ?after=} is not a seq: closed with 1008 as soon as it opens. */
    public Subscriber refuse(String why) {
        Subscriber subscriber = newSubscriber();
        subscriber.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, why));
        return subscriber;
    }

    private Subscriber newSubscriber() {
        return new Subscriber(queueSize, sender, executor, subscribers::remove);
    }

    /**
     * The client's session is open: its timers run on the stream's scheduler ({@link SessionTimers}), its messages
     * are written as frames encoded once for all ({@link RawFrames}), and what was queued for it since its handshake
     * is sent. The session keeps the container's idle timeout, none: a client's liveness is its pong. (With one set
     * here, an idle check Tyrus had queued at once on the container's scheduler while the session had none found it
     * set when it ran and closed the session: one or two of 1 000 readers, with 1000, in the load harness.)
     */
    public void attach(Subscriber subscriber, Session session) {
        sessionTimers.adopt(session);
        subscriber.attach(session, rawFrames.wireOf(session));
    }

    public void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
        subscriber.discard();
    }

    public int count() {
        return subscribers.size();
    }

    /**
     * On the delivery thread: queues the next page of what a resuming client missed, and asks for the page after it
     * once the client has read this one; when it has everything delivered to the others, it joins them.
     */
    private void catchUp(Subscriber subscriber, boolean first) {
        if (subscriber.isClosed()) {
            return;
        }
        long after = subscriber.lastQueued();
        try {
            if (first) {
                long newest = log.newest();
                long oldest = log.oldest().orElse(newest + 1);
                if (after > newest || after < oldest - 1) {
                    subscriber.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, (after > newest
                            ? "RESUME_AHEAD: the newest seq is " : "RESUME_TOO_OLD: the oldest seq kept is ")
                            + (after > newest ? newest : oldest)));
                    return;
                }
            }
            int page = Math.max(1, Math.min(BATCH, queueSize / 2));
            List<StreamedEvent> missed = log.after(after, delivered, page);
            if (missed.size() < page) {
                missed.forEach(event -> subscriber.offer(event.seq(), TextFrame.of(event.message())));
                subscribers.add(subscriber); // from here it takes what the next delivery offers everyone
            } else {
                subscriber.whenDrained(() -> delivery.execute(() -> catchUp(subscriber, false)));
                missed.forEach(event -> subscriber.offer(event.seq(), TextFrame.of(event.message())));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not send a resuming stream client what it missed", e);
            subscriber.close(Subscriber.FAILED);
        }
    }

    /** Runs {@code task} on the delivery thread after everything queued there before it. */
    void onDeliveryThread(Runnable task) {
        delivery.execute(task);
    }

    /** Queues a delivery of what has committed since the last, unless one is queued and has not begun reading. */
    void wake() {
        if (deliveryDue.compareAndSet(false, true)) {
            try {
                delivery.execute(this::deliver);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                deliveryDue.set(false);
            }
        }
    }

    /** On the delivery thread: offers every message committed since the last delivery to every client, in seq order. */
    private void deliver() {
        deliveryDue.set(false);
        try {
            List<StreamedEvent> next;
            do {
                next = log.after(delivered, Long.MAX_VALUE, BATCH);
                for (StreamedEvent event : next) {
                    offerToAll(event);
                    delivered = event.seq();
                }
            } while (next.size() == BATCH);
        } catch (RuntimeException e) { // the next commit or poll tries again from the same seq
            LOG.log(Level.WARNING, "Could not read the stream's new messages", e);
        }
    }

    private void offerToAll(StreamedEvent event) {
        TextFrame frame = TextFrame.of(event.message()); // encoded once for every client
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.offer(event.seq(), frame);
            } catch (RuntimeException e) { // one broken client must not cost the others their messages
                LOG.log(Level.WARNING, "Dropping a stream client that failed", e);
                subscriber.close(Subscriber.FAILED);
            }
        }
    }

    private void prune() {
        try {
            log.prune(keptMessages);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not prune the stream's kept messages", e);
        }
    }

    /**
     * Keeps {@code event} as the next message, in the transaction committing its fact (the observers below run as it
     * commits), and wakes the delivery once that transaction has committed.
     */
    public void publish(StreamEvent event) {
        log.append(event);
        if (transactions.getTransactionKey() == null) { // kept in a transaction of its own, committed by now
            wake();
        } else if (transactions.getResource(WAKE_REGISTERED) == null) {
            transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        wake();
                    }
                }
            });
        }
    }

    void journaled(@Observes(during = TransactionPhase.BEFORE_COMPLETION) JournalEntry entry) {
        publish(new JournalEntryEvent(entry.ts(), entry.id(), entry.type(), entry.tags(), entry.body()));
    }

    void traded(@Observes(during = TransactionPhase.BEFORE_COMPLETION) Trade trade) {
        publish(new TradeEvent(trade.ts(), trade.pair(), trade.side().wire(), Decimals.plain(trade.sizeUsdt()),
                Decimals.plain(trade.price()), Decimals.plain(trade.pnlUsdt()), Decimals.plain(trade.feesUsdt()),
                trade.phase().wire(), trade.journalRef()));
    }

    void snapshotTaken(@Observes(during = TransactionPhase.BEFORE_COMPLETION) EquitySnapshot snapshot) {
        publish(new SnapshotEvent(snapshot.ts(), Decimals.plain(snapshot.equity()), snapshot.phase().wire(),
                Decimals.plain(snapshot.ddFromPeak()), Decimals.plain(snapshot.dailyDdUsed())));
    }

    void blocked(@Observes(during = TransactionPhase.BEFORE_COMPLETION) RiskBlock block) {
        if (block.layer().equals(RiskBlock.Layer.POLICY.wire())) {
            publish(new RiskVetoEvent(block.ts(), block.rule(), block.reason(), block.orderRef()));
        } else {
            publish(new TwakBlockEvent(block.ts(), block.rule(), block.reason(), block.orderRef()));
        }
    }

    /** A promotion or a demotion is sent first, then — as the contract says — echoed as a status_change. */
    void statusChanged(@Observes(during = TransactionPhase.BEFORE_COMPLETION) StatusChange change) {
        switch (change.cause()) {
            case PROMOTION -> publish(new PromotionEvent(change.ts(), change.firstTxHash()));
            case DEMOTION -> publish(new DemotionEvent(change.ts(), change.rule(), change.scope().wire(),
                    change.relockUntil()));
            default -> {
            }
        }
        publish(new StatusChangeEvent(change.ts(), change.from().name(), change.to().name()));
    }

    void quoteRejected(@Observes(during = TransactionPhase.BEFORE_COMPLETION) QuoteRejection rejection) {
        publish(new QuoteRejectedEvent(rejection.ts(), rejection.token().pair(), rejection.reason().wire(),
                rejection.detail()));
    }
}
