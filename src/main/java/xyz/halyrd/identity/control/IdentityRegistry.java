package xyz.halyrd.identity.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.chain.control.IdentityContract;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.identity.entity.AgentIdentity;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.signer.control.LiveChain;
import xyz.halyrd.signer.control.Signer;

/**
 * The agent's ERC-8004 identity: registered on the configured registry, with its profile URI, when a person asks
 * (registration is one-shot and public, so it is a decision, like a promotion) — and never a second time. Before minting it asks the chain itself whether the wallet already
 * holds an identity there (a registration mined but never booked, say by a crash), and a registration sent but not
 * yet mined is watched by its hash, not sent again, unless the node has dropped it.
 */
@Singleton
@Lock(LockType.WRITE) // one attempt at a time: two attempts racing could mint two tokens
public class IdentityRegistry {

    private static final Logger LOG = Logger.getLogger(IdentityRegistry.class.getName());
    public static final String REGISTRY = "halyrd.chain.identity-registry";

    @PersistenceContext
    EntityManager em;

    @Inject
    LiveChain live;

    @Inject
    Signer signer;

    @Inject
    Journal journal;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = REGISTRY)
    Optional<String> registry;

    @Inject
    @ConfigProperty(name = "halyrd.identity.profile-base-url", defaultValue = "http://127.0.0.1:8000")
    String profileBaseUrl;

    /** Where the agent's public profile (its track record) lives: the agentURI it registers with. */
    @Lock(LockType.READ)
    public String profileUri(String agentId) {
        return profileBaseUrl.replaceAll("/+$", "") + "/agents/" + agentId;
    }

    /** The identity as committed, if any. */
    @Lock(LockType.READ)
    public Optional<AgentIdentity> identity(String agentId) {
        return Optional.ofNullable(em.find(AgentIdentity.class, agentId));
    }

    /** Why there is no token yet, in plain words. */
    @Lock(LockType.READ)
    public String pendingReason(String agentId) {
        Optional<AgentIdentity> known = identity(agentId);
        if (known.isPresent() && !known.get().isRegistered()) {
            return "registration sent in transaction " + known.get().txHash() + "; waiting for it to be mined.";
        }
        if (registry.filter(r -> !r.isBlank()).isEmpty()) {
            return "no identity registry is configured (" + REGISTRY + ").";
        }
        String unavailable = live.unavailableReason();
        return unavailable != null ? "registration needs live mode: " + unavailable
                : "not registered yet (POST /agents/" + agentId + "/identity registers it, once).";
    }

    /**
     * Registers the agent unless it already is (then it is returned as it is, nothing sent). Refused with 409
     * {@code IDENTITY_UNAVAILABLE} while no registry is configured or live mode is not connected, and with
     * {@code REGISTRATION_FAILED} when the transaction reverted or was rejected (journaled; it may be asked again).
     */
    public AgentIdentity registerOnce(String agentId) {
        Optional<AgentIdentity> known = identity(agentId);
        if (known.filter(AgentIdentity::isRegistered).isPresent()) {
            return known.get();
        }
        if (registry.filter(r -> !r.isBlank()).isEmpty() || !live.connected()) {
            throw ApiException.conflict("IDENTITY_UNAVAILABLE", "Cannot register: " + pendingReason(agentId));
        }
        if (!signer.session(agentId).isActive()) {
            throw ApiException.conflict("SIGNER_REVOKED", "The signing session is revoked (kill switch): nothing is"
                    + " signed, a registration neither, until a person provisions a new session.");
        }
        try {
            return register(agentId, known.orElse(null));
        } catch (Node.Failure e) { // the node unreachable or on another chain: nothing was booked
            throw new ApiException(jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE, "CHAIN_UNAVAILABLE",
                    "The chain node did not answer as expected (" + e.getMessage() + "); nothing was registered.");
        }
    }

    private AgentIdentity register(String agentId, AgentIdentity pending) {
        String at = registry.orElseThrow();
        long chainId = live.settings().chainId();
        String uri = profileUri(agentId);
        Optional<BigInteger> onChain = live.identity().registeredBy(at, live.address());
        if (onChain.isPresent()) {
            return booked(agentId, pending, at, chainId, pending == null ? null : pending.txHash(),
                    onChain.get().toString(), uri, "found on the registry's own record");
        }
        if (pending != null) {
            TxOutcome.Status standing = live.node().standing(pending.txHash());
            if (standing == TxOutcome.Status.NOT_MINED || standing == TxOutcome.Status.MINED) {
                return pending; // still in the node's hands (a mined one shows in the registry's record next time)
            }
            em.remove(pending); // reverted or dropped: nothing was minted, so registering again is safe
            em.flush();
        }
        IdentityContract.Registration registration = signer.registerIdentity(agentId, at, uri);
        TxOutcome tx = registration.tx();
        if (registration.agentId().isPresent()) {
            return booked(agentId, null, at, chainId, tx.txHash(), registration.agentId().get().toString(), uri,
                    "registered");
        }
        if (tx.status() == TxOutcome.Status.NOT_MINED) {
            AgentIdentity sent = AgentIdentity.pending(agentId, at, chainId, tx.txHash(), uri, clock.instant());
            em.persist(sent);
            journal.append(JournalType.IDENTITY, List.of("pending"), "ERC-8004 registration sent in transaction "
                    + tx.txHash() + "; not mined within the wait. It is watched, not sent again.");
            return sent;
        }
        String what = tx.status().name().toLowerCase(java.util.Locale.ROOT) + (tx.txHash() == null ? ""
                : ", transaction " + tx.txHash());
        journal.append(JournalType.IDENTITY, List.of("failed"), "ERC-8004 registration did not go through (" + what
                + "); nothing was minted, and it may be asked again.");
        LOG.log(Level.WARNING, "Identity registration did not go through: {0}", what);
        throw new ApiException.Recorded(jakarta.ws.rs.core.Response.Status.CONFLICT, "REGISTRATION_FAILED",
                "The registration did not go through (" + what + "); nothing was minted. Try again; the journal has"
                        + " the details.");
    }

    /**
     * Where a person sees the token: on the configured explorer ({@code halyrd.chain.explorer-url}, e.g.
     * {@code https://bscscan.com/token/<registry>?a=<id>}), or, with no explorer (a local chain), its CAIP-19 asset id
     * {@code eip155:<chain id>/erc721:<registry>/<id>}.
     */
    @Lock(LockType.READ)
    public String explorerUrl(AgentIdentity identity) {
        String explorer = live.connected() ? live.settings().explorerUrl() : null;
        return explorer == null
                ? "eip155:" + identity.chainId() + "/erc721:" + identity.registry() + "/" + identity.tokenId()
                : explorer.replaceAll("/+$", "") + "/token/" + identity.registry() + "?a=" + identity.tokenId();
    }

    private AgentIdentity booked(String agentId, AgentIdentity pending, String at, long chainId, String txHash,
            String tokenId, String uri, String how) {
        AgentIdentity identity;
        if (pending != null) {
            pending.register(tokenId, txHash, clock.instant());
            identity = pending;
        } else {
            identity = AgentIdentity.registered(agentId, at, chainId, txHash, tokenId, uri, clock.instant());
            em.persist(identity);
        }
        journal.append(JournalType.IDENTITY, List.of("registered", tokenId), "ERC-8004 identity " + tokenId + " "
                + how + " on registry " + at + " (chain " + chainId + "), profile " + uri
                + (txHash == null ? "." : ", transaction " + txHash + "."));
        return identity;
    }
}
