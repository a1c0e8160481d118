package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One run of the built uber-jar, as a user starts it ({@code java -jar target/halyrd.jar}) on a data directory of
 * the test's; closing it stops the process the way a service manager would (SIGTERM), {@link #kill()} the hard way.
 */
record UberJar(Process process, URI base) implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    static UberJar start(Path dir, Path dataDir, int port, String name, String... properties) throws Exception {
        return start(dir, dataDir, port, name, Map.of(), properties);
    }

    /** As {@link #start(Path, Path, int, String, String...)}, with {@code environment} added to the process's. */
    static UberJar start(Path dir, Path dataDir, int port, String name, Map<String, String> environment,
            String... properties) throws Exception {
        Path log = dir.resolve(name + ".log");
        long started = System.nanoTime();
        Process process = launch(dir, dataDir, port, name, environment, properties);
        UberJar server = new UberJar(process, URI.create("http://127.0.0.1:" + port + "/"));
        try {
            await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                assertTrue(process.isAlive(), () -> "the server died; see " + log);
                try {
                    int status = server.http().get("/agents").status();
                    return status == 200 || status == 401; // 401: deployed, in token mode
                } catch (RuntimeException e) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        System.out.printf("Halyrd (%s start) answered GET /agents after %d ms; RSS %s%n", name,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), rss(process.pid()));
        return server;
    }

    /** Starts the uber-jar and returns at once; its output (stdout and stderr) goes to {@code <dir>/<name>.log}. */
    static Process launch(Path dir, Path dataDir, int port, String name, String... properties) throws IOException {
        return launch(dir, dataDir, port, name, Map.of(), properties);
    }

    private static Process launch(Path dir, Path dataDir, int port, String name, Map<String, String> environment,
            String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dhalyrd.data.dir=" + dataDir, "-Dhalyrd.http.port=" + port));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", System.getProperty("halyrd.uberjar")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** What a start the jar refused left: its exit status and its output. */
    record Refusal(int exitStatus, String log) {
    }

    /**
     * Starts the uber-jar on {@code properties} expecting it to refuse to start: waits (at most 2 minutes) until the
     * process ends on its own and returns its exit status and output.
     */
    static Refusal refusedStart(String name, String... properties) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), name));
        Process process = launch(dir, dir.resolve("data"), freePort(), name, properties);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> !process.isAlive());
        } finally {
            process.destroyForcibly();
        }
        return new Refusal(process.exitValue(), Files.readString(dir.resolve(name + ".log")));
    }

    /** {@code count} distinct free loopback ports: all held open together while they are picked. */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = openOnFreePort();
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = openOnFreePort()) {
            return socket.getLocalPort();
        }
    }

    /**
     * A loopback socket listening on a free port below the ephemeral range (32768 and up on Linux). A port the system
     * hands out for port 0 is one any process's next outgoing connection may take before the server binds it (a data
     * grid binds seconds after its node starts); below that range only a listener takes a port.
     */
    private static ServerSocket openOnFreePort() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                return new ServerSocket(random.nextInt(10_000, 32_000), 1, InetAddress.getLoopbackAddress());
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 10000 and 32000 on loopback");
    }

    Http http() {
        return new Http(base);
    }

    /** Ends the process at once, as a crash or {@code kill -9} would: nothing gets to shut down cleanly. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private static String rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).map(line -> line.substring(6).trim())
                .findFirst().orElse("unknown");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
