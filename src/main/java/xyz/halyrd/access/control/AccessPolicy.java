package xyz.halyrd.access.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may act on this Halyrd, as configured: its own host names and origins, the size of a body, and token mode.
 * Token mode is on when the listener is bound beyond loopback ({@code halyrd.http.address}) or
 * {@code halyrd.auth.required} says so; it then needs {@code halyrd.auth.token-file}, or Halyrd does not start.
 * Hosted mode ({@code halyrd.auth.mode=jwt}) takes JWTs instead, verified by Payara's MicroProfile JWT, with a
 * {@code viewer} or {@code trader} group.
 */
@ApplicationScoped
public class AccessPolicy {

    private static final Logger LOG = Logger.getLogger(AccessPolicy.class.getName());
    /** The JWT groups of hosted mode. */
    public static final String VIEWER = "viewer";
    public static final String TRADER = "trader";
    private static final java.util.regex.Pattern KILL_SWITCH = java.util.regex.Pattern.compile(
            "/agents/[^/]+/kill-switch/?");

    @Inject
    @ConfigProperty(name = "halyrd.http.address", defaultValue = "127.0.0.1")
    String address;

    @Inject
    @ConfigProperty(name = "halyrd.http.allowed-hosts")
    Optional<String> allowedHosts; // comma-separated (Payara's config producer has no Optional<List>)

    @Inject
    @ConfigProperty(name = "halyrd.http.allowed-origins")
    Optional<String> allowedOrigins;

    @Inject
    @ConfigProperty(name = "halyrd.http.max-body-bytes", defaultValue = "65536")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "halyrd.auth.required", defaultValue = "false")
    boolean authRequired;

    @Inject
    @ConfigProperty(name = "halyrd.auth.token-file")
    Optional<String> tokenFile;

    /** {@code token} (the default: loopback open, an API token beyond it) or {@code jwt} (hosted: a JWT always). */
    @Inject
    @ConfigProperty(name = HostedMode.MODE, defaultValue = "token")
    String mode;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> jwtIssuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> jwtPublicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> jwtPublicKeyLocation;

    private HostRules hosts;
    private ApiToken token;
    private boolean jwt;
    private String refusal;
    /** {@link #sessionCredential()} as last worked out; null until asked after a load. */
    private volatile String sessionCredential;
    /** Whether {@code halyrd.http.address} is loopback, as of the last load. */
    private boolean boundToLoopback;
    /**
     * The local addresses requests arrived on, and whether each is loopback: asked on every request, and only the
     * machine's own addresses can be one.
     */
    private final Map<String, Boolean> loopbackLocals = new ConcurrentHashMap<>();

    @PostConstruct
    void load() {
        token = null;
        jwt = false;
        refusal = null;
        sessionCredential = null;
        loopbackLocals.clear();
        boundToLoopback = isLoopback(address);
        try {
            hosts = new HostRules(entries(allowedHosts), entries(allowedOrigins));
        } catch (IllegalArgumentException e) {
            refusal = e.getMessage();
            hosts = new HostRules(List.of(), List.of());
            return;
        }
        if (maxBodyBytes < 1024) {
            refusal = "halyrd.http.max-body-bytes must be at least 1024 (got " + maxBodyBytes + ")";
            return;
        }
        String chosen = mode.strip().toLowerCase(java.util.Locale.ROOT);
        if (!chosen.equals("token") && !chosen.equals(HostedMode.JWT)) {
            refusal = "halyrd.auth.mode must be token or jwt (got " + mode + ")";
            return;
        }
        if (chosen.equals(HostedMode.JWT)) {
            refusal = hostedModeRefusal().orElse(null);
            jwt = refusal == null;
            if (jwt) {
                LOG.info(() -> "Hosted mode: every request needs a bearer JWT of issuer " + jwtIssuer.get().strip()
                        + " in the group " + VIEWER + " (reads, the kill switch) or " + TRADER + " (everything).");
            }
            return;
        }
        boolean exposed = !boundToLoopback;
        if (tokenFile.isPresent() && !tokenFile.get().isBlank()) {
            Path file = Path.of(tokenFile.get()).toAbsolutePath().normalize();
            try {
                token = ApiToken.from(file);
            } catch (IOException | RuntimeException e) {
                refusal = "the API token file " + file + " (halyrd.auth.token-file) cannot be used: " + e.getMessage();
                return;
            }
            // The path, never the token: whoever may read the file may use the API.
            LOG.info(() -> (token.generated() ? "Generated a new API token in " : "API token read from ") + file
                    + " (halyrd.auth.token-file); every request needs it as 'Authorization: Bearer <token>',"
                    + " and the dashboard asks for it once.");
        } else if (exposed) {
            refusal = "Halyrd refuses to start: halyrd.http.address is " + address + ", which is beyond loopback,"
                    + " and no API token is configured. Set halyrd.auth.token-file to a file holding the token"
                    + " (Halyrd generates one there, readable only by you, if the file does not exist), or listen on"
                    + " 127.0.0.1.";
        } else if (authRequired) {
            refusal = "Halyrd refuses to start: halyrd.auth.required is true, but no API token is configured. Set"
                    + " halyrd.auth.token-file to a file holding the token (Halyrd generates one there if the file"
                    + " does not exist).";
        }
    }

    /** Why hosted mode cannot run as configured, if it cannot. */
    private Optional<String> hostedModeRefusal() {
        String prefix = "Halyrd refuses to start in hosted mode (halyrd.auth.mode=jwt): ";
        if (!HostedMode.on()) {
            return Optional.of(prefix + "give the mode as -Dhalyrd.auth.mode=jwt or HALYRD_AUTH_MODE=jwt: Payara reads"
                    + " its JWT settings before the application's own configuration.");
        }
        if (jwtIssuer.map(String::isBlank).orElse(true)) {
            return Optional.of(prefix + "set mp.jwt.verify.issuer to the issuer (iss) of the tokens to accept.");
        }
        if (jwtPublicKey.map(String::isBlank).orElse(true) && jwtPublicKeyLocation.map(String::isBlank).orElse(true)) {
            return Optional.of(prefix + "set mp.jwt.verify.publickey.location (a PEM or JWKS file or URL) or"
                    + " mp.jwt.verify.publickey to the key the tokens are signed with.");
        }
        if (tokenFile.isPresent() && !tokenFile.get().isBlank()) {
            return Optional.of(prefix + "it takes JWTs, not the API token: unset halyrd.auth.token-file.");
        }
        return Optional.empty();
    }

    /** Hosted mode: every request but the dashboard's files and its login needs a JWT (or a session opened with one). */
    public boolean jwtRequired() {
        return jwt;
    }

    /**
     * Whether a caller in {@code groups} may send {@code method} to {@code path} in hosted mode: a trader may do
     * everything; a viewer may read and pull the kill switch.
     */
    public static boolean permits(Set<String> groups, String method, String path) {
        if (groups.contains(TRADER)) {
            return true;
        }
        if (!mayRead(groups)) {
            return false;
        }
        return method.equals("GET") || method.equals("HEAD")
                || (method.equals("POST") && KILL_SWITCH.matcher(path).matches());
    }

    /** Whether a caller in {@code groups} may do anything at all in hosted mode: it is a viewer or a trader. */
    public static boolean mayRead(Set<String> groups) {
        return groups.contains(VIEWER) || groups.contains(TRADER);
    }

    private static List<String> entries(Optional<String> commaSeparated) {
        return commaSeparated.map(value -> List.of(value.split(","))).orElse(List.of());
    }

    /** Why Halyrd must not serve with this configuration, if it must not. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    public HostRules hosts() {
        return hosts;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Whether this request needs the token: always in token mode, and — with no token at all — for a request that
     * arrived on a non-loopback address anyway (a listener bound by other means than halyrd.http.address).
     */
    public boolean tokenRequired(String localAddress) {
        return jwt || token != null || authRequired || !boundToLoopback
                || !(localAddress != null && loopbackLocals.computeIfAbsent(localAddress, AccessPolicy::isLoopback));
    }

    /**
     * What dashboard sessions are opened with now, as a fingerprint (never the secret): the API token, or in hosted
     * mode the issuer and key JWTs are verified with. A session opened with another — before the token file was
     * replaced, say — opens nothing; null when no session can be opened.
     */
    public String sessionCredential() {
        String credential = sessionCredential;
        if (credential == null) { // worked out once a load: every request with a session cookie asks
            credential = jwt ? ApiToken.fingerprintOf("halyrd-jwt:" + jwtIssuer.orElse("").strip() + "\n"
                    + jwtPublicKey.orElse("").strip() + "\n" + jwtPublicKeyLocation.orElse("").strip())
                    : token == null ? null : token.fingerprint();
            sessionCredential = credential;
        }
        return credential;
    }

    /** Whether a token is configured, so a login can succeed. */
    public boolean tokenConfigured() {
        return token != null;
    }

    public boolean tokenMatches(String presented) {
        return token != null && token.matches(presented);
    }

    /** Loopback by its literal or {@code localhost}; a name is never looked up, so an unknown one counts as exposed. */
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String a = address.strip();
        if (a.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!(a.matches("\\d{1,3}(\\.\\d{1,3}){3}") || a.contains(":"))) {
            return false;
        }
        try {
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
