package xyz.halyrd.cluster.boundary;

import fish.payara.micro.PayaraMicro;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import xyz.halyrd.cluster.control.ClusterDiscovery;
import xyz.halyrd.platform.Ids;

/**
 * The uber-jar's entry point ({@code java -jar halyrd.jar}), before Payara Micro's own: with clustering off (the
 * default) it hands the command line to Payara Micro unchanged; with {@code halyrd.cluster.discovery} set it first
 * turns Halyrd's cluster keys into Payara Micro's boot options ({@link ClusterDiscovery}), and refuses to start (exit
 * status 2, as {@code StartRefusal}) on a key it must not run with — before anything listens. Copied into the uber-jar's
 * root with {@link ClusterDiscovery} (pom.xml), where every class of the server could see them: it must use nothing
 * but the JDK, that class and Payara Micro's boot class, and the application none of the two.
 */
public final class Launcher {

    private static final String PRE_BOOT = "--prebootcommandfile";
    private static final String SYSTEM_PROPERTIES = "--systemproperties";
    private static final int REFUSED = 2;
    /**
     * Payara's kernel starts the services of each run level on parallel threads by default, and HK2 then sometimes
     * fails the boot: a {@code ConcurrentModificationException} in a service's post-construct
     * ({@code JdbcServiceConfigListener}), "Failed to start, exiting" — seen in one of nine runs of the whole test
     * suite (2026-12-02). On one thread the race cannot happen, and on two cores the start was no slower (one machine,
     * one hour: docs/testing.md). A {@code -D} of the operator's own wins.
     */
    static final String STARTUP_THREAD_POLICY = "org.glassfish.startupThreadPolicy";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty(STARTUP_THREAD_POLICY) == null) {
            System.setProperty(STARTUP_THREAD_POLICY, "USE_NO_THREADS");
        }
        Optional<ClusterDiscovery.Boot> boot;
        try {
            boot = ClusterDiscovery.from(ClusterDiscovery.fromProcess(), () -> newNodeId(Clock.systemUTC()));
        } catch (IllegalArgumentException refused) {
            System.err.println("Halyrd refuses to start: " + refused.getMessage());
            System.exit(REFUSED);
            return;
        }
        if (boot.isEmpty()) {
            PayaraMicro.main(args);
            return;
        }
        String portTaken = portTaken(boot.get().systemProperties());
        if (portTaken != null) { // else Hazelcast fails the boot, and Payara Micro exits with status 0
            System.err.println("Halyrd refuses to start: " + portTaken);
            System.exit(REFUSED);
            return;
        }
        // The uber-jar keeps its build's options (--nocluster among them) in MICRO-INF/deploy/payaramicro.properties,
        // which Payara Micro sets over any -D; only a --systemproperties file overrides them in turn.
        Properties properties = new Properties();
        for (Map.Entry<String, String> property : boot.get().systemProperties().entrySet()) {
            // Hazelcast's own tuning set with -D wins; the options that make the node join are Halyrd's
            if (!property.getKey().startsWith("hazelcast.") || System.getProperty(property.getKey()) == null) {
                properties.setProperty(property.getKey(), property.getValue());
            }
        }
        Path dir = Files.createTempDirectory("halyrd-cluster-");
        Path propertiesFile = dir.resolve("cluster.properties");
        Path commandsFile = dir.resolve("pre-boot-commands.asadmin");
        List<String> commands = new ArrayList<>(boot.get().preBootCommands());
        List<String> forwarded = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equalsIgnoreCase(PRE_BOOT) && i + 1 < args.length) { // the user's own run after Halyrd's
                commands.addAll(Files.readAllLines(Path.of(args[++i]), StandardCharsets.UTF_8));
            } else {
                forwarded.add(args[i]);
            }
        }
        try (Writer out = Files.newBufferedWriter(propertiesFile, StandardCharsets.ISO_8859_1)) {
            properties.store(out, "Halyrd's cluster keys as Payara Micro's boot options");
        }
        Files.write(commandsFile, commands, StandardCharsets.UTF_8);
        for (Path file : List.of(dir, propertiesFile, commandsFile)) {
            file.toFile().deleteOnExit(); // in reverse order: the files, then their directory
        }
        forwarded.addAll(List.of(SYSTEM_PROPERTIES, propertiesFile.toString(), PRE_BOOT, commandsFile.toString()));
        System.out.println("Halyrd: " + boot.get().summary() + ".");
        try {
            PayaraMicro.main(forwarded.toArray(String[]::new));
        } finally { // read during the boot, which main() has finished
            deleteQuietly(propertiesFile);
            deleteQuietly(commandsFile);
            deleteQuietly(dir);
        }
    }

    /**
     * A node id as the lease makes one for a node without it ({@code Ids}, copied into the uber-jar's root with the
     * launcher), on the clock it is given.
     */
    static String newNodeId(Clock clock) {
        return new Ids(clock).next("node");
    }

    /**
     * Why the data grid's port cannot be bound on its interface, or null: tried for a literal address only (a pattern
     * of Hazelcast's is matched against the machine's addresses when it starts).
     */
    private static String portTaken(Map<String, String> properties) {
        String address = properties.get("payaramicro.interfaces");
        String port = properties.get("payaramicro.startPort");
        if (address.contains("*") || address.contains("-")) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), Integer.parseInt(port)));
            return null;
        } catch (IOException taken) {
            return ClusterDiscovery.PORT + "=" + port + ": the data grid cannot listen on " + address + ":" + port
                    + " (" + taken.getMessage() + "): another program (or node) has it, or the address is not this"
                    + " machine's (" + ClusterDiscovery.INTERFACE + ")";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException leftForExit) {
            // deleteOnExit removes it
        }
    }
}
