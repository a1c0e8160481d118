package xyz.halyrd.cluster.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
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
 * Renews the lease if this node holds it, even if it ran out meanwhile (no other node took it): the epoch stays.
 * On Derby, EclipseLink writes the values of a statement with a CASE or arithmetic in it into the SQL text instead of
 * binding them, unless told to bind (BIND): so every renewal was a new statement that Derby compiled afresh (a few
 * milliseconds each time) and that pushed the trading pass's own statements out of Derby's statement cache. Renewing is
 * a plain update, taking one with the epoch's arithmetic bound.
 */
@NamedQuery(name = TradingLease.RENEW, query = "UPDATE TradingLease l SET l.expiresAtMillis = :expires"
        + " WHERE l.id = :id AND l.holder = :node")
/* Takes the lease if it is vacant or has run out (after RENEW matched nothing): a new epoch, since now. */
@NamedQuery(name = TradingLease.TAKE, query = "UPDATE TradingLease l SET l.epoch = l.epoch + 1,"
        + " l.sinceMillis = :now, l.holder = :node, l.expiresAtMillis = :expires"
        + " WHERE l.id = :id AND (l.holder IS NULL OR l.expiresAtMillis <= :now)",
        hints = @QueryHint(name = TradingLease.BIND, value = "true"))
/*
 * The same, whoever holds it: for a node that knows it is the only one, on an embedded database no other process can
 * open (see Lease#takeAtStart).
 */
@NamedQuery(name = TradingLease.TAKE_ALONE, query = "UPDATE TradingLease l SET l.epoch = l.epoch + 1,"
        + " l.sinceMillis = :now, l.holder = :node, l.expiresAtMillis = :expires WHERE l.id = :id",
        hints = @QueryHint(name = TradingLease.BIND, value = "true"))
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
    public static final String RENEW = "TradingLease.renew";
    /** EclipseLink's hint that binds a statement's values, CASE or arithmetic in it or not. */
    static final String BIND = "eclipselink.jdbc.bind-parameters";
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
