package xyz.halyrd.platform;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.changesets.UnitOfWorkChangeSet;

/**
 * The writes of this JVM's persistence unit, counted as EclipseLink sees them (registered in persistence.xml as its
 * {@code eclipselink.session-event-listener}). A transaction's write has <em>begun</em> when it first changes
 * something — its changes worked out at a flush or at its commit, or an update or delete statement — which is always
 * before the database commits it, and has <em>ended</em> when its unit of work is released after the commit or the
 * rollback. {@link #quietSince()} tells a reader whether what it reads now is everything committed, and
 * {@link #began()} whether anything has been written since: enough to keep an answer until the next write
 * ({@link KeptAnswers}). Only an embedded database, which no other process can write, is fully seen here.
 */
public class DatabaseWrites extends SessionEventAdapter {

    /** The unit of work's mark that its write has begun and not ended yet. */
    private static final String WRITING = "halyrd.writing";
    private static final AtomicLong BEGUN = new AtomicLong();
    private static final AtomicLong ENDED = new AtomicLong();

    /** The writes begun so far: a number that moves (before the database commits it) on every write. */
    public static long began() {
        return BEGUN.get();
    }

    /**
     * The number of writes begun if every one of them has also ended (what a reader reads from now on is then all
     * that was committed); -1 while a write is under way.
     */
    public static long quietSince() {
        long begun = BEGUN.get();
        return ENDED.get() == begun ? begun : -1;
    }

    @Override
    public void postCalculateUnitOfWorkChangeSet(SessionEvent event) {
        if (event.getProperty("UnitOfWorkChangeSet") instanceof UnitOfWorkChangeSet changes && changes.hasChanges()) {
            writing(event.getSession());
        }
    }

    @Override
    public void preExecuteQuery(SessionEvent event) {
        if (event.getQuery() != null && event.getQuery().isModifyQuery()) { // JPQL updates and deletes, native SQL
            writing(event.getSession());
        }
    }

    @Override
    public void postReleaseUnitOfWork(SessionEvent event) {
        Session session = event.getSession();
        if (session.getProperty(WRITING) != null) {
            session.removeProperty(WRITING);
            ENDED.incrementAndGet();
        }
    }

    private static void writing(Session session) {
        if (session.isUnitOfWork() && session.getProperty(WRITING) == null) {
            session.setProperty(WRITING, Boolean.TRUE);
            BEGUN.incrementAndGet();
        }
    }
}
