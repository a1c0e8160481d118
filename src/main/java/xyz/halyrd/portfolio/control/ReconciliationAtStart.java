package xyz.halyrd.portfolio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.agent.entity.Agent;

/**
 * Reconciles the live books with the wallet once the application has started, so a mismatch is journaled and
 * locks live before anything asks for it. A failure here (the node not answering) never stops the application:
 * the check runs again when live is next used.
 */
@ApplicationScoped
public class ReconciliationAtStart {

    private static final Logger LOG = Logger.getLogger(ReconciliationAtStart.class.getName());

    @Inject
    Reconciliation reconciliation;

    @Inject
    LiveExecutor live;

    void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try {
            // a swap sent just before the process stopped is booked (or found failed) before the books are compared
            live.settleUnbooked(Agent.SEED_ID).forEach(s -> LOG.log(Level.WARNING,
                    "The live swap {0} sent before the restart is not mined yet", s.txHash()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Settling the live swaps sent before the restart failed ({0}); it runs again"
                    + " before the next live order", e.toString());
        }
        try {
            reconciliation.check(Agent.SEED_ID).ifPresent(m -> LOG.log(Level.WARNING,
                    "Live is locked: the live positions and the wallet disagree: {0}", m));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reconciliation at start failed ({0}); it runs again when live is next used",
                    e.toString());
        }
    }
}
