package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The built artifact as a user runs it: {@code java -jar halyrd.jar}, stopped and started again on the same data
 * directory. Prints the measured start-up time and resident memory.
 */
class UberJarRestartIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    @Test
    void uberJarServesTheApiOnLoopbackAndKeepsAgentAndJournalAcrossARestart() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "uberjar"));
        Path dataDir = dir.resolve("data");
        int port = freePort();

        JsonObject firstAgent;
        JsonArray firstJournal;
        try (Server server = Server.start(dir, dataDir, port, "first")) {
            Http http = server.http();
            firstAgent = http.get("/agents/current").object();
            assertEquals("seed", firstAgent.getString("id"));
            assertEquals("PAPER", firstAgent.getString("status"));
            firstJournal = http.get("/agents/current/journal").array();
            assertEquals(List.of("SERVER_START", "AGENT_CREATED"), types(firstJournal));
            try (StreamClient stream = StreamClient.connect(server.base, "current")) {
                assertFalse(stream.isClosed(), "the stream accepts clients");
            }
            assertOnlyOnLoopback(port);
        }

        assertTrue(Files.exists(dataDir.resolve("derby.log")), "Derby logs into the data directory");
        assertFalse(Files.exists(dir.resolve("derby.log")), "and not into the working directory");

        try (Server server = Server.start(dir, dataDir, port, "second")) {
            Http http = server.http();
            JsonObject agent = http.get("/agents/current").object();
            assertEquals(firstAgent.getString("id"), agent.getString("id"));
            assertEquals(firstAgent.getString("status"), agent.getString("status"));
            assertTrue(Instant.parse(agent.getString("last_heartbeat"))
                    .isAfter(Instant.parse(firstAgent.getString("last_heartbeat"))));
            JsonArray journal = http.get("/agents/current/journal").array();
            assertEquals(List.of("SERVER_START", "SERVER_START", "AGENT_CREATED"), types(journal));
            assertEquals(firstJournal, subList(journal, 1), "the first run's entries, unchanged");
            assertEquals(1, http.get("/agents").array().size(), "still exactly one agent");
        }
    }

    private static JsonArray subList(JsonArray array, int from) {
        var builder = jakarta.json.Json.createArrayBuilder();
        array.subList(from, array.size()).forEach(builder::add);
        return builder.build();
    }

    private static List<String> types(JsonArray entries) {
        return entries.stream().map(e -> ((JsonObject) e).getString("type")).toList();
    }

    private static void assertOnlyOnLoopback(int port) throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    assertThrows(IOException.class, () -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(address, port), 2_000);
                        }
                    }, "not reachable on " + address.getHostAddress());
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One run of the uber-jar; closing it stops the process the way a service manager would (SIGTERM). */
    private record Server(Process process, URI base) implements AutoCloseable {

        static Server start(Path dir, Path dataDir, int port, String name) throws Exception {
            Path log = dir.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dhalyrd.data.dir=" + dataDir, "-Dhalyrd.http.port=" + port,
                    "-jar", System.getProperty("halyrd.uberjar")));
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Server server = new Server(process, URI.create("http://127.0.0.1:" + port + "/"));
            try {
                await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                    assertTrue(process.isAlive(), () -> "the server died; see " + log);
                    try {
                        return server.http().get("/agents").status() == 200;
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

        Http http() {
            return new Http(base);
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
}
