package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xyz.halyrd.stream.control.RawFrames;
import xyz.halyrd.stream.control.SessionTimers;

/**
 * The built artifact as a user runs it: {@code java -jar halyrd.jar}, stopped and started again on the same data
 * directory. Prints the measured start-up time and resident memory.
 */
class UberJarRestartIT {

    @Test
    void uberJarServesTheApiOnLoopbackAndKeepsAgentAndJournalAcrossARestart() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "uberjar"));
        Path dataDir = dir.resolve("data");
        int port = UberJar.freePort();

        JsonObject firstAgent;
        JsonArray firstJournal;
        JsonArray firstVersions;
        long lastSeq;
        try (UberJar server = UberJar.start(dir, dataDir, port, "first", "-Dhalyrd.cycle.enabled=false")) {
            Http http = server.http();
            firstAgent = http.get("/agents/current").object();
            assertEquals("seed", firstAgent.getString("id"));
            assertEquals("PAPER", firstAgent.getString("status"));
            firstJournal = http.get("/agents/current/journal").array();
            assertEquals(List.of("CONFIG_CHANGE", "SERVER_START", "AGENT_CREATED"), types(firstJournal));
            Http.Answer changed = http.send("PUT", "/agents/current/watchlist", "application/json",
                    "{\"tokens\": [\"ETH\", \"BNB\"]}");
            assertEquals(200, changed.status(), changed.body());
            firstJournal = http.get("/agents/current/journal").array();
            firstVersions = http.get("/agents/current/config/versions").array();
            assertEquals(2, firstVersions.size());
            // from the first message on: every journal entry so far, oldest first, numbered 1, 2, 3, …
            try (StreamClient stream = StreamClient.connect(server.base(), "current?after=0")) {
                List<JsonObject> replayed = new ArrayList<>();
                while (replayed.stream().filter(m -> m.getString("event").equals("journal_entry")).count()
                        < firstJournal.size()) {
                    replayed.add(stream.await(m -> true, Duration.ofSeconds(30)));
                }
                for (int i = 0; i < replayed.size(); i++) {
                    assertEquals(i + 1, replayed.get(i).getJsonNumber("seq").longValueExact(), replayed.toString());
                }
                List<String> journalIds = new ArrayList<>(firstJournal.stream()
                        .map(e -> ((JsonObject) e).getString("id")).toList());
                java.util.Collections.reverse(journalIds);
                assertEquals(journalIds, replayed.stream().filter(m -> m.getString("event").equals("journal_entry"))
                        .map(m -> m.getString("id")).toList());
                lastSeq = replayed.get(replayed.size() - 1).getJsonNumber("seq").longValueExact();
            }
            // the stream's sessions run their timers on the stream's scheduler, not Payara's managed one, and their
            // messages are written as frames encoded once
            String firstLog = Files.readString(dir.resolve("first.log"));
            assertFalse(firstLog.contains(SessionTimers.KEPT),
                    "Tyrus's session no longer has the field SessionTimers sets; see first.log");
            assertFalse(firstLog.contains(RawFrames.KEPT),
                    "Tyrus's remote endpoint no longer has the web socket RawFrames writes to; see first.log");
            // Payara's services started on one thread (the launcher's STARTUP_THREAD_POLICY), not on its run-level pool
            assertFalse(firstLog.contains("RunLevelControllerThread"),
                    "Payara's services started on parallel threads; see first.log");
            assertTrue(firstLog.contains("_ThreadName=main"), "the log names the threads; see first.log");
            assertListensOnlyOnLoopback(server.process().pid(), port);
        }

        assertTrue(Files.exists(dataDir.resolve("derby.log")), "Derby logs into the data directory");
        assertFalse(Files.exists(dir.resolve("derby.log")), "and not into the working directory");

        try (UberJar server = UberJar.start(dir, dataDir, port, "second", "-Dhalyrd.cycle.enabled=false")) {
            Http http = server.http();
            JsonObject agent = http.get("/agents/current").object();
            assertEquals(firstAgent.getString("id"), agent.getString("id"));
            assertEquals(firstAgent.getString("status"), agent.getString("status"));
            assertTrue(Instant.parse(agent.getString("last_heartbeat"))
                    .isAfter(Instant.parse(firstAgent.getString("last_heartbeat"))));
            JsonArray journal = http.get("/agents/current/journal").array();
            assertEquals(List.of("SERVER_START", "CONFIG_CHANGE", "CONFIG_CHANGE", "SERVER_START", "AGENT_CREATED"),
                    types(journal));
            assertEquals(firstVersions, http.get("/agents/current/config/versions").array(), "versions kept");
            assertEquals(List.of("ETH", "BNB"), http.get("/agents/current/watchlist").object()
                    .getJsonArray("tokens").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList());
            assertEquals(firstJournal, subList(journal, 1), "the first run's entries, unchanged");
            assertEquals(1, http.get("/agents").array().size(), "still exactly one agent");
            // the numbering goes on where it stopped, and a client resumes across the restart
            try (StreamClient stream = StreamClient.connect(server.base(), "current?after=" + lastSeq)) {
                JsonObject next = stream.await(m -> true, Duration.ofSeconds(30));
                assertEquals(lastSeq + 1, next.getJsonNumber("seq").longValueExact(), next.toString());
                assertEquals(journal.getJsonObject(0).getString("id"), next.getString("id"), "this start's entry");
            }
        }
    }

    /**
     * A node asked to cluster on every interface does not start: the launcher refuses it, naming the key, before
     * Payara Micro boots (nothing has listened).
     */
    @Test
    void aDataGridOnEveryInterfaceIsRefusedBeforeAnythingStarts() throws Exception {
        UberJar.Refusal refusal = UberJar.refusedStart("uberjar-wildcard-grid",
                "-Dhalyrd.cluster.discovery=tcpip:127.0.0.1:6900", "-Dhalyrd.cluster.interface=0.0.0.0");
        assertEquals(2, refusal.exitStatus(), refusal.log());
        assertTrue(refusal.log().startsWith("Halyrd refuses to start: halyrd.cluster.interface=0.0.0.0: the data grid is"
                + " bound to one interface, never to every interface"), refusal.log());
        assertFalse(refusal.log().contains("Payara Micro"), "refused before Payara Micro boots: " + refusal.log());
    }

    /** A node whose data-grid port another program holds does not start either, and says which port. */
    @Test
    void aDataGridPortAlreadyTakenIsRefusedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            UberJar.Refusal refusal = UberJar.refusedStart("uberjar-grid-port-taken",
                    "-Dhalyrd.cluster.discovery=tcpip:127.0.0.1:" + port, "-Dhalyrd.cluster.port=" + port);
            assertEquals(2, refusal.exitStatus(), refusal.log());
            assertTrue(refusal.log().startsWith("Halyrd refuses to start: halyrd.cluster.port=" + port + ": the data"
                    + " grid cannot listen on 127.0.0.1:" + port), refusal.log());
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

    /**
     * The process listens on its HTTP port on loopback and on nothing else (no data grid, no second listener): every
     * TCP socket it listens on is bound to a loopback address and that port.
     */
    private static void assertListensOnlyOnLoopback(long pid, int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // the descriptor closed while we looked
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
                    listening.add(f[1]);
                }
            }
        }
        assertFalse(listening.isEmpty(), "found the listening sockets");
        for (String local : listening) {
            String address = local.substring(0, local.indexOf(':'));
            boolean loopback = address.equals("0100007F") // 127.0.0.1
                    || address.equals("0000000000000000FFFF00000100007F") // ::ffff:127.0.0.1
                    || address.equals("00000000000000000000000001000000"); // ::1
            assertTrue(loopback, "listens only on loopback, but found " + local + " among " + listening);
            assertEquals(port, Integer.parseInt(local.substring(local.indexOf(':') + 1), 16),
                    "listens on its HTTP port only, but found " + local + " among " + listening);
        }
    }

}
