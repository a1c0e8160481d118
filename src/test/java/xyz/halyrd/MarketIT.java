package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The market side through the real server: indicators, ranked candidates, and refused quotes on the stream. */
class MarketIT extends DeployedHalyrd {


    @Test
    void indicatorsListsEveryIndicatorWithItsParameters() {
        JsonArray indicators = http.get("/indicators").array();
        assertEquals(List.of("sma", "ema", "rsi", "price_vs_sma", "fear_greed", "funding_rate"),
                indicators.stream().map(i -> ((JsonObject) i).getString("name")).toList());
        JsonObject rsi = indicators.getJsonObject(2);
        assertEquals(List.of("name", "description", "kind", "unit", "parameters"), new ArrayList<>(rsi.keySet()));
        JsonObject window = rsi.getJsonArray("parameters").getJsonObject(0);
        assertEquals(List.of("name", "description", "default_value", "min", "max"), new ArrayList<>(window.keySet()));
        assertEquals("window", window.getString("name"));
        assertEquals(14, window.getInt("default_value"));
        assertTrue(indicators.getJsonObject(4).getJsonArray("parameters").isEmpty(), "fear_greed has no window");
    }

    @Test
    void candidatesRankTheWholeUniverseByAScoreWithReasonsInNumbers() {
        JsonArray candidates = http.get("/agents/current/watchlist/candidates").array();
        assertEquals(14, candidates.size());
        BigDecimal previous = BigDecimal.ONE;
        for (int i = 0; i < candidates.size(); i++) {
            JsonObject candidate = candidates.getJsonObject(i);
            assertEquals(List.of("token", "rank", "score", "reason"), new ArrayList<>(candidate.keySet()));
            assertEquals(i + 1, candidate.getInt("rank"));
            BigDecimal score = candidate.getJsonNumber("score").bigDecimalValue();
            assertTrue(score.signum() >= 0 && score.compareTo(BigDecimal.ONE) <= 0, "score in [0, 1]: " + score);
            assertTrue(score.compareTo(previous) <= 0, "best first");
            previous = score;
            assertTrue(candidate.getString("reason").matches("RSI \\d+\\.\\d, price \\d+\\.\\d% (below|above) 48h SMA;"
                    + " price impact \\d+\\.\\d\\d% for 1000 USDT; quote \\d+\\.\\d\\d% from the reference mid\\."),
                    candidate.getString("reason"));
        }
        http.get("/agents/nobody/watchlist/candidates").assertError(404, "AGENT_NOT_FOUND");
    }

    @Test
    void aRefusedQuoteReachesTheStreamAsQuoteRejectedAndIsJournaledAsSkipped() throws Exception {
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            Http.Answer answer = http.send("POST", "/test-probe/quote/diverging", null, null);
            assertEquals(200, answer.status(), answer.body());
            assertFalse(answer.object().getBoolean("accepted"));

            JsonObject event = stream.await(m -> m.getString("event").equals("quote_rejected"), WAIT);
            assertEquals(List.of("event", "ts", "pair", "reason", "detail", "seq"), new ArrayList<>(event.keySet()));
            assertEquals("CAKE/USDT", event.getString("pair"));
            assertEquals("divergence", event.getString("reason"));
            assertEquals("Quote 0.82% above the reference mid (2.0164 vs 2.0000); threshold 0.75%.",
                    event.getString("detail"));

            JsonObject skipped = http.get("/agents/current/journal?type=SKIPPED&tag=QUOTE_DIVERGENCE&limit=1").array()
                    .getJsonObject(0);
            assertEquals(List.of("SKIPPED", "QUOTE_DIVERGENCE", "CAKE"), strings(skipped.getJsonArray("tags")));
            assertTrue(skipped.getString("body").contains("threshold 0.75%"), skipped.getString("body"));
            assertTrue(skipped.getString("config_version_id").startsWith("cfv_"));
        }
    }



}
