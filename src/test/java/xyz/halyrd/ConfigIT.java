package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Config versions, presets, the watchlist and the TWAK allowlist, through the real API and database. */
class ConfigIT extends DeployedHalyrd {

    private static final List<String> CREATED_FIELDS = List.of("id", "parent_id", "params_summary", "created_at");
    private static final List<String> VERSION_FIELDS = List.of("id", "parent_id", "params_summary", "run_period",
            "outcome", "created_at", "evaluation_config", "watchlist", "strategy");

    @Test
    void theFirstVersionIsTheBalancedPresetWithTheDefaultWatchlist() {
        JsonArray versions = configVersions();
        JsonObject first = versions.getJsonObject(versions.size() - 1);
        assertEquals(VERSION_FIELDS, new ArrayList<>(first.keySet()));
        assertTrue(first.isNull("parent_id"));
        assertEquals("balanced preset", first.getString("params_summary"));
        assertEquals(Json.createObjectBuilder().add("max_drawdown_pct", 20).add("daily_drawdown_pct", 8)
                .add("max_consecutive_losses", 4).add("eval_window_days", 7).add("trade_floor", 10).build(),
                first.getJsonObject("evaluation_config"));
        assertEquals(List.of("ETH", "CAKE", "LINK", "AVAX"), strings(first.getJsonArray("watchlist")));
        assertEquals(first.getString("created_at"), first.getJsonObject("run_period").getString("from"));
        JsonObject strategy = first.getJsonObject("strategy");
        assertEquals("spot", strategy.getString("market_mode"));
        assertEquals("mean-reversion-v1", strategy.getString("name"));
        assertEquals(List.of("market_mode", "name", "signals", "regime_filter", "params"),
                new ArrayList<>(strategy.keySet()));
    }

    @Test
    void aPatchCreatesAChildVersionAndRetiresItsParent() {
        JsonObject before = currentConfig();
        Http.Answer answer = patchConfig("{\"evaluation_config\": {\"max_drawdown_pct\": 15.0, \"daily_drawdown_pct\": 5.0,"
                + " \"max_consecutive_losses\": 3, \"eval_window_days\": 14, \"trade_floor\": 16}}");

        assertEquals(200, answer.status(), answer.body());
        JsonObject created = answer.object();
        assertEquals(CREATED_FIELDS, new ArrayList<>(created.keySet()));
        assertTrue(created.getString("id").startsWith("cfv_"));
        assertEquals(before.getString("config_version_id"), created.getString("parent_id"));
        assertEquals("max_dd=15%, daily_dd=5%, window=14d, floor=16, losses=3", created.getString("params_summary"));

        JsonArray versions = configVersions();
        JsonObject newest = versions.getJsonObject(0);
        JsonObject parent = versions.getJsonObject(1);
        assertEquals(created.getString("id"), newest.getString("id"));
        assertEquals("running", newest.getString("outcome"));
        assertTrue(newest.getJsonObject("run_period").isNull("to"));
        assertEquals(created.getString("parent_id"), parent.getString("id"));
        assertEquals("superseded", parent.getString("outcome"));
        assertEquals(newest.getString("created_at"), parent.getJsonObject("run_period").getString("to"));
        assertChainIsWhole(versions);

        JsonObject evaluation = currentConfig().getJsonObject("evaluation_config");
        assertEquals(new BigDecimal("15"), evaluation.getJsonNumber("max_drawdown_pct").bigDecimalValue());
        assertEquals(16, evaluation.getInt("trade_floor"));

        JsonObject entry = http.get("/agents/current/journal?type=CONFIG_CHANGE&limit=1").array().getJsonObject(0);
        assertEquals(created.getString("id"), entry.getString("config_version_id"));
        assertTrue(strings(entry.getJsonArray("tags")).contains("evaluation_config"));
    }

    @Test
    void aPartialPatchMergesOverTheCurrentValues() {
        JsonObject before = currentConfig().getJsonObject("evaluation_config");
        int floor = before.getInt("trade_floor") == 42 ? 43 : 42;
        assertEquals(200, patchConfig("{\"evaluation_config\": {\"trade_floor\": " + floor + "}}").status());
        JsonObject after = currentConfig().getJsonObject("evaluation_config");
        for (String field : List.of("max_drawdown_pct", "daily_drawdown_pct", "max_consecutive_losses",
                "eval_window_days")) {
            assertEquals(before.get(field), after.get(field), field);
        }
        assertEquals(floor, after.getInt("trade_floor"));
    }

    @Test
    void aPresetAppliesFirstAndFieldsOverrideIt() {
        // from Balanced, whatever an earlier test left: a preset already running would change nothing
        assertEquals(200, patchConfig("{\"preset\": \"balanced\"}").status());
        Http.Answer presetOnly = patchConfig("{\"preset\": \"aggressive\"}");
        assertEquals(200, presetOnly.status(), presetOnly.body());
        assertEquals("aggressive preset", presetOnly.object().getString("params_summary"));
        assertEquals(Json.createObjectBuilder().add("max_drawdown_pct", 25).add("daily_drawdown_pct", 12)
                .add("max_consecutive_losses", 5).add("eval_window_days", 5).add("trade_floor", 8).build(),
                currentConfig().getJsonObject("evaluation_config"));

        Http.Answer overridden = patchConfig("{\"preset\": \"conservative\", \"evaluation_config\": {\"trade_floor\": 20}}");
        assertEquals(200, overridden.status(), overridden.body());
        assertEquals("max_dd=15%, daily_dd=5%, window=14d, floor=20, losses=3",
                overridden.object().getString("params_summary"));
    }

    @Test
    void thePresetsAreServedAndEachIsExactlyWhatAPatchWithItsNameApplies() {
        JsonArray presets = http.get("/agents/current/config/presets").array();
        assertEquals(List.of("conservative", "balanced", "aggressive"),
                presets.getValuesAs(JsonObject.class).stream().map(p -> p.getString("name")).toList());
        assertEquals(Json.createReader(new java.io.StringReader("{\"name\":\"balanced\",\"default\":true,"
                + "\"evaluation_config\":{\"max_drawdown_pct\":20,\"daily_drawdown_pct\":8,"
                + "\"max_consecutive_losses\":4,\"eval_window_days\":7,\"trade_floor\":10}}")).readObject(),
                presets.getJsonObject(1));
        for (JsonObject preset : presets.getValuesAs(JsonObject.class)) {
            Http.Answer applied = patchConfig("{\"preset\": \"" + preset.getString("name") + "\"}");
            assertTrue(applied.status() == 200, applied.body());
            assertEquals(preset.getJsonObject("evaluation_config"), currentConfig().getJsonObject("evaluation_config"),
                    preset.getString("name"));
        }
        http.get("/agents/nobody/config/presets").assertError(404, "AGENT_NOT_FOUND");
    }

    @Test
    void aPatchThatChangesNothingCreatesNothing() {
        JsonObject current = currentConfig();
        int count = configVersions().size();
        Http.Answer answer = patchConfig("{\"evaluation_config\": " + current.getJsonObject("evaluation_config") + "}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(current.getString("config_version_id"), answer.object().getString("id"));
        assertEquals(count, configVersions().size());
    }

    @Test
    void everyInvalidPatchIs400NamingTheFieldAndChangesNothing() {
        JsonArray versionsBefore = configVersions();
        JsonObject configBefore = currentConfig();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": 0}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": -5}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": 100.5}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": 1e400}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": \"15\"}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": null}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": \"NaN\"}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": 12.123456}}", "max_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"daily_drawdown_pct\": true}}", "daily_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"max_drawdown_pct\": 10, \"daily_drawdown_pct\": 11}}", "daily_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"daily_drawdown_pct\": 100}}", "daily_drawdown_pct");
        cases.put("{\"evaluation_config\": {\"trade_floor\": 2.5}}", "trade_floor");
        cases.put("{\"evaluation_config\": {\"trade_floor\": 0}}", "trade_floor");
        cases.put("{\"evaluation_config\": {\"trade_floor\": 10001}}", "trade_floor");
        cases.put("{\"evaluation_config\": {\"trade_floor\": \"10\"}}", "trade_floor");
        cases.put("{\"evaluation_config\": {\"trade_floor\": 99999999999999999999}}", "trade_floor");
        cases.put("{\"evaluation_config\": {\"eval_window_days\": 366}}", "eval_window_days");
        cases.put("{\"evaluation_config\": {\"eval_window_days\": 0}}", "eval_window_days");
        cases.put("{\"evaluation_config\": {\"max_consecutive_losses\": 101}}", "max_consecutive_losses");
        cases.put("{\"evaluation_config\": {\"max_consecutive_losses\": [3]}}", "max_consecutive_losses");
        cases.put("{\"evaluation_config\": {\"max_dd\": 5}}", "max_dd");
        cases.put("{\"evaluation_config\": {}}", "evaluation_config");
        cases.put("{\"evaluation_config\": null}", "evaluation_config");
        cases.put("{\"evaluation_config\": [1]}", "evaluation_config");
        cases.put("{}", "evaluation_config");
        cases.put("{\"surprise\": 1}", "surprise");
        cases.put("{\"preset\": \"yolo\"}", "preset");
        cases.put("{\"preset\": null}", "preset");
        cases.put("{\"preset\": \"Balanced\"}", "preset");
        cases.forEach((body, field) -> assertNamesField(patchConfig(body), field));
        patchConfig("{\"evaluation_config\": {").assertError(400, "MALFORMED_JSON");
        assertEquals("The request body is empty; send a JSON object.", patchConfig("").assertError(400, "MALFORMED_JSON"));
        http.send("PATCH", "/agents/current/config", "text/plain", "{}").assertError(415, "UNSUPPORTED_MEDIA_TYPE");
        http.send("PATCH", "/agents/nobody/config", "application/json", "{\"preset\": \"balanced\"}")
                .assertError(404, "AGENT_NOT_FOUND");
        assertEquals(versionsBefore, configVersions(), "no version written");
        assertEquals(configBefore, currentConfig(), "config unchanged");
    }

    @Test
    void aWatchlistIsNormalisedVersionedAndMirroredInTheAllowlist() {
        Http.Answer answer = putWatchlist("{\"tokens\": [\" eth\", \"Cake\", \"LINK\", \"eth\", \"dot\"]}");
        assertEquals(200, answer.status(), answer.body());
        JsonObject created = answer.object();
        assertEquals(CREATED_FIELDS, new ArrayList<>(created.keySet()));
        assertEquals("watchlist=[ETH, CAKE, LINK, DOT]", created.getString("params_summary"));

        JsonObject watchlist = http.get("/agents/current/watchlist").object();
        assertEquals(List.of("ETH", "CAKE", "LINK", "DOT"), strings(watchlist.getJsonArray("tokens")));
        assertEquals(created.getString("id"), watchlist.getString("config_version_id"));
        JsonObject config = currentConfig();
        assertEquals(List.of("ETH", "CAKE", "LINK", "DOT"), strings(config.getJsonObject("twak_policy")
                .getJsonArray("allowlist")));

        JsonObject entry = http.get("/agents/current/journal?type=CONFIG_CHANGE&tag=DOT&limit=1").array()
                .getJsonObject(0);
        assertEquals(created.getString("id"), entry.getString("config_version_id"));

        int count = configVersions().size();
        Http.Answer same = putWatchlist("{\"tokens\": [\"DOT\", \"LINK\", \"CAKE\", \"ETH\"]}");
        assertEquals(created.getString("id"), same.object().getString("id"), "the same set changes nothing");
        assertEquals(count, configVersions().size());
    }

    @Test
    void everyInvalidWatchlistIsRefusedAndChangesNothing() {
        JsonArray versionsBefore = configVersions();
        JsonObject configBefore = currentConfig();
        Map<String, String> validation = new java.util.LinkedHashMap<>();
        validation.put("{\"tokens\": []}", "tokens");
        validation.put("{\"tokens\": \"ETH\"}", "tokens");
        validation.put("{\"tokens\": null}", "tokens");
        validation.put("{}", "tokens");
        validation.put("{\"tokens\": [\"ETH\", 1]}", "tokens[1]");
        validation.put("{\"tokens\": [\"ETH\", null]}", "tokens[1]");
        validation.put("{\"tokens\": [\"  \"]}", "tokens[0]");
        validation.put("{\"tokens\": [\"ETH\"], \"extra\": true}", "extra");
        validation.forEach((body, field) -> assertNamesField(putWatchlist(body), field));
        String unknown = putWatchlist("{\"tokens\": [\"ETH\", \"SHIBAINU\", \"FOO\"]}").assertError(400, "UNKNOWN_TOKEN");
        assertTrue(unknown.contains("SHIBAINU, FOO"), unknown);
        putWatchlist("{\"tokens\": [").assertError(400, "MALFORMED_JSON");
        assertEquals(versionsBefore, configVersions());
        assertEquals(configBefore, currentConfig());
    }

    @Test
    void concurrentWatchlistChangesLeaveOneRunningVersionAnUnbrokenChainAndTheAllowlistCovered() throws Exception {
        List<List<String>> lists = List.of(List.of("ETH"), List.of("CAKE", "LINK"), List.of("AVAX", "BNB", "ETH"),
                List.of("ADA"), List.of("DOT", "XRP"), List.of("DOGE", "UNI", "LTC"), List.of("ATOM", "FIL"),
                List.of("BTCB", "ETH", "CAKE", "LINK"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Http.Answer>> answers = new ArrayList<>();
                for (List<String> tokens : lists) {
                    String body = Json.createObjectBuilder().add("tokens", Json.createArrayBuilder(tokens)).build()
                            .toString();
                    answers.add(pool.submit(() -> putWatchlist(body)));
                }
                for (Future<Http.Answer> answer : answers) {
                    assertEquals(200, answer.get().status(), answer.get().body());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        JsonArray versions = configVersions();
        assertEquals(1, versions.stream().filter(v -> ((JsonObject) v).getString("outcome").equals("running")).count());
        assertChainIsWhole(versions);
        JsonObject config = currentConfig();
        Set<String> watchlist = new HashSet<>(strings(config.getJsonArray("watchlist")));
        Set<String> allowlist = new HashSet<>(strings(config.getJsonObject("twak_policy").getJsonArray("allowlist")));
        assertTrue(allowlist.containsAll(watchlist), allowlist + " ⊇ " + watchlist);
    }

    @Test
    void aTransactionThatFailsHalfWayChangesNeitherWatchlistNorAllowlistNorJournal() {
        JsonObject configBefore = currentConfig();
        JsonArray versionsBefore = configVersions();
        String newestEntry = http.get("/agents/current/journal?limit=1").array().getJsonObject(0).getString("id");
        List<String> different = strings(configBefore.getJsonArray("watchlist")).contains("FIL")
                ? List.of("ATOM") : List.of("FIL");

        Http.Answer answer = http.postJson("/test-probe/config/watchlist-then-fail",
                Json.createObjectBuilder().add("tokens", Json.createArrayBuilder(different)).build().toString());

        assertEquals(500, answer.status(), answer.body());
        assertEquals(configBefore, currentConfig());
        assertEquals(versionsBefore, configVersions());
        assertEquals(newestEntry, http.get("/agents/current/journal?limit=1").array().getJsonObject(0).getString("id"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Every version but the first has a parent that exists; no version has two children; times line up. */
    private static void assertChainIsWhole(JsonArray versions) {
        Map<String, JsonObject> byId = versions.stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(v -> v.getString("id"), v -> v));
        Set<String> parents = new HashSet<>();
        int roots = 0;
        for (JsonValue value : versions) {
            JsonObject v = (JsonObject) value;
            if (v.isNull("parent_id")) {
                roots++;
                continue;
            }
            String parentId = v.getString("parent_id");
            assertTrue(byId.containsKey(parentId), "parent of " + v.getString("id") + " exists");
            assertTrue(parents.add(parentId), "no fork at " + parentId);
            JsonObject parent = byId.get(parentId);
            assertNotEquals("running", parent.getString("outcome"));
            assertEquals(v.getString("created_at"), parent.getJsonObject("run_period").getString("to"));
        }
        assertEquals(1, roots);
        List<String> ids = versions.stream().map(v -> ((JsonObject) v).getString("id")).toList();
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, ids, "newest first");
        assertFalse(ids.isEmpty());
    }

    private static void assertNamesField(Http.Answer answer, String field) {
        String message = answer.assertError(400, "VALIDATION_FAILED");
        assertTrue(message.startsWith(field + ":"), "names " + field + ": " + message);
    }

    private Http.Answer putWatchlist(String body) {
        return http.send("PUT", "/agents/current/watchlist", "application/json", body);
    }
}
