package xyz.halyrd.portfolio.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.LivePosition;
import xyz.halyrd.signer.control.LiveChain;
import xyz.halyrd.chain.entity.ChainSettings;

/**
 * The live books against the wallet: every live position must be covered by the wallet's on-chain balance of its
 * token. Checked before the first pass a node trades under each lease epoch — after a start, after a takeover
 * ({@link LiveBooksCheck}) —, at first use if that has not happened or could not reach the node, before each promotion
 * and on demand. A shortfall — the books claim tokens
 * the wallet does not hold, e.g. after a transfer out by hand or a database restored from an older backup — is
 * journaled ({@code RECONCILE_MISMATCH}) and locks live (no promotion, no live order) until a check finds them
 * agreeing again. A surplus in the wallet is not the agent's to trade and is left alone.
 */
@Singleton
@Lock(LockType.READ) // the outcome is one volatile field; checks may overlap harmlessly, the last one stands
@jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.REQUIRES_NEW) // its journal entry stands
public class Reconciliation {                                                          // even if the caller refuses


    @PersistenceContext
    EntityManager em;

    @Inject
    LiveChain live;

    @Inject
    Journal journal;

    private volatile boolean checked;
    private volatile String mismatch;

    /** Why live is locked by the books, if it is; checks once when first asked. */
    public Optional<String> mismatch() {
        if (!checked) {
            check(Agent.SEED_ID);
        }
        return Optional.ofNullable(mismatch);
    }

    /** Compares the live positions with the wallet now; journals a mismatch, or the end of one. */
    public Optional<String> check(String agentId) {
        if (!live.connected()) {
            return Optional.empty(); // nothing to compare: live is unavailable anyway
        }
        ChainSettings settings = live.settings();
        String wallet = live.address();
        Map<Token, BigInteger> booked = em.createNamedQuery(LivePosition.OF_AGENT, LivePosition.class)
                .setParameter("agent", agentId).getResultList().stream()
                .collect(Collectors.toMap(LivePosition::token, LivePosition::units, BigInteger::add));
        List<String> shortfalls = new ArrayList<>();
        booked.forEach((token, units) -> {
            BigInteger held = settings.address(token.name()).map(a -> live.erc20().balanceOf(a, wallet))
                    .orElse(BigInteger.ZERO);
            if (held.compareTo(units) < 0) {
                shortfalls.add(token + ": the books hold " + units + " units, the wallet " + held);
            }
        });
        String before = mismatch;
        mismatch = shortfalls.isEmpty() ? null : String.join("; ", shortfalls) + ".";
        checked = true;
        if (mismatch != null && !mismatch.equals(before)) {
            journal.append(JournalType.RECONCILE_MISMATCH, List.of(), "The live positions and the wallet "
                    + wallet + " disagree: " + mismatch + " Live is locked until they agree: bring the wallet back"
                    + " to the books (or the books to the wallet), then POST /agents/" + agentId
                    + "/live/reconcile.");
        } else if (mismatch == null && before != null) {
            journal.append(JournalType.RECONCILED, List.of(), "The live positions and the wallet " + wallet
                    + " agree again: live is unlocked.");
        }
        return Optional.ofNullable(mismatch);
    }
}
