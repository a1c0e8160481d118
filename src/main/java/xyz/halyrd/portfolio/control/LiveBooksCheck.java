package xyz.halyrd.portfolio.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.signer.control.LiveChain;

/**
 * Brings the live books up to date with the chain and compares them with the wallet, before the first pass a node
 * trades under a lease epoch ({@link #beforeTrading}): after a restart, or when it takes over from another node, it
 * trades on what was sent before and what the wallet holds now. Only the holder of the lease does this: a node that
 * does not trade must not book a swap the trading node has just sent and is about to book itself. A failure here (the
 * chain node not answering) never stops the pass: the swaps are settled again before the next live order of their
 * token, and the comparison runs again when live is next used.
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

    /** Before this node's first decision under the lease epoch {@code epoch}. */
    public void beforeTrading(long epoch) {
        String sentWhen = "before this node took the trading lease (epoch " + epoch + ")";
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
