package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.File;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
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
import xyz.halyrd.LocalChain;

/**
 * The WAR deployed with candles and the reference mid from the local chain's own pools ({@code chain}) and its quotes
 * from the router: the chain candles, the router quotes and their one shared chain connection run in the container,
 * and the health check and the start entry name the sources. No wallet: live stays off.
 */
@ExtendWith(ArquillianExtension.class)
class ChainMarketIT {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";
    private static LocalChain local;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        local = LocalChain.start(null, null);
        Path db = Path.of(System.getProperty("halyrd.it.dir"), "chain-market-" + System.nanoTime(), "db");
        String tokens = local.tokens().entrySet().stream().filter(e -> !e.getKey().equals("USDT"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
        Map<String, String> keys = Map.of("halyrd.chain.rpc-url", local.rpcUrl(),
                "halyrd.chain.id", String.valueOf(LocalChain.CHAIN_ID),
                "halyrd.chain.router", local.router(),
                "halyrd.chain.usdt", local.token("USDT"),
                "halyrd.chain.tokens", tokens,
                "halyrd.market.candles", "chain",
                "halyrd.market.reference", "chain",
                "halyrd.db.url", "jdbc:derby:" + db + ";create=true");
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("halyrd.war")));
        ArchivePath config = ArchivePaths.create(CONFIG);
        StringBuilder properties;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            properties = new StringBuilder(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        properties.append("\n# ChainMarketIT: the local chain of this test run\n");
        keys.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        war.delete(config);
        war.add(new StringAsset(properties.toString()), config);
        return war;
    }

    @AfterAll
    static void stopChain() throws InterruptedException {
        local.close();
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
    void theHealthCheckAndTheStartEntryNameTheChain() throws Exception {
        JsonObject market = get("/health/ready").asJsonObject().getJsonArray("checks").getValuesAs(JsonObject.class)
                .stream().filter(check -> check.getString("name").equals("market")).findFirst().orElseThrow();
        assertEquals(Json.createObjectBuilder().add("candles", "chain").add("reference", "chain")
                .add("quotes", "router").add("fear_greed", "none").add("funding", "none").build(),
                market.getJsonObject("data"));
        String start = get("/agents/current/journal?type=SERVER_START").asJsonArray().getJsonObject(0)
                .getString("body");
        assertTrue(start.contains(". Market: candles chain, reference chain, quotes router, fear greed none,"
                + " funding none. "), start);
    }

    @Test
    void theCandidatesReadTheRoutersQuoteAgainstThePoolsReserveMidInTheContainer() throws Exception {
        String reason = get("/agents/current/watchlist/candidates").asJsonArray().getValuesAs(JsonObject.class)
                .stream().filter(c -> c.getString("token").equals("ETH")).findFirst().orElseThrow()
                .getString("reason");
        // a fresh chain has no swap yet, so no history; a buy fills the pool's 0.25 % fee above its reserve ratio
        assertTrue(reason.startsWith("Not enough history"), reason);
        assertTrue(reason.contains("price impact 0.00% for"), reason);
        assertTrue(reason.contains("quote 0.25% from the reference mid"), reason);
    }
}
