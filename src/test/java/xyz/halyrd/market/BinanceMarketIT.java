package xyz.halyrd.market;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
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

    private static Instant t0;
    private static FakeBinance binance;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(10));
        binance = new FakeBinance(Clock.systemUTC(), t0, Duration.ofHours(1), "1h", BinanceKlines.class);
        return MarketWar.with("BinanceMarketIT", Map.of("halyrd.market.candles", "binance",
                "halyrd.market.reference", "binance",
                "halyrd.market.binance.url", binance.restUrl().toString(),
                "halyrd.market.binance.stream-url", binance.streamUrl().toString()));
    }

    @AfterAll
    static void stopBinance() throws InterruptedException {
        binance.close();
    }

    private JsonStructure get(String path) throws Exception {
        return MarketWar.get(base, path);
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
