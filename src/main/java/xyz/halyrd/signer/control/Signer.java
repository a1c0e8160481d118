package xyz.halyrd.signer.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import xyz.halyrd.signer.entity.SignerPolicy;

/**
 * The signing layer (TWAK, "physics"). It keeps its own persisted policy and re-checks every limit itself; the
 * agent's config can only ever widen its allowlist to cover the watchlist, in the same transaction.
 */
@Singleton
@Lock(LockType.READ) // policy rows are locked in the database (PESSIMISTIC_WRITE) where they change
public class Signer {

    @PersistenceContext
    EntityManager em;

    /** The policy of an agent, created with the defaults and the given allowlist if it has none yet. */
    public SignerPolicy policy(String agentId, List<String> initialAllowlist) {
        SignerPolicy policy = em.find(SignerPolicy.class, agentId);
        if (policy == null) {
            policy = SignerPolicy.defaults(agentId, initialAllowlist);
            em.persist(policy);
        }
        return policy;
    }

    public SignerPolicy policy(String agentId) {
        return em.find(SignerPolicy.class, agentId);
    }

    /**
     * Syncs the allowlist to a new watchlist within the caller's transaction: it commits or rolls back together
     * with the config change, so allowlist ⊇ watchlist holds at every commit.
     */
    public SignerPolicy syncAllowlist(String agentId, List<String> watchlist) {
        SignerPolicy policy = em.find(SignerPolicy.class, agentId, LockModeType.PESSIMISTIC_WRITE);
        if (policy == null) {
            policy = SignerPolicy.defaults(agentId, watchlist);
            em.persist(policy);
        } else {
            policy.allowExactly(watchlist);
        }
        return policy;
    }
}
