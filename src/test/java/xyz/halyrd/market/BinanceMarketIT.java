package xyz.halyrd.market;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.File;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import xyz.halyrd.market.control.BinanceKlines;

/**
 * The WAR deployed with candles, quotes and the reference mid from Binance's klines, served by a local
 * {@link FakeBinance} (ETHUSDT hourly, ten days of it): the adapter runs in the container — its managed scheduler,
 * the JDK's WebSocket — and the health check and the start entry name the sources.
 */
@ExtendWith(ArquillianExtension.class)
class BinanceMarketIT {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";
    private static Instant t0;
    private static FakeBinance binance;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(10));
        binance = new FakeBinance(Clock.systemUTC(), t0, Duration.ofHours(1), "1h", BinanceKlines.class);
        Path db = Path.of(System.getProperty("halyrd.it.dir"), "binance-" + System.nanoTime(), "db");
        Map<String, String> keys = Map.of("halyrd.market.candles", "binance",
                "halyrd.market.reference", "binance",
                "halyrd.market.binance.url", binance.restUrl().toString(),
                "halyrd.market.binance.stream-url", binance.streamUrl().toString(),
                "halyrd.db.url", "jdbc:derby:" + db + ";create=true");
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("halyrd.war")));
        ArchivePath config = ArchivePaths.create(CONFIG);
        StringBuilder properties;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            properties = new StringBuilder(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        properties.append("\n# BinanceMarketIT: the local Binance of this test run\n");
        keys.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        war.delete(config);
        war.add(new StringAsset(properties.toString()), config);
        return war;
    }

    @AfterAll
    static void stopBinance() throws InterruptedException {
        binance.close();
    }

    private JsonStructure get(String path) throws Exception {
        // Halyrd answers only to its own names, as a user's scripts reach it
        URI uri = URI.create("http://127.0.0.1:" + base.getPort() + path);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.read();
        }
    }

    @Test
    void theHealthCheckAndTheStartEntryNameBinance() throws Exception {
        JsonObject market = get("/health/ready").asJsonObject().getJsonArray("checks").getValuesAs(JsonObject.class)
                .stream().filter(check -> check.getString("name").equals("market")).findFirst().orElseThrow();
        assertEquals(Json.createObjectBuilder().add("mode", "demo").add("candles", "binance").add("reference", "binance")
                .add("quotes", "binance").add("fear_greed", "none").add("funding", "none").build(),
                market.getJsonObject("data"));
        String start = get("/agents/current/journal?type=SERVER_START").asJsonArray().getJsonObject(0)
                .getString("body");
        assertTrue(start.contains(". Market: mode demo, candles binance, reference binance, quotes binance, fear greed none,"
                + " funding none. "), start);
    }

    /** Why the candidates rank ETH where they do. */
    private String ethReason() throws Exception {
        return get("/agents/current/watchlist/candidates").asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("token").equals("ETH")).findFirst().orElseThrow().getString("reason");
    }

    @Test
    void theCandidatesReadBinanceKlinesQuotesAndMidInTheContainerAndTheStreamMovesThem() throws Exception {
        String reason = ethReason();
        assertTrue(reason.contains("price impact") && reason.contains("from the reference mid"), reason);
        assertTrue(reason.contains("above 48h SMA"), "prices only rose: " + reason);
        assertTrue(binance.rest.requests(FakeBinance.KLINES).stream()
                .anyMatch(r -> "ETHUSDT".equals(r.param("symbol")) && "1h".equals(r.param("interval"))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> binance.attempts().stream().anyMatch(path -> path.contains("ethusdt@kline_1h")));
        await().atMost(Duration.ofSeconds(20)).until(binance::connected);

        // The stream corrects the last closed bar to a crash: the container reads the message and answers with it.
        // Pushed again on each poll, since the connection is replaced while the other tokens' streams are added.
        long lastClosed = Duration.between(t0, Instant.now()).toHours() - 1;
        String crash = binance.event(lastClosed, new BigDecimal("1000.00000000"), true, Instant.now());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            binance.push(crash);
            return ethReason().contains("below 48h SMA");
        });
    }
}
