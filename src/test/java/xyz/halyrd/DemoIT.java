package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The uber-jar on its defaults is a demo: a new user sees a refused quote and a paper trade on the socket within
 * minutes. Then a hard kill in the middle of trading: after the restart the position, the trades and the journal
 * are exactly what was committed, and no fill is booked twice.
 */
class DemoIT {

    private static final Duration DEMO_LIMIT = Duration.ofMinutes(3);

    @Test
    void theDefaultDemoShowsARefusedQuoteAndATradeAndAKillLosesNothing() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "demo"));
        Path dataDir = dir.resolve("data");
        int port = UberJar.freePort();
        List<String> executedBefore;
        try (UberJar server = UberJar.start(dir, dataDir, port, "demo");
             StreamClient stream = StreamClient.connect(server.base(), "current")) {
            stream.await(m -> m.getString("event").equals("quote_rejected"), DEMO_LIMIT);
            JsonObject trade = stream.await(m -> m.getString("event").equals("trade"), DEMO_LIMIT);
            assertEquals("buy", trade.getString("side"));
            Http http = server.http();
            await().atMost(Duration.ofSeconds(20)).until(() -> !http.get("/agents/current/positions").array().isEmpty());
            executedBefore = ids(http.get("/agents/current/journal?type=EXECUTED&limit=500").array());
            server.kill(); // in the middle of trading: the cycle runs every 5 s
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
            assertTrue(open + closed >= 1);
        }
    }

    private static List<String> ids(JsonArray entries) {
        return entries.stream().map(e -> ((JsonObject) e).getString("id")).toList();
    }
}
