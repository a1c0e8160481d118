package xyz.halyrd.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.access.entity.DashboardSession;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.WallClock;

/**
 * The dashboard's logins in token mode (and in hosted mode, with a JWT): a person gives the API token once and gets
 * a session cookie. Kept in the database ({@link DashboardSession}), so a session opened on one node works on every
 * node and outlives a restart; keyed by a hash of the cookie's value so the secret itself is not kept; each session
 * has a public label ({@code ses_…}) that the journal names as the actor. A session ends when its time is up, on
 * logout, or when what it was opened with changes (a new API token file, another JWT issuer or key).
 */
@ApplicationScoped
public class Sessions {

    /** Beyond this, the session that ends soonest is ended: logging in again and again must not grow without end. */
    static final int MAX_SESSIONS = 64;

    /** A login: its public label, when it ends, who it acts as in the journal, and its groups (hosted mode). */
    public record Session(String label, Instant expires, String actor, Set<String> groups) {

        static Session of(DashboardSession row) {
            return new Session(row.label(), row.expiresAt(), row.actor(), row.groups());
        }
    }

    /** A new session: the cookie value to hand out (a secret) and its public label. */
    public record Opened(String secret, Session session) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "halyrd.auth.session-ttl", defaultValue = "PT12H")
    Duration ttl;

    /** Sessions last wall time: the agent's clock runs 5400× in the demo, which ended a 12-hour login in 8 s. */
    @Inject
    @WallClock
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    AccessPolicy policy;

    private final SecureRandom random = new SecureRandom();

    /** A login with the API token (token mode): the journal names the session. */
    @Transactional
    public Opened open() {
        return open(null, Set.of(AccessPolicy.TRADER), null);
    }

    /**
     * A login with a JWT (hosted mode) as {@code actor} with its {@code groups}; it ends with the token, at
     * {@code notAfter}, if that comes before the session's own end.
     */
    @Transactional
    public Opened open(String actor, Set<String> groups, Instant notAfter) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        em.createNamedQuery(DashboardSession.END_EXPIRED).setParameter("now", now).executeUpdate();
        long open = em.createNamedQuery(DashboardSession.COUNT, Long.class).getSingleResult();
        if (open >= MAX_SESSIONS) {
            em.createNamedQuery(DashboardSession.SOONEST_ENDING, DashboardSession.class)
                    .setMaxResults((int) (open - MAX_SESSIONS + 1)).getResultList().forEach(em::remove);
        }
        String label = ids.next("ses");
        Instant expires = notAfter == null || now.plus(ttl).isBefore(notAfter) ? now.plus(ttl) : notAfter;
        DashboardSession row = new DashboardSession(hash(secret), label, actor == null ? "session:" + label : actor,
                groups, policy.sessionCredential(), now, expires);
        em.persist(row);
        return new Opened(secret, Session.of(row));
    }

    /** The live session this cookie value opens, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Session> find(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(DashboardSession.class, hash(secret)))
                .filter(row -> row.opensAt(clock.instant(), policy.sessionCredential())).map(Session::of);
    }

    @Transactional
    public void close(String secret) {
        if (secret != null && !secret.isEmpty() && secret.length() <= 100) {
            DashboardSession row = em.find(DashboardSession.class, hash(secret));
            if (row != null) {
                em.remove(row);
            }
        }
    }

    /** How long {@code session} has left. */
    public Duration remaining(Session session) {
        return Duration.between(clock.instant(), session.expires());
    }

    static String hash(String secret) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
