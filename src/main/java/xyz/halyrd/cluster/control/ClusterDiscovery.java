package xyz.halyrd.cluster.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Whether and how this node joins the other nodes in a Payara Micro cluster (Payara's Hazelcast data grid), from
 * Halyrd's keys ({@code halyrd.cluster.discovery}, {@code .interface}, {@code .port}, {@code .name},
 * {@code .heartbeat-interval}, {@code .member-timeout}, {@code .node-id}), turned into the boot options Payara Micro
 * reads before anything starts. Read by the uber-jar's launcher before Payara boots: plain Java, no CDI, no
 * MicroProfile Config (it reads the system properties, then the environment, as MicroProfile Config would).
 * <p>
 * Unset, {@code halyrd.cluster.discovery} is {@code none}: no data grid at all, as the uber-jar is built
 * ({@code --nocluster}, and Hazelcast switched off in its pre-boot commands) — nothing listens but the HTTP port.
 * Any other value turns the data grid on, bound to one interface (never every interface: Hazelcast's
 * {@code hazelcast.socket.bind.any} is switched off, which it otherwise ignores {@code --interfaces} for).
 */
public final class ClusterDiscovery {

    public static final String DISCOVERY = "halyrd.cluster.discovery";
    public static final String INTERFACE = "halyrd.cluster.interface";
    public static final String PORT = "halyrd.cluster.port";
    public static final String NAME = "halyrd.cluster.name";
    public static final String HEARTBEAT = "halyrd.cluster.heartbeat-interval";
    public static final String MEMBER_TIMEOUT = "halyrd.cluster.member-timeout";
    public static final String NODE_ID = "halyrd.cluster.node-id";

    static final String DEFAULT_INTERFACE = "127.0.0.1";
    static final int DEFAULT_PORT = 6900;
    static final String DEFAULT_NAME = "halyrd";
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);
    static final Duration DEFAULT_MEMBER_TIMEOUT = Duration.ofSeconds(60);

    /** The pre-boot command that turns the data grid back on (the uber-jar's own pre-boot commands switch it off). */
    public static final String ENABLE_DATA_GRID =
            "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=true";

    private static final Pattern NAME_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+(:[0-9]{1,5})?");
    private static final Pattern NODE_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ClusterDiscovery() {
    }

    /**
     * What Payara Micro boots with to join the cluster: system properties to set before it starts (its own
     * {@code payaramicro.*} options, which override those stored in the uber-jar, and Hazelcast's properties) and
     * pre-boot commands to run after the uber-jar's own; {@code summary} says in words what was asked for.
     */
    public record Boot(Map<String, String> systemProperties, List<String> preBootCommands, String summary) {
    }

    /**
     * The boot options for the keys {@code keys} gives (null: unset); empty when clustering is off (the default).
     * {@code newNodeId} names this node when {@code halyrd.cluster.node-id} is unset, so the data grid's member name
     * and the trading lease's holder are the same id.
     *
     * @throws IllegalArgumentException naming the key, when a key is malformed or asks for the wildcard interface
     */
    public static Optional<Boot> from(Function<String, String> keys, Supplier<String> newNodeId) {
        String networkInterface = value(keys, INTERFACE, DEFAULT_INTERFACE);
        refuseWildcard(networkInterface);
        String discovery = value(keys, DISCOVERY, "none");
        if (discovery.equals("none")) {
            return Optional.empty();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("payaramicro.noCluster", "false");
        properties.put("payaramicro.clusterMode", clusterMode(discovery));
        properties.put("payaramicro.interfaces", networkInterface);
        properties.put("payaramicro.startPort", Integer.toString(port(value(keys, PORT, Integer.toString(DEFAULT_PORT)))));
        String name = value(keys, NAME, DEFAULT_NAME);
        if (!NAME_SHAPE.matcher(name).matches()) {
            throw new IllegalArgumentException(NAME + "=" + name + ": a cluster name is 1 to 64 letters, digits, '.',"
                    + " '_' or '-' (nodes join only a cluster of the same name)");
        }
        properties.put("payaramicro.clusterName", name);
        String node = keys.apply(NODE_ID);
        node = node == null || node.isBlank() ? newNodeId.get() : node.trim();
        if (!NODE_SHAPE.matcher(node).matches()) {
            throw new IllegalArgumentException(NODE_ID + "=" + node + ": with clustering on, a node id is 1 to 128"
                    + " letters, digits, '.', '_' or '-' (it is the node's member name in the data grid)");
        }
        properties.put("payaramicro.name", node);
        properties.put(NODE_ID, node); // the lease's holder: the same id as the member's name
        properties.put("hazelcast.socket.bind.any", "false");
        Duration heartbeat = duration(keys, HEARTBEAT, DEFAULT_HEARTBEAT);
        Duration timeout = duration(keys, MEMBER_TIMEOUT, DEFAULT_MEMBER_TIMEOUT);
        if (timeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(MEMBER_TIMEOUT + " (" + timeout + ") must be at least twice "
                    + HEARTBEAT + " (" + heartbeat + "): a member is dropped only after missing heartbeats");
        }
        properties.put("hazelcast.heartbeat.interval.seconds", Long.toString(heartbeat.toSeconds()));
        properties.put("hazelcast.max.no.heartbeat.seconds", Long.toString(timeout.toSeconds()));
        // a member cut off and dropped is merged back within about as long once it can be reached again (Hazelcast's
        // defaults are 300 s after the start and 120 s between attempts)
        properties.put("hazelcast.merge.first.run.delay.seconds", Long.toString(timeout.toSeconds()));
        properties.put("hazelcast.merge.next.run.delay.seconds", Long.toString(timeout.toSeconds()));
        List<String> commands = new ArrayList<>();
        commands.add(ENABLE_DATA_GRID);
        // the member binds the port it was given, which the other nodes' member lists name, or fails to join
        commands.add("set hazelcast-runtime-configuration.auto-increment-port=false");
        String summary = "node " + node + " joins the data grid '" + name + "' by " + discovery + ", bound to "
                + networkInterface + " port " + properties.get("payaramicro.startPort");
        return Optional.of(new Boot(properties, commands, summary));
    }

    /**
     * The keys as MicroProfile Config's default sources would give them, before it runs: the system property, then
     * the environment variable ({@code halyrd.cluster.discovery}, then {@code halyrd_cluster_discovery}, then
     * {@code HALYRD_CLUSTER_DISCOVERY}).
     */
    public static Function<String, String> fromProcess() {
        return key -> {
            String value = System.getProperty(key);
            if (value == null) {
                value = System.getenv(key);
            }
            String sanitized = key.replaceAll("[^A-Za-z0-9_]", "_");
            if (value == null) {
                value = System.getenv(sanitized);
            }
            if (value == null) {
                value = System.getenv(sanitized.toUpperCase(Locale.ROOT));
            }
            return value;
        };
    }

    private static String value(Function<String, String> keys, String key, String defaultValue) {
        String value = keys.apply(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** Payara Micro's {@code --clustermode} for {@code discovery}. */
    private static String clusterMode(String discovery) {
        int colon = discovery.indexOf(':');
        String mode = colon < 0 ? discovery : discovery.substring(0, colon);
        String rest = colon < 0 ? "" : discovery.substring(colon + 1).trim();
        switch (mode) {
            case "tcpip", "dns" -> {
                List<String> members = List.of(rest.split(",", -1));
                if (rest.isEmpty() || members.stream().map(String::trim)
                        .anyMatch(m -> !HOST_PORT.matcher(m).matches() || !portOk(m))) {
                    throw new IllegalArgumentException(DISCOVERY + "=" + discovery + ": " + mode + " needs "
                            + (mode.equals("tcpip") ? "the members' host:port, comma-separated (tcpip:10.0.0.5:6900,"
                            + "10.0.0.6:6900)" : "a name and port (dns:halyrd-grid.halyrd.svc.cluster.local:6900)"));
                }
                return mode + ":" + String.join(",", members.stream().map(String::trim).toList());
            }
            case "kubernetes" -> {
                String[] parts = rest.split(",", -1);
                if (parts.length != 2 || !NAME_SHAPE.matcher(parts[0].trim()).matches()
                        || !NAME_SHAPE.matcher(parts[1].trim()).matches()) {
                    throw new IllegalArgumentException(DISCOVERY + "=" + discovery + ": kubernetes needs the namespace"
                            + " and the service, kubernetes:<namespace>,<service> (kubernetes:halyrd,halyrd-grid)");
                }
                return "kubernetes:" + parts[0].trim() + "," + parts[1].trim();
            }
            default -> throw new IllegalArgumentException(DISCOVERY + "=" + discovery + ": expected none (the"
                    + " default), tcpip:<host:port,…>, dns:<name:port> or kubernetes:<namespace>,<service>");
        }
    }

    private static boolean portOk(String hostPort) {
        int colon = hostPort.indexOf(':');
        if (colon < 0) {
            return true;
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException(PORT + "=" + value + ": a TCP port, 1 to 65535");
    }

    private static Duration duration(Function<String, String> keys, String key, Duration defaultValue) {
        String value = value(keys, key, defaultValue.toString());
        try {
            Duration duration = Duration.parse(value);
            if (duration.compareTo(Duration.ofSeconds(1)) >= 0 && duration.toMillis() % 1000 == 0) {
                return duration;
            }
        } catch (DateTimeParseException notADuration) {
            // refused below
        }
        throw new IllegalArgumentException(key + "=" + value + ": an ISO-8601 duration of whole seconds, at least"
                + " PT1S");
    }

    /**
     * Refuses an interface that stands for every interface: the data grid carries the nodes' traffic unauthenticated,
     * so it listens on one named address (or a pattern of Hazelcast's, such as {@code 10.0.*.*}, that picks one).
     */
    private static void refuseWildcard(String networkInterface) {
        String candidate = networkInterface.replace("[", "").replace("]", "");
        boolean wildcard = candidate.equals("*") || candidate.equals("*.*.*.*") || candidate.equals("0.0.0.0")
                || candidate.matches("[0:]*::?[0:]*") || candidate.isEmpty();
        if (wildcard) {
            throw new IllegalArgumentException(INTERFACE + "=" + networkInterface + ": the data grid is bound to one"
                    + " interface, never to every interface (" + networkInterface + "): name this node's address"
                    + " (default " + DEFAULT_INTERFACE + "; in Kubernetes the pod's IP), or a pattern that matches"
                    + " only it, such as 10.0.*.*");
        }
        if (candidate.contains(",")) {
            throw new IllegalArgumentException(INTERFACE + "=" + networkInterface + ": one interface, not a list");
        }
        if (!candidate.matches("[0-9A-Fa-f.:*\\-]+")) {
            throw new IllegalArgumentException(INTERFACE + "=" + networkInterface + ": an IP address (or a pattern"
                    + " such as 10.0.*.*), not a host name");
        }
    }
}
