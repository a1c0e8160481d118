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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.lifecycle.entity.StatusChange;
import xyz.halyrd.market.entity.QuoteRejection;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.WireFormat;
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
import xyz.halyrd.stream.entity.TradeEvent;
import xyz.halyrd.stream.entity.TwakBlockEvent;

/**
 * The connected stream clients, and the fan-out of committed domain facts to them. Observers run after the
 * writing transaction has succeeded, so a client never sees something that was rolled back. Each message is
 * serialized once and offered to every client's own bounded queue; the sends start on the stream's own threads, so
 * the committing thread (a trading pass, a REST request) pays for the offers only, never for a socket.
 */
@ApplicationScoped
public class Subscribers {

    private static final Logger LOG = Logger.getLogger(Subscribers.class.getName());

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

    /** How often each client is pinged; one whose pong has not come back by the next ping is closed with 1013. */
    @Inject
    @ConfigProperty(name = "halyrd.stream.ping-interval", defaultValue = "PT10S")
    Duration pingInterval;

    private ScheduledFuture<?> pings;

    /**
     * Starts every send: a thread per core, as a send is CPU work (the frame, the write, Tyrus's idle timer) and one
     * thread fell seconds behind 1 000 clients; its queue holds at most one task per client (a client's sends are
     * serial, whichever thread runs them).
     */
    private ExecutorService sender;

    @PostConstruct
    void start() {
        sender = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), threads);
        long every = pingInterval.toMillis();
        pings = scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        pings.cancel(false);
        sender.shutdownNow();
    }

    /** Pings every client, closing each whose last ping is still unanswered. */
    void tick() {
        for (Subscriber subscriber : subscribers) {
            subscriber.tick();
        }
    }

    /**
     * A new client, subscribed from now on: what is published from here is queued for it until its session is
     * {@linkplain Subscriber#attach attached}. The stream subscribes a client during its handshake, before the
     * answer goes out, so that whatever commits after the client has its answer reaches it.
     */
    public Subscriber subscribe() {
        Subscriber subscriber = new Subscriber(queueSize, sender, executor, subscribers::remove);
        subscribers.add(subscriber);
        return subscriber;
    }

    public void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public int count() {
        return subscribers.size();
    }

    public void publish(StreamEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        String message = WireFormat.toJson(event);
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.offer(message);
            } catch (RuntimeException e) { // one broken client must not cost the others their messages
                LOG.log(Level.WARNING, "Dropping a stream client that failed", e);
                subscriber.close(Subscriber.FAILED);
            }
        }
    }

    void journaled(@Observes(during = TransactionPhase.AFTER_SUCCESS) JournalEntry entry) {
        publish(new JournalEntryEvent(entry.ts(), entry.id(), entry.type(), entry.tags(), entry.body()));
    }

    void traded(@Observes(during = TransactionPhase.AFTER_SUCCESS) Trade trade) {
        publish(new TradeEvent(trade.ts(), trade.pair(), trade.side().wire(), Decimals.plain(trade.sizeUsdt()),
                Decimals.plain(trade.price()), Decimals.plain(trade.pnlUsdt()), Decimals.plain(trade.feesUsdt()),
                trade.phase().wire(), trade.journalRef()));
    }

    void snapshotTaken(@Observes(during = TransactionPhase.AFTER_SUCCESS) EquitySnapshot snapshot) {
        publish(new SnapshotEvent(snapshot.ts(), Decimals.plain(snapshot.equity()), snapshot.phase().wire(),
                Decimals.plain(snapshot.ddFromPeak()), Decimals.plain(snapshot.dailyDdUsed())));
    }

    void blocked(@Observes(during = TransactionPhase.AFTER_SUCCESS) RiskBlock block) {
        if (block.layer().equals(RiskBlock.Layer.POLICY.wire())) {
            publish(new RiskVetoEvent(block.ts(), block.rule(), block.reason(), block.orderRef()));
        } else {
            publish(new TwakBlockEvent(block.ts(), block.rule(), block.reason(), block.orderRef()));
        }
    }

    /** A promotion or a demotion is sent first, then — as the contract says — echoed as a status_change. */
    void statusChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) StatusChange change) {
        switch (change.cause()) {
            case PROMOTION -> publish(new PromotionEvent(change.ts(), change.firstTxHash()));
            case DEMOTION -> publish(new DemotionEvent(change.ts(), change.rule(), change.scope().wire(),
                    change.relockUntil()));
            default -> {
            }
        }
        publish(new StatusChangeEvent(change.ts(), change.from().name(), change.to().name()));
    }

    void quoteRejected(@Observes(during = TransactionPhase.AFTER_SUCCESS) QuoteRejection rejection) {
        publish(new QuoteRejectedEvent(rejection.ts(), rejection.token().pair(), rejection.reason().wire(),
                rejection.detail()));
    }
}
