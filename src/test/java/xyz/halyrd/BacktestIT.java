package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Backtests through the real server: 202 at once and polling to done with the exact JSON shape, or one request that
 * waits for the end ({@code Prefer: wait}), YAML bodies, invalid specs refused before anything runs, unknown ids, paging
 * of fills and curve, and cancelling.
 */
class BacktestIT extends DeployedHalyrd {

    private static final Duration RUN = Duration.ofSeconds(90);
    static final String SPEC = "{\"market_mode\":\"spot\",\"name\":\"mean-reversion-v1\",\"signals\":{"
            + "\"entry\":{\"all_of\":[{\"indicator\":\"price_vs_sma\",\"op\":\"<=\",\"value\":-0.05,\"window\":48},"
            + "{\"indicator\":\"rsi\",\"op\":\"<=\",\"value\":25,\"window\":14},"
            + "{\"indicator\":\"fear_greed\",\"op\":\"<=\",\"value\":40}]},"
            + "\"exit\":{\"any_of\":[{\"indicator\":\"price_vs_sma\",\"op\":\">=\",\"value\":0.0},"
            + "{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
            + "\"regime_filter\":{\"stand_aside_when\":[{\"indicator\":\"funding_rate\",\"op\":\">=\",\"value\":0.03}]},"
            + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}";
    static final List<String> VIEW = List.of("backtest_id", "status", "progress", "strategy_name", "tokens", "from",
            "to", "resolution", "starting_equity", "source", "seed", "created_at", "started_at", "finished_at",
            "reason", "passed_gate", "metrics");
    static final List<String> METRICS = List.of("from", "to", "starting_equity", "ending_equity", "trades",
            "win_rate", "expectancy", "total_return", "max_drawdown", "sharpe", "sortino", "profit_factor",
            "fees_paid", "exposure", "average_winning_move");

    /**
     * A run that lasts many seconds however warm the server is and whatever the watchlist: five years of minutes for
     * six tokens (15.8 million candles); the tests that use it cancel it.
     */
    private static final String LONG_RUN = "{\"strategy_spec\":" + SPEC + ",\"tokens\":[\"BNB\",\"BTCB\",\"ETH\","
            + "\"CAKE\",\"LINK\",\"AVAX\"],\"from\":\"2021-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\","
            + "\"resolution\":\"1m\"}";

    private String submit(String body) {
        Http.Answer answer = http.postJson("/backtests", body);
        assertEquals(202, answer.status(), answer.toString());
        JsonObject queued = answer.object();
        assertEquals(List.of("backtest_id", "status"), new ArrayList<>(queued.keySet()));
        assertEquals("queued", queued.getString("status"));
        String id = queued.getString("backtest_id");
        assertTrue(id.startsWith("bt_"), id);
        assertTrue(answer.header("Location").endsWith("/backtests/" + id), answer.header("Location"));
        return id;
    }

    private JsonObject awaitFinished(String id) {
        await().atMost(RUN).until(() -> List.of("done", "failed", "cancelled")
                .contains(http.get("/backtests/" + id).object().getString("status")));
        return http.get("/backtests/" + id).object();
    }

    @Test
    void aBacktestIsAcceptedAtOnceAndPolledToDoneWithItsMetricsInAndOutOfSample() {
        String id = submit("{\"strategy_spec\":" + SPEC + ",\"tokens\":[\"ETH\",\"BNB\"],\"from\":"
                + "\"2026-11-20T00:00:00Z\",\"to\":\"2026-11-24T00:00:00Z\",\"resolution\":\"1h\","
                + "\"starting_equity\":500,\"seed\":7}");
        JsonObject done = awaitFinished(id);

        assertEquals(VIEW, new ArrayList<>(done.keySet()));
        assertEquals("done", done.getString("status"), done.toString());
        assertEquals(id, done.getString("backtest_id"));
        assertEquals(BigDecimal.ONE, done.getJsonNumber("progress").bigDecimalValue());
        assertEquals("mean-reversion-v1", done.getString("strategy_name"));
        assertEquals(List.of("ETH", "BNB"), strings(done.getJsonArray("tokens")));
        assertEquals("2026-11-20T00:00:00Z", done.getString("from"));
        assertEquals("2026-11-24T00:00:00Z", done.getString("to"));
        assertEquals("1h", done.getString("resolution"));
        assertEquals(new BigDecimal("500"), done.getJsonNumber("starting_equity").bigDecimalValue());
        assertEquals("simulated", done.getString("source"));
        assertEquals(7, done.getInt("seed"));
        assertNotNull(done.getString("started_at"));
        assertNotNull(done.getString("finished_at"));
        assertEquals(JsonValue.NULL, done.get("reason"));
        boolean passed = done.getBoolean("passed_gate");

        JsonObject metrics = done.getJsonObject("metrics");
        assertEquals(List.of("split_at", "whole", "in_sample", "out_of_sample", "quote_refusals", "risk_vetoes",
                "gate"), new ArrayList<>(metrics.keySet()));
        assertEquals("2026-11-22T19:12:00Z", metrics.getString("split_at"), "70 % of 96 hours after from");
        for (String part : List.of("whole", "in_sample", "out_of_sample")) {
            assertEquals(METRICS, new ArrayList<>(metrics.getJsonObject(part).keySet()), part);
        }
        assertEquals("2026-11-20T00:00:00Z", metrics.getJsonObject("whole").getString("from"));
        assertEquals("2026-11-23T23:00:00Z", metrics.getJsonObject("whole").getString("to"), "the last bar's step");
        assertEquals("2026-11-22T20:00:00Z", metrics.getJsonObject("out_of_sample").getString("from"));
        assertEquals(metrics.getJsonObject("whole").getInt("trades"), metrics.getJsonObject("in_sample").getInt("trades")
                + metrics.getJsonObject("out_of_sample").getInt("trades"));
        JsonObject gate = metrics.getJsonObject("gate");
        assertEquals(List.of("passed", "trades_required", "reasons"), new ArrayList<>(gate.keySet()));
        assertEquals(passed, gate.getBoolean("passed"));
        assertEquals(passed, gate.getJsonArray("reasons").isEmpty());

        // the curve: a point a step (96 of them), paged oldest first by seq
        Http.Answer first = http.get("/backtests/" + id + "/equity?limit=5");
        assertEquals(200, first.status());
        JsonArray points = first.array();
        assertEquals(5, points.size());
        assertEquals(List.of("seq", "ts", "equity"), new ArrayList<>(points.getJsonObject(0).keySet()));
        assertEquals("2026-11-20T00:00:00Z", points.getJsonObject(0).getString("ts"));
        assertTrue(first.header("Link").contains("after=5"), first.header("Link"));
        assertEquals(6, http.get("/backtests/" + id + "/equity?limit=5&after=5").array().getJsonObject(0).getInt("seq"));
        assertEquals(96, http.get("/backtests/" + id + "/equity?limit=500").array().size());

        JsonArray fills = http.get("/backtests/" + id + "/trades?limit=500").array();
        for (JsonValue fill : fills) {
            assertEquals(List.of("seq", "ts", "pair", "side", "size", "price", "quantity", "fees", "pnl", "reason"),
                    new ArrayList<>(fill.asJsonObject().keySet()));
        }
        assertEquals(metrics.getJsonObject("whole").getInt("trades"),
                fills.stream().filter(f -> f.asJsonObject().get("pnl") != JsonValue.NULL).count());

        JsonArray list = http.get("/backtests").array();
        assertEquals(id, list.getJsonObject(0).getString("backtest_id"), "newest first");
        assertEquals(VIEW, new ArrayList<>(list.getJsonObject(0).keySet()));
    }

    @Test
    void aYamlBodyIsTheSameRequest() {
        String yaml = """
                strategy_spec:
                  market_mode: spot
                  name: yaml-reversion
                  signals:
                    entry: {all_of: [{indicator: price_vs_sma, op: "<=", value: -0.05, window: 48}]}
                    exit: {any_of: [{indicator: price_vs_sma, op: ">=", value: 0.0, window: 48}]}
                  params: {position_size_pct: 50, max_concurrent: 1}
                tokens: [CAKE]
                from: 2026-11-20T00:00:00Z
                to: 2026-11-21T00:00:00Z
                resolution: 1h
                """;
        Http.Answer answer = http.send("POST", "/backtests", "application/yaml", yaml);
        assertEquals(202, answer.status(), answer.toString());
        JsonObject done = awaitFinished(answer.object().getString("backtest_id"));
        assertEquals("done", done.getString("status"), done.toString());
        assertEquals("yaml-reversion", done.getString("strategy_name"));
        assertEquals("2026-11-20T00:00:00Z", done.getString("from"));

        http.send("POST", "/backtests", "application/yaml", "strategy_spec: [unclosed").assertError(400,
                "MALFORMED_YAML");
        http.send("POST", "/agents/current/demote", "application/yaml", "reason: x").assertError(415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void invalidRequestsAreRefusedBeforeAnythingRunsNamingTheField() {
        int before = http.get("/backtests?limit=500").array().size();
        assertEquals("strategy_spec: is required", http.postJson("/backtests", "{}")
                .assertError(400, "VALIDATION_FAILED"));
        http.postJson("/backtests", "{\"strategy_spec\":" + SPEC.replace("\"signals\":{",
                "\"signals\":{\"short\":{\"all_of\":[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":80}]},")
                + "}").assertError(400, "MARKET_MODE_MISMATCH");
        assertTrue(http.postJson("/backtests", "{\"strategy_spec\":" + SPEC.replace("\"max_concurrent\":1",
                "\"max_concurrent\":0") + "}").assertError(400, "VALIDATION_FAILED").contains("max_concurrent"));
        assertTrue(http.postJson("/backtests", "{\"strategy_spec\":" + SPEC + ",\"resolution\":\"7m\"}")
                .assertError(400, "VALIDATION_FAILED").startsWith("resolution: "));
        assertTrue(http.postJson("/backtests", "{\"strategy_spec\":" + SPEC + ",\"speed\":\"max\"}")
                .assertError(400, "VALIDATION_FAILED").startsWith("speed: unknown field"));
        http.postJson("/backtests", "{\"strategy_spec\":" + SPEC + ",\"tokens\":[\"NOPE\"]}")
                .assertError(400, "UNKNOWN_TOKEN");
        assertTrue(http.postJson("/backtests", "{\"strategy_spec\":" + SPEC + ",\"from\":\"2026-11-21T00:00:00Z\","
                + "\"to\":\"2026-11-20T00:00:00Z\"}").assertError(400, "VALIDATION_FAILED").startsWith("to: "));
        assertTrue(http.postJson("/backtests", "{\"strategy_spec\":" + SPEC + ",\"starting_equity\":-5}")
                .assertError(400, "VALIDATION_FAILED").startsWith("starting_equity: "));
        assertTrue(http.postJson("/backtests", "{\"strategy_spec\":" + SPEC + ",\"source\":\"csv\"}")
                .assertError(400, "VALIDATION_FAILED").startsWith("source: "));
        http.send("POST", "/backtests", "text/plain", "{}").assertError(415, "UNSUPPORTED_MEDIA_TYPE");
        assertEquals(before, http.get("/backtests?limit=500").array().size(), "nothing was queued");
    }

    @Test
    void aRequestThatPrefersToWaitIsAnsweredWhenTheRunIsDoneWithoutPolling() {
        String id = submit("{\"strategy_spec\":" + SPEC + ",\"tokens\":[\"ETH\"],\"from\":"
                + "\"2025-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\",\"resolution\":\"5m\"}");
        long asked = System.nanoTime();
        Http.Answer answer = http.request("GET", "/backtests/" + id, Map.of("Prefer", "wait=30"), null);
        assertTrue(Duration.ofNanos(System.nanoTime() - asked).compareTo(Duration.ofSeconds(20)) < 0,
                "answered by the run's end, not by the end of the wait");
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(VIEW, new ArrayList<>(answer.object().keySet()));
        assertEquals("done", answer.object().getString("status"), "one request, answered when the run ended");
        assertEquals(answer.object(), http.get("/backtests/" + id).object());

        http.request("GET", "/backtests/bt_nope", Map.of("Prefer", "wait=30"), null)
                .assertError(404, "BACKTEST_NOT_FOUND");
    }

    @Test
    void aWaitEndsWithTheRunAsItStandsWhenItsTimeIsUpOrTheRunIsCancelled() throws Exception {
        String id = submit(LONG_RUN);
        Http.Answer shortWait = http.request("GET", "/backtests/" + id, Map.of("Prefer", "wait=1"), null);
        assertEquals(200, shortWait.status(), shortWait.toString());
        assertTrue(List.of("queued", "running").contains(shortWait.object().getString("status")), shortWait.body());
        for (String unreadable : List.of("wait=soon", "wait=-1", "respond-async", "wait")) { // ignored (RFC 7240)
            Http.Answer now = http.request("GET", "/backtests/" + id, Map.of("Prefer", unreadable), null);
            assertEquals(200, now.status(), unreadable + ": " + now);
            assertTrue(List.of("queued", "running").contains(now.object().getString("status")), now.body());
        }

        CompletableFuture<Http.Answer> waiting = CompletableFuture.supplyAsync(() -> http.request("GET",
                "/backtests/" + id, Map.of("Prefer", "respond-async, wait=30"), null));
        await().atMost(RUN).until(() -> http.get("/backtests/" + id).object().getJsonNumber("progress")
                .bigDecimalValue().signum() > 0); // the waiting request went out long before
        assertEquals("cancelled", http.send("POST", "/backtests/" + id + "/cancel", null, null).object()
                .getString("status"));
        Http.Answer answered = waiting.get(20, TimeUnit.SECONDS); // by the cancel, not by the end of the wait
        assertEquals(200, answered.status(), answered.toString());
        assertEquals("cancelled", answered.object().getString("status"), answered.body());
    }

    @Test
    void unknownBacktestsAreNotFound() {
        http.get("/backtests/bt_nope").assertError(404, "BACKTEST_NOT_FOUND");
        http.get("/backtests/bt_nope/trades").assertError(404, "BACKTEST_NOT_FOUND");
        http.get("/backtests/bt_nope/equity").assertError(404, "BACKTEST_NOT_FOUND");
        http.send("POST", "/backtests/bt_nope/cancel", null, null).assertError(404, "BACKTEST_NOT_FOUND");
        http.get("/backtests?before=nope").assertError(400, "VALIDATION_FAILED");
    }

    @Test
    void aLongRunShowsItsProgressIsCancelledWhileRunningAndStaysCancelled() {
        String id = submit(LONG_RUN);
        await().atMost(RUN).until(() -> {
            JsonObject run = http.get("/backtests/" + id).object();
            return run.getString("status").equals("running")
                    && run.getJsonNumber("progress").bigDecimalValue().signum() > 0;
        });
        JsonObject running = http.get("/backtests/" + id).object();
        assertEquals(VIEW, new ArrayList<>(running.keySet()));
        assertTrue(running.getJsonNumber("progress").bigDecimalValue().compareTo(BigDecimal.ONE) < 0);
        assertEquals(JsonValue.NULL, running.get("finished_at"));
        assertEquals(JsonValue.NULL, running.get("passed_gate"));
        assertEquals(JsonValue.NULL, running.get("metrics"));

        Http.Answer cancelled = http.send("POST", "/backtests/" + id + "/cancel", null, null);
        assertEquals(200, cancelled.status(), cancelled.toString());
        assertEquals(VIEW, new ArrayList<>(cancelled.object().keySet()));
        assertEquals("cancelled", cancelled.object().getString("status"));
        assertEquals("cancelled", cancelled.object().getString("reason"));
        assertEquals(JsonValue.NULL, cancelled.object().get("metrics"));

        assertTrue(http.send("POST", "/backtests/" + id + "/cancel", null, null)
                .assertError(409, "BACKTEST_FINISHED").contains("already cancelled"));
        assertEquals("cancelled", http.get("/backtests/" + id).object().getString("status"));
        assertEquals(0, http.get("/backtests/" + id + "/trades").array().size(), "nothing of it kept");
    }
}
