package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The second command a user runs, {@code server-config/local-chain/run}, as a user runs it: one script that starts a
 * local chain, deploys the contracts, makes and funds the wallet and starts Halyrd on it. It continues the demo's
 * story — the same sped-up simulated market, a first paper trade within minutes — and a forced promotion then trades
 * on the chain: the router approval first, then a live swap the chain mined, both from the agent's own wallet.
 * SIGTERM to the script stops Halyrd and then the chain. In the chain market mode the script runs the market maker
 * too, and Halyrd trades the pools it moves: the candles the server reads are the pools' swaps, a new one a minute.
 */
@Tag("alone") // measured against the clock: run with the machine to itself (pom.xml, failsafe)
class LocalChainRunIT {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    /** At the demo's speed the next entry after a promotion is a few market days off at most: a minute or two. */
    private static final Duration LIVE_TRADE_LIMIT = Duration.ofMinutes(5);
    /** Chain candles are a minute wide: the next one closes within a minute, and a pass reads it within 15 s. */
    private static final Duration NEXT_BAR_LIMIT = Duration.ofSeconds(90);
    /** The market maker lays two hours of minute bars down in about 35 s, begun before Halyrd. */
    private static final Duration HISTORY_LIMIT = Duration.ofSeconds(60);
    private static final List<String> WATCHLIST = List.of("ETH", "CAKE", "LINK", "AVAX");

    @Test
    void theLocalChainScriptRunsTheDemoAndAForcedPromotionTradesOnTheChain() throws Exception {
        Path dir = Files.createDirectories(LocalChain.workDir().resolve("local-chain-run"));
        Path dataDir = dir.resolve("data");
        int[] ports = UberJar.freePorts(2); // two different ones: Halyrd's and the chain's
        int httpPort = ports[0];
        int chainPort = ports[1];
        Path log = dir.resolve("run.log");
        Process run = start(dataDir, httpPort, chainPort, log, Map.of());
        URI base = URI.create("http://127.0.0.1:" + httpPort + "/");
        Http http = new Http(base);
        try {
            awaitAnswer(run, http, log);
            JsonObject live = http.get("/agents/current/live").object();
            assertTrue(live.getBoolean("available"), live.toString());
            String wallet = live.getString("wallet");
            assertTrue(wallet.matches("0x[0-9a-fA-F]{40}"), wallet);
            assertFalse(Files.readString(log).contains(Files.readString(dataDir.resolve("wallet-password"))),
                    "the wallet password is never printed");

            try (StreamClient stream = StreamClient.connect(base, "current")) {
                Http.Answer promoted = http.postJson("/agents/current/promote", "{\"force\": true}");
                assertEquals(200, promoted.status(), promoted.body());
                String approval = promoted.object().getString("first_tx_hash");
                assertMined(chainPort, approval, wallet);

                try {
                    stream.await(m -> m.getString("event").equals("trade") && m.getString("phase").equals("live")
                            && m.getString("side").equals("buy"), LIVE_TRADE_LIMIT);
                } catch (AssertionError none) {
                    throw new AssertionError("no live entry; journal: "
                            + http.get("/agents/current/journal?limit=30").body(), none);
                }
                // the entry's swap is on the live position it opened
                String hash = http.get("/agents/current/live").object().getJsonArray("positions").getJsonObject(0)
                        .getString("open_tx_hash");
                assertMined(chainPort, hash, wallet);
                assertEquals("live", http.get("/agents/current").object().getString("phase"));
            }
        } finally {
            run.destroy(); // SIGTERM, as Ctrl-C or a service manager would stop it
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the script stops within a minute");
        }
        assertFalse(listening(httpPort), "Halyrd stopped with the script");
        assertFalse(listening(chainPort), "the chain stopped with the script");
    }

    @Test
    void inChainModeHalyrdReadsThePoolsTheMarketMakerMovesAndStopsWithAllOfIt() throws Exception {
        Path dir = Files.createDirectories(LocalChain.workDir().resolve("local-chain-run-chain"));
        int[] ports = UberJar.freePorts(2); // two different ones: Halyrd's and the chain's
        int httpPort = ports[0];
        int chainPort = ports[1];
        Path log = dir.resolve("run.log");
        Path dataDir = Files.createTempDirectory(dir, "data-"); // a fresh chain: its history laid down at start
        Process run = start(dataDir, httpPort, chainPort, log, Map.of("HALYRD_MARKET_MODE", "chain"));
        Http http = new Http(URI.create("http://127.0.0.1:" + httpPort + "/"));
        List<ProcessHandle> started;
        try {
            awaitAnswer(run, http, log);
            started = run.descendants().toList();
            for (String process : List.of("anvil", "market-maker.mjs", "java")) {
                assertTrue(started.stream().anyMatch(p -> p.info().commandLine().orElse("").contains(process)),
                        () -> process + " runs under the script: " + started.stream()
                                .map(p -> p.info().commandLine().orElse("?")).toList());
            }
            JsonObject market = http.get("/health/ready").object().getJsonArray("checks").stream()
                    .map(JsonValue::asJsonObject).filter(c -> c.getString("name").equals("market")).findFirst()
                    .orElseThrow().getJsonObject("data");
            assertEquals(Json.createObjectBuilder().add("mode", "chain").add("candles", "chain")
                    .add("reference", "chain").add("quotes", "router").add("fear_greed", "simulated")
                    .add("funding", "simulated").build(), market);

            // the history the market maker lays down as Halyrd starts: every watchlist token has its 48 one-minute
            // bars within seconds, not 48 minutes
            await().atMost(HISTORY_LIMIT).pollInterval(Duration.ofSeconds(1)).until(() -> setups(http).values()
                    .stream().allMatch(s -> s.matches("RSI \\d+\\.\\d, price \\d+\\.\\d% (below|above) 48-bar SMA")));
            Map<String, String> setups = setups(http);
            // and the next bar, made of the market maker's swaps since, moves them
            try {
                await().atMost(NEXT_BAR_LIMIT).pollInterval(Duration.ofSeconds(2))
                        .until(() -> WATCHLIST.stream().allMatch(t -> !setups(http).get(t).equals(setups.get(t))));
            } catch (ConditionTimeoutException none) {
                throw new AssertionError("the setups stayed " + setups + ": " + setups(http), none);
            }
            // every pass decided on the data: no token was skipped for want of it
            assertEquals("[]", http.get("/agents/current/journal?type=SKIPPED&tag=DATA_UNKNOWN").body());
        } finally {
            run.destroy(); // SIGTERM, as Ctrl-C or a service manager would stop it
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the script stops within a minute");
        }
        assertTrue(Files.readString(dataDir.resolve("chain/market-maker.log")).contains("SIGTERM"),
                "the market maker was stopped by the script");
        for (ProcessHandle process : started) {
            assertFalse(process.isAlive(), () -> "still running: " + process.info().commandLine().orElse("?"));
        }
        assertFalse(listening(httpPort), "Halyrd stopped with the script");
        assertFalse(listening(chainPort), "the chain stopped with the script");
    }

    /** Starts {@code server-config/local-chain/run} on fresh data with {@code environment} added, logging to {@code log}. */
    private static Process start(Path dataDir, int httpPort, int chainPort, Path log, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "server-config/local-chain/run", // the keystore's scrypt alone needs 256 MB
                "-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dhalyrd.http.port=" + httpPort)
                .directory(projectDir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HALYRD_JAR", System.getProperty("halyrd.uberjar"));
        builder.environment().put("HALYRD_DATA_DIR", dataDir.toString());
        builder.environment().put("HALYRD_CHAIN_PORT", String.valueOf(chainPort));
        builder.environment().remove("HALYRD_WALLET_PASSWORD");
        builder.environment().remove("HALYRD_MARKET_MODE");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Waits until Halyrd answers, the script still running. */
    private static void awaitAnswer(Process run, Http http, Path log) {
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertTrue(run.isAlive(), () -> "the script ended early; see " + log);
            try {
                return http.get("/agents").status() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    /** Each watchlist candidate's setup, as its reason states it: RSI and the price against its SMA. */
    private static Map<String, String> setups(Http http) {
        return http.get("/agents/current/watchlist/candidates").array().stream().map(JsonValue::asJsonObject)
                .filter(c -> WATCHLIST.contains(c.getString("token")))
                .collect(Collectors.toMap(c -> c.getString("token"),
                        c -> c.getString("reason").split(";")[0]));
    }

    /** The transaction {@code hash} was mined, succeeded, and was sent from {@code wallet}. */
    private static void assertMined(int chainPort, String hash, String wallet) throws Exception {
        assertTrue(hash.matches("0x[0-9a-f]{64}"), hash);
        JsonObject receipt = rpc(chainPort, "eth_getTransactionReceipt", "[\"" + hash + "\"]").getJsonObject("result");
        assertEquals("0x1", receipt.getString("status"), receipt.toString());
        assertEquals(wallet.toLowerCase(), receipt.getString("from").toLowerCase());
    }

    private static JsonObject rpc(int port, String method, String params) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.createReader(new StringReader(answer.body())).readObject();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static Path projectDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("server-config/local-chain/run"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no server-config/local-chain/run above " + System.getProperty("user.dir"));
        }
        return dir;
    }
}
