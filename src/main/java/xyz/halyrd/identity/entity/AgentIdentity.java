package xyz.halyrd.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * The agent's ERC-8004 identity as this installation knows it: a registration sent but not yet seen mined
 * ({@code PENDING}, with its transaction), or the token the registry minted ({@code REGISTERED}) — which is
 * permanent: it is never registered again, across restarts too.
 */
@Entity
@Table(name = "AGENT_IDENTITY")
public class AgentIdentity {

    public enum State {
        PENDING, REGISTERED
    }

    @Id
    @Column(name = "AGENT_ID", length = 64, updatable = false)
    private String agentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 12, nullable = false)
    private State state;

    @Column(name = "REGISTRY", length = 42, nullable = false)
    private String registry;

    @Column(name = "CHAIN_ID", nullable = false)
    private long chainId;

    @Column(name = "TX_HASH", length = 66)
    private String txHash;

    @Column(name = "TOKEN_ID", length = 80)
    private String tokenId;

    @Column(name = "PROFILE_URI", length = 400, nullable = false)
    private String profileUri;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected AgentIdentity() {
    }

    private AgentIdentity(String agentId, State state, String registry, long chainId, String txHash, String tokenId,
            String profileUri, Instant now) {
        this.agentId = Objects.requireNonNull(agentId);
        this.state = state;
        this.registry = Objects.requireNonNull(registry);
        this.chainId = chainId;
        this.txHash = txHash;
        this.tokenId = tokenId;
        this.profileUri = Objects.requireNonNull(profileUri);
        this.updatedAt = Objects.requireNonNull(now);
    }

    /** A registration sent whose receipt did not come in time: its transaction is watched, never sent again blindly. */
    public static AgentIdentity pending(String agentId, String registry, long chainId, String txHash,
            String profileUri, Instant now) {
        return new AgentIdentity(agentId, State.PENDING, registry, chainId, Objects.requireNonNull(txHash), null,
                profileUri, now);
    }

    /** The minted token, found in a receipt (with its transaction) or on the chain's record (without: null). */
    public static AgentIdentity registered(String agentId, String registry, long chainId, String txHash,
            String tokenId, String profileUri, Instant now) {
        return new AgentIdentity(agentId, State.REGISTERED, registry, chainId, txHash,
                Objects.requireNonNull(tokenId), profileUri, now);
    }

    /** The pending registration was mined: the token is the agent's for good. */
    public void register(String token, String tx, Instant now) {
        if (state == State.REGISTERED && !Objects.equals(tokenId, token)) {
            throw new IllegalStateException("agent " + agentId + " already holds identity " + tokenId);
        }
        state = State.REGISTERED;
        tokenId = Objects.requireNonNull(token);
        txHash = tx;
        updatedAt = now;
    }

    public boolean isRegistered() {
        return state == State.REGISTERED;
    }

    public String agentId() {
        return agentId;
    }

    public State state() {
        return state;
    }

    public String registry() {
        return registry;
    }

    public long chainId() {
        return chainId;
    }

    public String txHash() {
        return txHash;
    }

    public String tokenId() {
        return tokenId;
    }

    public String profileUri() {
        return profileUri;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
