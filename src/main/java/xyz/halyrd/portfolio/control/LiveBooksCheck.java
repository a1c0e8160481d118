package xyz.halyrd.portfolio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.signer.control.LiveChain;

/**
 * Brings the live books up to date with the chain and compares them with the wallet: once the application has
 * started, so a mismatch is journaled and locks live before anything asks for it, and again before the first pass
 * this node trades under a new lease epoch ({@link #beforeTrading}) — a node taking over from another one trades
 * on what that node sent and the wallet now holds, not on what they were when this node started. A failure here (the
 * chain node not answering) never stops the application or the pass: the swaps are settled again before the next
 * live order of their token, and the comparison runs again when live is next used.
 */
@ApplicationScoped
public class LiveBooksCheck {

    private static final Logger LOG = Logger.getLogger(LiveBooksCheck.class.getName());

    @Inject
    Reconciliation reconciliation;

    @Inject
    LiveExecutor live;

    @Inject
    LiveChain chain;

    void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
        settleAndCompare("before the restart");
    }

    /** Before this node's first decision under the lease epoch {@code epoch}. */
    public void beforeTrading(long epoch) {
        settleAndCompare("before this node took the trading lease (epoch " + epoch + ")");
    }

    private void settleAndCompare(String sentWhen) {
        if (!chain.connected()) {
            return; // no chain, no wallet: nothing was sent live, and there is nothing to compare the books with
        }
        try {
            // a swap sent just before a stop or a takeover is booked (or found failed) before the books are compared
            live.settleUnbooked(Agent.SEED_ID).forEach(s -> LOG.log(Level.WARNING,
                    "The live swap {0} sent {1} is not mined yet", new Object[] {s.txHash(), sentWhen}));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Settling the live swaps sent {0} failed ({1}); it runs again before the next"
                    + " live order", new Object[] {sentWhen, e.toString()});
        }
        try {
            reconciliation.check(Agent.SEED_ID).ifPresent(m -> LOG.log(Level.WARNING,
                    "Live is locked: the live positions and the wallet disagree: {0}", m));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Comparing the live books with the wallet failed ({0}); it runs again when live"
                    + " is next used", e.toString());
        }
    }
}
