package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The uber-jar on its defaults is a demo: whatever the hour it starts, a new user sees on the socket within three
 * minutes of {@code java -jar} a refused quote, an entry, an exit with its pnl and fees, a decision to stand aside
 * (or a veto) and an equity snapshot every simulated hour. Then a hard kill while the cycle runs: after the restart
 * the positions, the trades and the journal are exactly what was committed, and no fill is booked twice.
 */
@Tag("alone") // measured against the clock: run with the machine to itself (pom.xml, failsafe)
class DemoIT {

    /** From {@code java -jar} to the whole story. */
    private static final Duration DEMO_LIMIT = Duration.ofMinutes(3);
    /** A pass per market hour, a snapshot each: at least twelve of them while the story plays. */
    private static final int SNAPSHOTS = 12;

    @Test
    void theDefaultDemoShowsTheWholeStoryAndAKillLosesNothing() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "demo"));
        Path dataDir = dir.resolve("data");
        int port = UberJar.freePort();
        long started = System.nanoTime();
        List<String> executedBefore;
        try (UberJar server = UberJar.start(dir, dataDir, port, "demo");
             StreamClient stream = StreamClient.connect(server.base(), "current")) {
            int[] snapshots = {0};
            Map<String, Predicate<JsonObject>> story = new LinkedHashMap<>();
            story.put("a refused quote", m -> event(m, "quote_rejected"));
            story.put("an entry", m -> event(m, "trade") && m.getString("side").equals("buy"));
            story.put("an exit with its pnl and fees", m -> event(m, "trade") && m.getString("side").equals("sell")
                    && m.getJsonNumber("pnl").doubleValue() != 0 && m.getJsonNumber("fees").doubleValue() > 0);
            story.put("a decision to stand aside, or a veto", m -> event(m, "risk_veto") || event(m, "journal_entry")
                    && m.getJsonArray("tags").getValuesAs(JsonString.class).stream()
                            .anyMatch(t -> t.getString().equals("REGIME_FILTER")));
            story.put(SNAPSHOTS + " snapshots", m -> event(m, "snapshot") && ++snapshots[0] >= SNAPSHOTS);
            Set<String> seen = new HashSet<>();
            Duration left = DEMO_LIMIT.minus(Duration.ofNanos(System.nanoTime() - started));
            try {
                stream.await(m -> {
                    story.forEach((name, wanted) -> {
                        if (wanted.test(m)) {
                            seen.add(name);
                        }
                    });
                    return seen.containsAll(story.keySet());
                }, left);
            } catch (AssertionError missing) {
                Set<String> notSeen = new HashSet<>(story.keySet());
                notSeen.removeAll(seen);
                throw new AssertionError("Within " + DEMO_LIMIT + " of java -jar the demo did not show " + notSeen
                        + "; journal: " + server.http().get("/agents/current/journal?limit=100").array(), missing);
            }
            Http http = server.http();
            executedBefore = ids(http.get("/agents/current/journal?type=EXECUTED&limit=500").array());
            server.kill(); // while the cycle runs: a pass per market hour
        }
        try (UberJar server = UberJar.start(dir, dataDir, port, "after-kill", "-Dhalyrd.cycle.enabled=false")) {
            Http http = server.http();
            List<String> executed = ids(http.get("/agents/current/journal?type=EXECUTED&limit=500").array());
            assertTrue(executed.containsAll(executedBefore), "no committed fill was lost");
            assertEquals(executed.size(), new HashSet<>(executed).size());
            int closed = http.get("/agents/current/trades").array().size();
            int open = http.get("/agents/current/positions").array().size();
            assertEquals(executed.size(), 2 * closed + open,
                    "every fill booked exactly once: a buy per position, a buy and a sell per closed trade");
            assertTrue(closed >= 1);
        }
    }

    private static boolean event(JsonObject message, String name) {
        return message.getString("event").equals(name);
    }

    private static List<String> ids(JsonArray entries) {
        return entries.stream().map(e -> ((JsonObject) e).getString("id")).toList();
    }
}
