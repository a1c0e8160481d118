package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
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

    private static LocalChain local;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        local = LocalChain.start(null, null);
        return MarketWar.with("ChainMarketIT", Map.of("halyrd.chain.rpc-url", local.rpcUrl(),
                "halyrd.chain.id", String.valueOf(LocalChain.CHAIN_ID),
                "halyrd.chain.router", local.router(),
                "halyrd.chain.usdt", local.token("USDT"),
                "halyrd.chain.tokens", local.tokensKey(),
                "halyrd.market.candles", "chain",
                "halyrd.market.reference", "chain"));
    }

    @AfterAll
    static void stopChain() throws InterruptedException {
        local.close();
    }

    private JsonStructure get(String path) throws Exception {
        return MarketWar.get(base, path);
    }

    @Test
    void theHealthCheckAndTheStartEntryNameTheChain() throws Exception {
        JsonObject market = get("/health/ready").asJsonObject().getJsonArray("checks").getValuesAs(JsonObject.class)
                .stream().filter(check -> check.getString("name").equals("market")).findFirst().orElseThrow();
        assertEquals(Json.createObjectBuilder().add("mode", "demo").add("candles", "chain").add("reference", "chain")
                .add("quotes", "router").add("fear_greed", "none").add("funding", "none").build(),
                market.getJsonObject("data"));
        String start = get("/agents/current/journal?type=SERVER_START").asJsonArray().getJsonObject(0)
                .getString("body");
        assertTrue(start.contains(". Market: mode demo, candles chain, reference chain, quotes router, fear greed none,"
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
