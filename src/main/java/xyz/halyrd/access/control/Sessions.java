package xyz.halyrd.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.WallClock;

/**
 * The dashboard's logins in token mode (and in hosted mode, with a JWT): a person gives the API token once and gets
 * a session cookie. Kept in memory
 * only (a restart asks for the token again), keyed by a hash of the cookie's value so the secret itself is not
 * kept; each session has a public label ({@code ses_…}) that the journal names as the actor.
 */
@ApplicationScoped
public class Sessions {

    /** Beyond this, the oldest session is dropped: logging in again and again must not grow memory without end. */
    static final int MAX_SESSIONS = 64;

    /** A login: its public label, when it ends, who it acts as in the journal, and its groups (hosted mode). */
    public record Session(String label, Instant expires, String actor, Set<String> groups) {
    }

    /** A new session: the cookie value to hand out (a secret) and its public label. */
    public record Opened(String secret, Session session) {
    }

    @Inject
    @ConfigProperty(name = "halyrd.auth.session-ttl", defaultValue = "PT12H")
    Duration ttl;

    /** Sessions last wall time: the agent's clock runs 5400× in the demo, which ended a 12-hour login in 8 s. */
    @Inject
    @WallClock
    Clock clock;

    @Inject
    Ids ids;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byHash = new ConcurrentHashMap<>();

    /** A login with the API token (token mode): the journal names the session. */
    public Opened open() {
        return open(null, Set.of(AccessPolicy.TRADER), null);
    }

    /**
     * A login with a JWT (hosted mode) as {@code actor} with its {@code groups}; it ends with the token, at
     * {@code notAfter}, if that comes before the session's own end.
     */
    public Opened open(String actor, Set<String> groups, Instant notAfter) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        byHash.values().removeIf(s -> !s.expires().isAfter(now));
        while (byHash.size() >= MAX_SESSIONS) {
            byHash.entrySet().stream().min(Comparator.comparing(e -> e.getValue().expires()))
                    .ifPresent(oldest -> byHash.remove(oldest.getKey()));
        }
        String label = ids.next("ses");
        Instant expires = notAfter == null || now.plus(ttl).isBefore(notAfter) ? now.plus(ttl) : notAfter;
        Session session = new Session(label, expires, actor == null ? "session:" + label : actor, Set.copyOf(groups));
        byHash.put(hash(secret), session);
        return new Opened(secret, session);
    }

    /** The live session this cookie value opens, if any. */
    public Optional<Session> find(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        String key = hash(secret);
        Session session = byHash.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expires().isAfter(clock.instant())) {
            byHash.remove(key);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public void close(String secret) {
        if (secret != null && secret.length() <= 100) {
            byHash.remove(hash(secret));
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
