package xyz.halyrd.signer.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import jakarta.inject.Inject;
import xyz.halyrd.signer.entity.SignerPolicy;
import xyz.halyrd.signer.entity.SignerSession;

/**
 * The signing layer (TWAK, "physics"). It keeps its own persisted policy and re-checks every limit itself; the
 * agent's config can only ever widen its allowlist to cover the watchlist, in the same transaction.
 */
@Singleton
@Lock(LockType.READ) // policy rows are locked in the database (PESSIMISTIC_WRITE) where they change
public class Signer {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** The agent's signing session as committed; a new installation's is active. */
    public SignerSession session(String agentId) {
        SignerSession session = em.find(SignerSession.class, agentId);
        if (session == null) {
            session = SignerSession.active(agentId, clock.instant());
            em.persist(session);
        }
        return session;
    }

    /**
     * The session locked until the caller's transaction ends: the kill switch and provisioning change it under this
     * lock, and a signature checks it under the same lock, so nothing is signed after a revocation commits.
     */
    public SignerSession lockSession(String agentId) {
        SignerSession session = em.find(SignerSession.class, agentId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            session = SignerSession.active(agentId, clock.instant());
            em.persist(session);
            em.flush();
        }
        return session;
    }

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
