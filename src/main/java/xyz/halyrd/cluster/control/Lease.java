package xyz.halyrd.cluster.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.cluster.entity.TradingLease;
import xyz.halyrd.cluster.entity.TradingLease.Term;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.StartRefusal;
import xyz.halyrd.platform.WallClock;

/**
 * The trading lease as this node takes part in it: exactly one node trades — the holder of the lease row in the
 * database ({@link TradingLease}) — and every fill's transaction, and the signer before it signs, checks
 * ({@link #fence}) that this node still holds it in the epoch the work began under, so a node that was paused or cut
 * off past its lease can never book or sign after another took over. The embedded single node takes the lease at
 * start and keeps it.
 * <p>
 * Time is the wall clock ({@link WallClock}), never the agent's, which the demo speeds up: the expiry is compared by
 * every node. Their clocks need only agree to well within the lease's duration, and even a node whose clock is far
 * off cannot book under a lease it lost — the fence checks the epoch, not the time.
 * <p>
 * Locking: the state below is written only by {@link #renew} and {@link #release} (the lease timer's thread) and is
 * volatile; the database serializes everything that matters on the lease row.
 */
@Singleton
@Lock(LockType.READ)
// no transaction of its own but where a method says so: during() wraps a whole pass, which must stay outside one
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Lease {

    private static final Logger LOG = Logger.getLogger(Lease.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    @WallClock
    Clock wall;

    @Inject
    Ids ids;

    /** This node's member id; unset, one made for this process (a restarted process is a new member). */
    @Inject
    @ConfigProperty(name = "halyrd.cluster.node-id")
    Optional<String> nodeId;

    @Inject
    @ConfigProperty(name = "halyrd.cluster.lease-duration", defaultValue = "PT8S")
    Duration duration;

    @Inject
    @ConfigProperty(name = "halyrd.cluster.renew-interval", defaultValue = "PT2S")
    Duration renewInterval;

    /** The database: unset, the embedded Derby one in the data directory (see HalyrdDataSource). */
    @Inject
    @ConfigProperty(name = "halyrd.db.url")
    Optional<String> databaseUrl;

    private volatile String self;
    /** The lease as this node last read it (null: not read yet). */
    private volatile Term seen;
    /** The term this node holds as of its last renewal (null: none). */
    private volatile Term held;
    /** The term the work running on this thread began under (a trading pass), which its fences check. */
    private final ThreadLocal<Term> working = new ThreadLocal<>();

    /** This node's member id: {@code halyrd.cluster.node-id}, or one made for this process. */
    public String self() {
        String id = self;
        if (id == null) {
            synchronized (this) {
                if (self == null) {
                    self = nodeId.map(String::trim).filter(s -> !s.isEmpty()).orElseGet(() -> ids.next("node"));
                }
                id = self;
            }
        }
        return id;
    }

    /** How often the lease is renewed: {@code halyrd.cluster.renew-interval}, checked against the duration. */
    public Duration renewInterval() {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || renewInterval.compareTo(Duration.ofMillis(100)) < 0
                || renewInterval.compareTo(duration) >= 0) {
            throw StartRefusal.refuse("halyrd.cluster.renew-interval (" + renewInterval + ") must be at least PT0.1S and"
                    + " shorter than halyrd.cluster.lease-duration (" + duration + "), which must be at least PT1S:"
                    + " otherwise the lease runs out between two renewals.");
        }
        return renewInterval;
    }

    /**
     * Takes the lease as the node starts. On an embedded Derby database (the default) this process is the only one
     * that can open it, so the lease is taken whoever held it last — a process killed a moment ago, under another
     * node id — and the single node trades at once, as it always did. On a shared database (PostgreSQL, a Derby
     * network server) it is {@link #renew}: the lease is taken only if it is free or has run out.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Term takeAtStart() {
        String url = databaseUrl.map(String::trim).orElse("jdbc:derby:");
        if (!url.startsWith("jdbc:derby:") || url.startsWith("jdbc:derby://")) {
            return renew();
        }
        Instant now = wall.instant();
        TradingLease row = row();
        if (!extend(now)) {
            take(TradingLease.TAKE_ALONE, now);
        }
        em.refresh(row);
        Term term = row.term();
        noted(true, term);
        return term;
    }

    /**
     * Renews the lease for {@code halyrd.cluster.lease-duration} if it is this node's, or else takes it if it is
     * vacant or has run out, each a conditional update (see {@link TradingLease#RENEW}, {@link TradingLease#TAKE});
     * then reads it back. Returns the lease as it now stands, whoever holds it.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Term renew() {
        Instant now = wall.instant();
        TradingLease row = row();
        boolean mine = extend(now) || take(TradingLease.TAKE, now);
        em.refresh(row);
        Term term = row.term();
        noted(mine, term);
        return term;
    }

    /** Whether the lease was this node's and is renewed from {@code now}. */
    private boolean extend(Instant now) {
        return em.createNamedQuery(TradingLease.RENEW).setParameter("id", TradingLease.ID).setParameter("node", self())
                .setParameter("expires", now.plus(duration).toEpochMilli()).executeUpdate() == 1;
    }

    /** Whether {@code query} ({@link TradingLease#TAKE} or {@link TradingLease#TAKE_ALONE}) gave this node the lease. */
    private boolean take(String query, Instant now) {
        return em.createNamedQuery(query).setParameter("id", TradingLease.ID).setParameter("node", self())
                .setParameter("now", now.toEpochMilli()).setParameter("expires", now.plus(duration).toEpochMilli())
                .executeUpdate() == 1;
    }

    /** The lease row, made vacant on the first start on a database. */
    private TradingLease row() {
        TradingLease row = em.find(TradingLease.class, TradingLease.ID);
        if (row == null) { // a node racing to create it fails here, and takes or renews it next time
            row = TradingLease.vacant();
            em.persist(row);
            em.flush();
        }
        return row;
    }

    private void noted(boolean mine, Term term) {
        Term before = held;
        seen = term;
        if (mine) {
            held = term;
            if (before == null || before.epoch() != term.epoch()) {
                LOG.info("This node (" + self() + ") holds the trading lease, epoch " + term.epoch() + ", since "
                        + term.since() + ": it trades.");
            }
        } else {
            held = null;
            if (before != null) {
                LOG.warning("This node (" + self() + ") lost the trading lease of epoch " + before.epoch() + " to "
                        + term.holder() + " (epoch " + term.epoch() + "): it trades no more until it holds it again.");
            }
        }
    }

    /** The term this node holds now, unless its last renewal has run out (wall time). */
    public Optional<Term> held() {
        Term term = held;
        return term != null && term.heldBy(self(), wall.instant()) ? Optional.of(term) : Optional.empty();
    }

    /** The lease as this node last read it (at its last renewal); vacant before the first. */
    public Term seen() {
        Term term = seen;
        return term == null ? TradingLease.vacant().term() : term;
    }

    /** Runs {@code work} on this thread under {@code term}: every {@link #fence} it meets checks that epoch. */
    public <T> T during(Term term, Supplier<T> work) {
        Term outer = working.get();
        working.set(term);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                working.remove();
            } else {
                working.set(outer);
            }
        }
    }

    /**
     * The fence, inside the caller's transaction: this node must hold the lease in the epoch the work on this thread
     * began under (see {@link #during}), or, outside such work, in the term it holds now. The lease row stays locked
     * until the transaction ends, so the lease cannot change hands before the commit. Otherwise {@link LeaseLost}
     * rolls the whole transaction back.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void fence() {
        Term term = working.get();
        if (term == null) {
            term = held().orElseThrow(() -> new LeaseLost("This node (" + self() + ") does not hold the trading"
                    + " lease" + holderInWords(seen()) + ": only the holder trades and signs; nothing was done."));
        }
        int matched = em.createNamedQuery(TradingLease.FENCE).setParameter("id", TradingLease.ID)
                .setParameter("node", self()).setParameter("epoch", term.epoch()).executeUpdate();
        if (matched != 1) {
            TradingLease row = em.find(TradingLease.class, TradingLease.ID);
            String reason = "This node (" + self() + ") no longer holds the trading lease of epoch " + term.epoch()
                    + (row == null ? "" : holderInWords(row.term())) + ": the transaction was rolled back, nothing of"
                    + " it was booked or signed.";
            LOG.warning(reason);
            throw new LeaseLost(reason);
        }
    }

    private static String holderInWords(Term term) {
        return term.holder() == null ? " (nobody holds it yet)"
                : " (" + term.holder() + " holds it, epoch " + term.epoch() + ")";
    }

    /** Gives the lease up at a clean stop, so another node takes over without waiting for it to run out. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void release() {
        Term term = held;
        if (term == null) {
            return;
        }
        held = null;
        em.createNamedQuery(TradingLease.RELEASE).setParameter("id", TradingLease.ID).setParameter("node", self())
                .setParameter("epoch", term.epoch()).setParameter("now", wall.instant().toEpochMilli())
                .executeUpdate();
        LOG.info("This node (" + self() + ") gave up the trading lease of epoch " + term.epoch() + ".");
    }
}
