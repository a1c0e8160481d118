package xyz.halyrd.lifecycle.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.ServerStart;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.control.Market;

/**
 * Journals each server start, and the seed agent's creation on the first one, in the registry's start transaction:
 * the registry sits below the journal and announces the start instead of writing it.
 */
@Singleton
@Lock(LockType.READ) // stateless
public class StartJournal {

    @Inject
    Journal journal;

    @Inject
    Market market;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void started(@Observes ServerStart start) {
        Agent agent = start.agent();
        if (start.agentCreated()) {
            journal.append(JournalType.AGENT_CREATED, List.of(agent.id()),
                    "Created agent " + agent.id() + " (" + agent.name() + "): status " + agent.status()
                            + ", phase " + agent.phase().wire() + ", market mode " + agent.marketMode() + ".");
        }
        journal.append(JournalType.SERVER_START, List.of(),
                "Halyrd started on " + start.database() + ". Market: " + market.sourcesInWords() + ". Agent "
                        + agent.id() + " is " + agent.status() + " in phase " + agent.phase().wire() + ".");
    }
}
