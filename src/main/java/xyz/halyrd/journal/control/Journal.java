package xyz.halyrd.journal.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import xyz.halyrd.access.control.Caller;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.platform.Ids;

/**
 * The agent's append-only journal: everything else writes through {@link #append}, with a {@link JournalType}. Each
 * entry is fired as a CDI event, which observers see only once the writing transaction has committed.
 */
@Singleton
@Lock(LockType.READ) // appends are independent inserts with ids from a thread-safe source; nothing here is shared
public class Journal {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    Event<JournalEntry> appended;

    @Inject
    Instance<Caller> caller;

    public JournalEntry append(JournalType type, List<String> tags, String body) {
        return append(type, tags, body, null);
    }

    /**
     * Appends an entry of {@code type}, tagged with the type first and then {@code tags}, under the config version
     * the agent ran with (null where there is none).
     */
    public JournalEntry append(JournalType type, List<String> tags, String body, String configVersionId) {
        List<String> typeFirst = new ArrayList<>(tags.size() + 1);
        typeFirst.add(type.name());
        typeFirst.addAll(tags);
        return write(type.name(), typeFirst, body, configVersionId);
    }

    /**
     * Appends an entry of a type outside {@link JournalType}, with exactly {@code tags}: for the test-only probe of
     * the integration tests, which writes entries of its own ({@code PROBE}). The application itself appends a
     * {@link JournalType}; ArchitectureTest fails the build on a call from the main code.
     */
    public JournalEntry appendUnlisted(String type, List<String> tags, String body) {
        return write(type, tags, body, null);
    }

    private JournalEntry write(String type, List<String> tags, String body, String configVersionId) {
        Caller asking = requestCaller();
        JournalEntry entry = new JournalEntry(ids.next("jrn"), clock.instant(), type, tags, body, configVersionId,
                asking == null ? null : asking.actor(), asking == null ? null : clip(asking.origin()));
        em.persist(entry);
        appended.fire(entry);
        return entry;
    }

    /** The person's request being served, if the entry is written for one (none on the cycle's timer). */
    private Caller requestCaller() {
        try {
            Caller current = caller.get();
            return current.actor() == null ? null : current;
        } catch (ContextNotActiveException outsideARequest) {
            return null;
        }
    }

    private static String clip(String origin) {
        return origin == null || origin.length() <= JournalEntry.MAX_ORIGIN ? origin
                : origin.substring(0, JournalEntry.MAX_ORIGIN);
    }

    /** Newest first, at most {@code limit}, older than the entry {@code before} if given; filters may be null. */
    public List<JournalEntry> page(String before, String type, String tag, int limit) {
        List<String> conditions = new ArrayList<>();
        if (before != null) {
            conditions.add("e.id < :before");
        }
        if (type != null) {
            conditions.add("e.type = :type");
        }
        if (tag != null) {
            conditions.add("e.tags LIKE :tag ESCAPE '" + JournalEntry.LIKE_ESCAPE + "'");
        }
        String jpql = "SELECT e FROM JournalEntry e"
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY e.id DESC";
        TypedQuery<JournalEntry> query = em.createQuery(jpql, JournalEntry.class);
        if (before != null) {
            query.setParameter("before", before);
        }
        if (type != null) {
            query.setParameter("type", type);
        }
        if (tag != null) {
            query.setParameter("tag", JournalEntry.tagPattern(tag));
        }
        return query.setMaxResults(limit).getResultList();
    }
}
