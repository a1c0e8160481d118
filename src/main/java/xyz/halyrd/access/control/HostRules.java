package xyz.halyrd.access.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} and {@code Origin} headers are Halyrd's own. A DNS-rebinding page reaches the server under a
 * name the attacker controls, so only the server's own names pass: {@code 127.0.0.1}, {@code localhost} and
 * {@code [::1]} on the port the request arrived on, the IP address the connection arrived on (an address cannot be
 * rebound), and the names configured in {@code halyrd.http.allowed-hosts}. An origin is allowed if it is the
 * request's own (same scheme, host and port as the Host it was sent to) or configured in
 * {@code halyrd.http.allowed-origins}. Pure: no DNS lookup is ever made here.
 */
public final class HostRules {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    /** A parsed {@code Host}: a lower-case name (an IPv6 address in brackets) and a port (the scheme's default if absent). */
    public record HostPort(String name, int port) {
        public String text() {
            return name + ":" + port;
        }
    }

    private final boolean anyHost;
    private final Set<String> hostsAnyPort = new HashSet<>();
    private final Set<String> hostsWithPort = new HashSet<>();
    private final Set<String> origins = new HashSet<>();

    /**
     * @param allowedHosts entries {@code name} (any port), {@code name:port}, or {@code *} (any host: only behind a
     *                     proxy that checks it, and only with a token)
     * @param allowedOrigins entries {@code scheme://host[:port]}
     * @throws IllegalArgumentException naming the entry that is not one
     */
    public HostRules(List<String> allowedHosts, List<String> allowedOrigins) {
        boolean any = false;
        for (String raw : allowedHosts) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                any = true;
                continue;
            }
            boolean hasPort = entry.startsWith("[") ? entry.contains("]:") : entry.contains(":");
            Optional<HostPort> parsed = parseHost(entry, 0);
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException("halyrd.http.allowed-hosts: '" + raw.strip()
                        + "' is not a host name, IP address or host:port");
            }
            (hasPort ? hostsWithPort : hostsAnyPort).add(hasPort ? parsed.get().text() : parsed.get().name());
        }
        this.anyHost = any;
        for (String raw : allowedOrigins) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            origins.add(canonicalOrigin(entry).orElseThrow(() -> new IllegalArgumentException(
                    "halyrd.http.allowed-origins: '" + entry + "' is not an origin such as https://halyrd.example")));
        }
    }

    /** Whether {@code host} (the header) names this server, reached on {@code localAddress}:{@code localPort}. */
    public boolean hostAllowed(String host, String scheme, String localAddress, int localPort) {
        if (anyHost) {
            return host != null && !host.isBlank();
        }
        Optional<HostPort> parsed = parseHost(host, defaultPort(scheme));
        if (parsed.isEmpty()) {
            return false;
        }
        HostPort h = parsed.get();
        if (hostsAnyPort.contains(h.name()) || hostsWithPort.contains(h.text())) {
            return true;
        }
        if (h.port() != localPort) {
            return false;
        }
        return LOOPBACK_NAMES.contains(h.name()) || sameAddress(h.name(), localAddress);
    }

    /** Whether {@code origin} is the request's own ({@code scheme}://{@code host}) or a configured one. */
    public boolean originAllowed(String origin, String scheme, String host) {
        Optional<String> canonical = canonicalOrigin(origin);
        if (canonical.isEmpty()) {
            return false;
        }
        if (origins.contains(canonical.get())) {
            return true;
        }
        Optional<HostPort> own = parseHost(host, defaultPort(scheme));
        return own.isPresent() && canonical.get().equals(scheme.toLowerCase(Locale.ROOT) + "://" + own.get().text());
    }

    /** {@code name[:port]} lower-cased, or empty if it is not a plain host (no user info, path or stray characters). */
    public static Optional<HostPort> parseHost(String host, int defaultPort) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        String name;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            name = h.substring(0, close + 1);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
            if (!IPV6.matcher(name).matches()) {
                return Optional.empty();
            }
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                if (h.indexOf(':', colon + 1) >= 0) {
                    return Optional.empty();
                }
                name = h.substring(0, colon);
                port = h.substring(colon + 1);
            } else {
                name = h;
            }
            if (name.length() > 253 || !NAME.matcher(name).matches()) {
                return Optional.empty();
            }
        }
        int number = defaultPort;
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(new HostPort(name, number));
    }

    /** {@code scheme://name:port} with the default port written out, or empty if it is no http(s) origin. */
    static Optional<String> canonicalOrigin(String origin) {
        if (origin == null || origin.isBlank() || origin.equals("null")) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(origin.strip().replaceAll("/$", ""));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getRawAuthority() == null
                    || uri.getRawUserInfo() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            return parseHost(uri.getRawAuthority(), defaultPort(scheme)).map(h -> scheme + "://" + h.text());
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** Whether an IP-literal host is the very address the connection arrived on. */
    private static boolean sameAddress(String name, String localAddress) {
        if (localAddress == null || !(IPV4.matcher(name).matches() || IPV6.matcher(name).matches())) {
            return false;
        }
        try {
            // Both are literals, so getByName parses them without asking DNS.
            String literal = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
            String local = localAddress.startsWith("[") ? localAddress.substring(1, localAddress.length() - 1)
                    : localAddress;
            if (!(IPV4.matcher(local).matches() || local.contains(":"))) {
                return false;
            }
            return InetAddress.getByName(literal).equals(InetAddress.getByName(local));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
