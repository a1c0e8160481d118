package xyz.halyrd.cluster.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The trading lease, one row: which node may trade ({@code holder}), since when, until when unless renewed
 * ({@code expires_at}), and the {@code epoch}, which counts the changes of holder. The row is changed only by the
 * conditional updates below, each one statement the database serializes on the row, so two nodes can never both
 * take it; the epoch is the fencing token every fill's transaction checks ({@link #FENCE}).
 * <p>
 * Times are epoch milliseconds of the wall clock (the columns as the other tables' {@code Instant}s), kept as plain
 * numbers here because the updates compute with them in the database.
 */
@Entity
@Table(name = "TRADING_LEASE")
/*
 * Takes the lease if it is vacant, expired or already this node's, and renews it: the epoch goes up by one and
 * since is reset only when the holder changes (every SET reads the row as it was before the update).
 */
@NamedQuery(name = TradingLease.TAKE, query = "UPDATE TradingLease l SET"
        + " l.epoch = CASE WHEN l.holder = :node THEN l.epoch ELSE l.epoch + 1 END,"
        + " l.sinceMillis = CASE WHEN l.holder = :node THEN l.sinceMillis ELSE :now END,"
        + " l.holder = :node, l.expiresAtMillis = :expires"
        + " WHERE l.id = :id AND (l.holder = :node OR l.holder IS NULL OR l.expiresAtMillis <= :now)")
/*
 * The same, whoever holds it: for a node that knows it is the only one, on an embedded database no other process can
 * open (see Lease#takeAtStart).
 */
@NamedQuery(name = TradingLease.TAKE_ALONE, query = "UPDATE TradingLease l SET"
        + " l.epoch = CASE WHEN l.holder = :node THEN l.epoch ELSE l.epoch + 1 END,"
        + " l.sinceMillis = CASE WHEN l.holder = :node THEN l.sinceMillis ELSE :now END,"
        + " l.holder = :node, l.expiresAtMillis = :expires"
        + " WHERE l.id = :id")
/*
 * The fence: matches the row only while this node holds the lease in the epoch the work began under, and locks it
 * until the transaction ends, so no other node can take the lease between this check and the commit. It changes
 * nothing (epoch = epoch); an update rather than a read because it takes the same row lock on every database.
 */
@NamedQuery(name = TradingLease.FENCE, query = "UPDATE TradingLease l SET l.epoch = l.epoch"
        + " WHERE l.id = :id AND l.holder = :node AND l.epoch = :epoch")
/* Gives the lease up at once (a clean stop): it expires now, so another node need not wait for it. */
@NamedQuery(name = TradingLease.RELEASE, query = "UPDATE TradingLease l SET l.expiresAtMillis = :now"
        + " WHERE l.id = :id AND l.holder = :node AND l.epoch = :epoch AND l.expiresAtMillis > :now")
public class TradingLease {

    /** The one lease: trading. */
    public static final String ID = "trading";
    public static final String TAKE = "TradingLease.take";
    public static final String TAKE_ALONE = "TradingLease.takeAlone";
    public static final String FENCE = "TradingLease.fence";
    public static final String RELEASE = "TradingLease.release";

    @Id
    @Column(name = "ID", length = 16, updatable = false)
    private String id;

    /** The node id of the holder; null until the first node takes it. */
    @Column(name = "HOLDER", length = 128)
    private String holder;

    @Column(name = "EPOCH", nullable = false)
    private long epoch;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAtMillis;

    /** When the holder took it; null until the first node takes it. */
    @Column(name = "SINCE")
    private Long sinceMillis;

    protected TradingLease() {
    }

    /** The row before any node has held the lease: no holder, epoch 0, long expired. */
    public static TradingLease vacant() {
        TradingLease lease = new TradingLease();
        lease.id = ID;
        lease.epoch = 0;
        lease.expiresAtMillis = 0;
        return lease;
    }

    /** The lease as this row says it stands. */
    public Term term() {
        return new Term(holder, epoch, sinceMillis == null ? null : Instant.ofEpochMilli(sinceMillis),
                Instant.ofEpochMilli(expiresAtMillis));
    }

    /**
     * The lease as it stood when read: its holder (null: never held), epoch, since when the holder has held it, and
     * until when unless renewed.
     */
    public record Term(String holder, long epoch, Instant since, Instant expiresAt) {

        /** Whether {@code node} holds this term and it has not expired at {@code now}. */
        public boolean heldBy(String node, Instant now) {
            return node.equals(holder) && now.isBefore(expiresAt);
        }
    }
}
