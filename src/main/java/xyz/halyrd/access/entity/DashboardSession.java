package xyz.halyrd.access.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * A dashboard login, kept in the database so that it works on every node and outlives a restart. Keyed by a hash of
 * the cookie's value: the secret itself is never stored. The label ({@code ses_…}) is public: the journal names it.
 */
@Entity
@Table(name = "DASHBOARD_SESSION")
@NamedQuery(name = DashboardSession.END_EXPIRED, query = "DELETE FROM DashboardSession s WHERE s.expiresAt <= :now")
@NamedQuery(name = DashboardSession.COUNT, query = "SELECT COUNT(s) FROM DashboardSession s")
@NamedQuery(name = DashboardSession.SOONEST_ENDING, query = "SELECT s FROM DashboardSession s"
        + " ORDER BY s.expiresAt, s.label")
public class DashboardSession {

    public static final String END_EXPIRED = "DashboardSession.endExpired";
    public static final String COUNT = "DashboardSession.count";
    public static final String SOONEST_ENDING = "DashboardSession.soonestEnding";

    /** SHA-256 of the cookie's value, Base64. */
    @Id
    @Column(name = "SECRET_HASH", length = 44, updatable = false)
    private String secretHash;

    @Column(name = "LABEL", length = 32, nullable = false, updatable = false, unique = true)
    private String label;

    /**
     * Who the session acts as in the journal: {@code session:ses_…}, or in hosted mode {@code jwt:<subject>}, already
     * cut to the journal's width ({@code access.control.Caller#MAX_ACTOR}).
     */
    @Column(name = "ACTOR", length = 64, nullable = false, updatable = false)
    private String actor;

    /** Hosted mode's groups (viewer, trader), comma-separated. */
    @Column(name = "GROUPS_HELD", length = 500, nullable = false, updatable = false)
    private String groups;

    /**
     * A fingerprint of what the session was opened with (the API token, or hosted mode's issuer and key; never the
     * secret): once that changes, the session opens nothing.
     */
    @Column(name = "CREDENTIAL", length = 44, nullable = false, updatable = false)
    private String credential;

    @Column(name = "OPENED_AT", nullable = false, updatable = false)
    private Instant openedAt;

    @Column(name = "EXPIRES_AT", nullable = false, updatable = false)
    private Instant expiresAt;

    protected DashboardSession() {
    }

    public DashboardSession(String secretHash, String label, String actor, Set<String> groups, String credential,
            Instant openedAt, Instant expiresAt) {
        this.secretHash = secretHash;
        this.label = label;
        this.actor = actor;
        this.groups = String.join(",", new TreeSet<>(groups));
        this.credential = credential;
        this.openedAt = openedAt;
        this.expiresAt = expiresAt;
    }

    public String label() {
        return label;
    }

    public String actor() {
        return actor;
    }

    public Set<String> groups() {
        return groups.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(groups.split(",")));
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether the session still opens requests at {@code now}, with what sessions are opened with now. */
    public boolean opensAt(Instant now, String currentCredential) {
        return expiresAt.isAfter(now) && credential.equals(currentCredential);
    }
}
