package xyz.halyrd.lifecycle.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.lifecycle.entity.StatusChange;
import xyz.halyrd.platform.Ids;

/**
 * Records a lifecycle transition the agent has just made, in the caller's transaction: a {@code STATUS_CHANGE}
 * journal entry and the {@link StatusChange} row that links to it, fired so the stream sends it once committed.
 */
@Singleton
@Lock(LockType.READ) // writes only the caller's rows; the caller holds the agent's row lock
public class StatusChanges {


    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    Journal journal;

    @Inject
    Event<StatusChange> changed;

    public StatusChange record(Agent agent, AgentStatus from, StatusChange.Cause cause, String why, String firstTxHash,
            String configVersionId) {
        List<String> tags = new ArrayList<>(List.of(from.name(), agent.status().name(),
                cause.name().toLowerCase(Locale.ROOT)));
        if (agent.demotionRule() != null) {
            tags.add(agent.demotionRule());
        }
        JournalEntry entry = journal.append(JournalType.STATUS_CHANGE, tags,
                agent.id() + " " + from + " → " + agent.status() + ": " + why, configVersionId);
        StatusChange change = new StatusChange(ids.next("stc"), agent, clock.instant(), from, cause, entry.id(),
                firstTxHash);
        em.persist(change);
        changed.fire(change);
        return change;
    }

    /** Every transition of the agent, oldest first. */
    public List<StatusChange> history(String agentId) {
        return em.createNamedQuery(StatusChange.CHRONOLOGICAL, StatusChange.class).setParameter("agent", agentId)
                .getResultList();
    }
}
