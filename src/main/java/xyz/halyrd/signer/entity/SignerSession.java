package xyz.halyrd.signer.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The signing layer's session (TWAK): while {@code active} the signer may sign within its policy; once
 * {@code revoked} by the kill switch it signs nothing at all until a person provisions it again. Persisted, so a
 * revocation survives any restart.
 */
@Entity
@Table(name = "SIGNER_SESSION")
public class SignerSession {

    /** Lower-case on the wire: {@code active} or {@code revoked}. */
    public enum State {
        ACTIVE, REVOKED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @Column(name = "AGENT_ID", length = 64, updatable = false)
    private String agentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 8, nullable = false)
    private State state;

    @Column(name = "CHANGED_AT", nullable = false)
    private Instant changedAt;

    /** Why it was last revoked (as the person who pulled the kill switch said), or null. */
    @Column(name = "REASON", length = 500)
    private String reason;

    protected SignerSession() {
    }

    /** A new installation's session: active, so a promotion can sign once a person decides. */
    public static SignerSession active(String agentId, Instant now) {
        SignerSession session = new SignerSession();
        session.agentId = Objects.requireNonNull(agentId);
        session.state = State.ACTIVE;
        session.changedAt = Objects.requireNonNull(now);
        return session;
    }

    /** Revokes signing; false if it was already revoked (the first revocation and its reason stand). */
    public boolean revoke(Instant now, String why) {
        if (state == State.REVOKED) {
            return false;
        }
        state = State.REVOKED;
        changedAt = now;
        reason = why;
        return true;
    }

    /** Provisions signing again; false if it was active already. */
    public boolean provision(Instant now) {
        if (state == State.ACTIVE) {
            return false;
        }
        state = State.ACTIVE;
        changedAt = now;
        reason = null;
        return true;
    }

    public boolean isActive() {
        return state == State.ACTIVE;
    }

    public String agentId() {
        return agentId;
    }

    public State state() {
        return state;
    }

    public Instant changedAt() {
        return changedAt;
    }

    public String reason() {
        return reason;
    }
}
