package xyz.halyrd.stream.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.OptionalLong;
import xyz.halyrd.platform.WireFormat;
import xyz.halyrd.stream.entity.StreamEvent;
import xyz.halyrd.stream.entity.StreamSequence;
import xyz.halyrd.stream.entity.StreamedEvent;

/**
 * The stream's messages in the database, numbered in commit order: what every node delivers to its clients, and
 * what a client that reconnects with {@code ?after=<seq>} is sent first. A message is appended in the transaction
 * that wrote its fact, as that transaction commits, so it exists exactly when the fact does.
 */
@Singleton
@Lock(LockType.READ) // no state of its own: the database serializes the counter
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class EventLog {

    @PersistenceContext
    EntityManager em;

    /**
     * Numbers {@code event} with the next seq and keeps it, in the caller's transaction (or one of its own). Called as
     * the transaction commits: the transaction's own writes go to the database first, so that it holds every row
     * lock it needs before it takes the counter's, which it then holds only for its commit.
     */
    public long append(StreamEvent event) {
        em.flush();
        StreamSequence counter = em.find(StreamSequence.class, StreamSequence.ID, LockModeType.PESSIMISTIC_WRITE);
        if (counter == null) { // the first message on this database
            counter = StreamSequence.fresh();
            em.persist(counter);
        }
        StreamedEvent kept = StreamedEvent.numbered(counter.next(), WireFormat.toJson(event));
        em.persist(kept);
        em.flush();
        return kept.seq();
    }

    /** The messages after {@code after} up to {@code upTo}, oldest first, at most {@code limit}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<StreamedEvent> after(long after, long upTo, int limit) {
        return em.createNamedQuery(StreamedEvent.AFTER, StreamedEvent.class).setParameter("after", after)
                .setParameter("upTo", upTo).setMaxResults(limit).getResultList();
    }

    /** The newest seq handed out (committed), 0 before the first message. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long newest() {
        StreamSequence counter = em.find(StreamSequence.class, StreamSequence.ID);
        return counter == null ? 0 : counter.last();
    }

    /** The oldest seq still kept, if any. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public OptionalLong oldest() {
        Long oldest = em.createNamedQuery(StreamedEvent.OLDEST, Long.class).getSingleResult();
        return oldest == null ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    /** Forgets every message but the newest {@code kept}; returns how many went. */
    public int prune(long kept) {
        long upTo = newest() - kept;
        return upTo < 1 ? 0 : em.createNamedQuery(StreamedEvent.PRUNE).setParameter("upTo", upTo).executeUpdate();
    }
}
