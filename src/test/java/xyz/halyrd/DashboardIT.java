package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its own chromedriver, against the
 * deployed WAR. One browser for the class; every test starts on a freshly loaded page, so each runs alone or in any
 * order. Screenshots land in {@code target/it/screenshots/}.
 */
class DashboardIT extends DeployedHalyrd {

    private static final Path SCREENSHOTS = Path.of("target", "it", "screenshots");

    private static ChromeDriver browser;
    private static final List<LogEntry> CONSOLE = new ArrayList<>();

    @BeforeEach
    void freshPage() {
        if (browser == null) {
            snapshotsOnAFlatMarket();
            browser = Chromium.start();
            // Test-side instrumentation only: keeps the page's sockets reachable, so a test can drop the connection.
            browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.__sockets = []; const Native = window.WebSocket;"
                            + "window.WebSocket = class extends Native {"
                            + " constructor(...args) { super(...args); window.__sockets.push(this); } };"));
        }
        console(); // what an earlier test's page logged is not this test's
        CONSOLE.clear();
        browser.get(base.toString());
        awaitLoaded();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    // --- the tests -----------------------------------------------------------------------------------------

    @Test
    void pageLoadsWithNoConsoleErrorsAndItsFiguresMatchTheApi() throws Exception {
        assertEquals("Halyrd — dashboard", browser.getTitle());
        awaitConnection();

        JsonObject agent = http.get("/agents/current").object();
        WebElement badge = browser.findElement(By.id("status-badge"));
        assertEquals(expectedBadge(agent.getString("status")), badge.getText());
        assertEquals(agent.getString("status"), badge.getAttribute("data-status"));
        assertEquals(agent.getString("phase"), text("phase"));

        JsonObject config = http.get("/agents/current/config").object();
        assertEquals(config.getString("config_version_id"), text("config-version"));
        JsonArray versions = http.get("/agents/current/config/versions").array();
        assertEquals(versions.size(), browser.findElements(By.cssSelector("#versions > li")).size());
        assertEquals(versions.getJsonObject(0).getString("id"),
                browser.findElement(By.cssSelector("#versions > li")).getAttribute("data-id"));
        assertEquals("strategy " + versions.getJsonObject(0).getJsonObject("strategy").getString("name"),
                browser.findElement(By.cssSelector("#versions > li .version-strategy")).getText());

        JsonArray trades = http.get("/agents/current/trades?phase=all").array();
        assertEquals(String.valueOf(trades.size()), text("fig-trades"));
        if (trades.isEmpty()) {
            assertEquals("No closed trades yet.", browser.findElement(By.cssSelector("#trades-table tbody")).getText());
        } else {
            // Trades exist when an earlier test class (CycleIT) shared this database; this class trades nothing.
            JsonObject trade = trades.getJsonObject(0);
            WebElement row = browser.findElement(By.id("trade-" + trade.getString("id")));
            assertTrue(row.getText().contains(trade.getString("phase").toUpperCase(Locale.ROOT)), row.getText());
            BigDecimal pnl = trade.getJsonNumber("pnl").bigDecimalValue();
            String shown = pnl.signum() == 0 ? "0.00" : String.format(Locale.US, "%+,.2f", pnl);
            assertTrue(row.getText().contains(shown), "pnl " + shown + ": " + row.getText());
            assertEquals("#entry-" + trade.getString("journal_ref"),
                    row.findElement(By.tagName("a")).getDomAttribute("href"), "the trade links to its journal entry");
        }

        JsonArray equity = http.get("/agents/current/equity").array();
        assertEquals(String.valueOf(equity.size()), text("fig-points"));
        String expectedEquity = equity.isEmpty() ? "no snapshot yet"
                : String.format(Locale.US, "%,.2f USDT",
                        equity.getJsonObject(equity.size() - 1).getJsonNumber("equity").bigDecimalValue());
        assertEquals(expectedEquity, text("fig-equity"));

        JsonArray watchlist = http.get("/agents/current/watchlist").object().getJsonArray("tokens");
        assertEquals(Set.copyOf(strings(watchlist)), Set.copyOf(browser.findElements(
                By.cssSelector("#candidates input[name=token]:checked")).stream()
                .map(e -> e.getAttribute("value")).toList()));

        String newestEntry = http.get("/agents/current/journal?limit=1").array().getJsonObject(0).getString("id");
        assertEquals(newestEntry, browser.findElement(By.cssSelector("#journal-feed > li")).getAttribute("data-id"));

        assertEquals(3, browser.findElements(By.cssSelector("#policy-rules tbody tr")).size(),
                "one row per risk rule");
        assertTrue(browser.findElement(By.cssSelector("script[src*='webjars/echarts']")) != null);
        assertTrue((Boolean) js("return typeof window.echarts === 'object'"), "ECharts loaded from the WAR");
        assertNotNull(browser.findElement(By.cssSelector("#equity-chart canvas")), "the chart drew");

        fullPageScreenshot("dashboard-1280x800.png");
        assertNoConsoleErrors();
    }

    @Test
    void everyScriptModuleIsServedAsJavaScript() throws Exception {
        // A module script runs only when served with a JavaScript type (the page also says nosniff).
        Path scripts = Path.of("src", "main", "webapp", "assets", "js");
        List<String> paths;
        try (Stream<Path> files = Files.walk(scripts)) {
            paths = files.filter(f -> f.toString().endsWith(".js"))
                    .map(f -> "/assets/js/" + scripts.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
        assertTrue(paths.contains("/assets/js/panels/journal.js"), paths.toString());
        for (String path : paths) {
            Http.Answer answer = http.get(path);
            assertEquals(200, answer.status(), path);
            String type = answer.header("Content-Type");
            assertTrue(type != null && type.startsWith("text/javascript"), path + ": " + type);
        }
        assertNoConsoleErrors();
    }

    @Test
    void aJournalEntryPushedOnTheSocketAppearsWithoutReload() {
        awaitConnection();
        js("window.__sameDocument = 'still here'");
        String marker = "dashboard-" + UUID.randomUUID();
        String id = appendProbeEntry("Pushed while the page is open " + marker).getString("id");

        WebElement entry = Chromium.waitOn(browser).until(
                ExpectedConditions.presenceOfElementLocated(By.id("entry-" + id)));
        assertTrue(entry.getText().contains(marker), entry.getText());
        assertEquals("PROBE", entry.findElement(By.cssSelector(".chip")).getText());
        assertEquals(id, browser.findElement(By.cssSelector("#journal-feed > li")).getAttribute("data-id"),
                "newest first");
        assertEquals("still here", js("return window.__sameDocument"), "no reload");
        assertNoConsoleErrors();
    }

    @Test
    void afterTheSocketDropsThePageReconnectsAndCatchesUpOnWhatItMissed() {
        awaitConnection();
        js("window.__sameDocument = 'still here'");
        String id = null;
        for (int attempt = 0; attempt < 3 && id == null; attempt++) {
            awaitSubscribers(1);
            js("window.__sockets.forEach(s => s.close())");
            await().atMost(WAIT).until(() -> subscriberCount() == 0);
            String written = appendProbeEntry("Written while the page was disconnected").getString("id");
            // Only an entry written while nobody listened proves the REST catch-up (the first retry waits ≥ 250 ms).
            if (subscriberCount() == 0) {
                id = written;
            }
        }
        assertNotNull(id, "an entry was written while the page had no socket");
        WebElement entry = Chromium.waitOn(browser).until(
                ExpectedConditions.presenceOfElementLocated(By.id("entry-" + id)));
        assertTrue(entry.getText().contains("Written while the page was disconnected"), entry.getText());
        awaitConnection();
        // the entry shows as soon as the journal is re-read; the catch-up marks itself done after its other reads
        Chromium.waitOn(browser).withMessage("a catch-up ran")
                .until(d -> d.findElement(By.tagName("body")).getAttribute("data-caught-up") != null);
        assertEquals("still here", js("return window.__sameDocument"), "no reload");
        assertNoConsoleErrors();
    }

    @Test
    void everyControlIsReachableByKeyboard() {
        js("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()");
        Set<String> reached = new LinkedHashSet<>();
        for (int i = 0; i < 120; i++) {
            key(Keys.TAB);
            WebElement focused = browser.switchTo().activeElement();
            String key = focused.getAttribute("id");
            reached.add(key == null || key.isEmpty() ? focused.getTagName() + ":" + focused.getText() : key);
            if ("btn-kill-2".equals(key)) {
                break; // the last control on the page
            }
        }
        for (String id : List.of("btn-promote", "btn-force", "btn-kill", "journal-filter", "trades-phase",
                "btn-kill-2")) {
            assertTrue(reached.contains(id), id + " is reachable by Tab; reached " + reached);
        }
        assertTrue(reached.stream().anyMatch(r -> r.startsWith("a:Skip")), "skip link first: " + reached);
    }

    @Test
    void promoteWithoutEligibilityShowsTheNotEligibleMessage() {
        // The agent of a fresh deployment has no closed trades: it is PAPER, not ELIGIBLE.
        assertEquals("PAPER", http.get("/agents/current").object().getString("status"));
        try {
            click("btn-promote");
            WebElement dialog = browser.findElement(By.id("dlg-confirm"));
            assertTrue(dialog.isDisplayed());
            assertTrue(dialog.getText().contains("Switch to real capital on BSC."), dialog.getText());
            click("dlg-confirm-ok");

            WebElement error = Chromium.waitOn(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#dlg-confirm .dialog-error")));
            Chromium.waitOn(browser).until(d -> !error.getAttribute("data-code").isEmpty());
            assertEquals("NOT_ELIGIBLE", error.getAttribute("data-code"),
                    "needs POST /agents/{id}/promote answering 409 NOT_ELIGIBLE; the page showed: " + error.getText());
            assertTrue(error.getText().startsWith("The agent has not earned ELIGIBLE yet"), error.getText());
            assertTrue(error.getText().contains("Server said:"), "the server's own words too: " + error.getText());
            assertEquals("PAPER", http.get("/agents/current").object().getString("status"), "still on paper");
            key(Keys.ESCAPE);
            Chromium.waitOn(browser).until(d -> !dialog.isDisplayed());
            assertEquals("btn-promote", browser.switchTo().activeElement().getAttribute("id"),
                    "focus returns to the opener");
        } finally {
            closeDialogs();
            // Chromium writes one console line for the refused request itself; that one is expected.
            console().removeIf(entry -> entry.getMessage().contains("/promote - Failed to load resource"));
        }
        assertNoConsoleErrors();
    }

    @Test
    void killSwitchConfirmStaysDisabledUntilThePhraseIsTypedExactly() {
        click("btn-kill");
        WebElement dialog = browser.findElement(By.id("dlg-kill"));
        assertTrue(dialog.isDisplayed());
        WebElement phrase = browser.findElement(By.id("kill-phrase"));
        WebElement confirm = browser.findElement(By.id("kill-confirm"));
        assertEquals(phrase, browser.switchTo().activeElement(), "the phrase field has the focus");
        assertFalse(confirm.isEnabled());
        for (String almost : List.of("revoke", "Revoke signing", "revoke  signing", "revoke signing.", " revoke signing")) {
            phrase.clear();
            phrase.sendKeys(almost);
            assertFalse(confirm.isEnabled(), "'" + almost + "' must not unlock the kill switch");
        }
        phrase.clear();
        phrase.sendKeys("revoke signing");
        assertTrue(confirm.isEnabled(), "the exact phrase unlocks it");
        phrase.sendKeys(" ");
        assertFalse(confirm.isEnabled(), "a trailing space locks it again");

        // Cancelled, not pressed: the signing session of this shared deployment stays as it is.
        key(Keys.ESCAPE);
        Chromium.waitOn(browser).until(d -> !dialog.isDisplayed());
        assertEquals("btn-kill", browser.switchTo().activeElement().getAttribute("id"), "focus returns to the opener");
        assertNoConsoleErrors();
    }

    @Test
    void atPhoneWidthNothingSpillsSideways() throws Exception {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 1, "mobile", true));
        try {
            browser.navigate().refresh();
            awaitLoaded();
            awaitConnection();
            long width = (Long) js("return document.documentElement.scrollWidth");
            assertTrue(width <= 390, "no horizontal scrolling at 390 px: " + width);
            assertTrue(browser.findElement(By.id("status-badge")).isDisplayed());
            assertTrue(browser.findElement(By.id("btn-kill")).isDisplayed());
            fullPageScreenshot("dashboard-390-phone.png");
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        assertNoConsoleErrors();
    }

    @Test
    void anInvalidSpecShowsTheServersRefusalHighlightsTheFieldAndCreatesNoBacktest() {
        String newestBefore = newestBacktestId();
        strategyWindow("ETH", "2026-11-20", "2026-11-22");

        String unknownIndicator = strategySpec("dash-invalid", "nope", 30);
        String refusal = http.postJson("/backtests", "{\"strategy_spec\":" + unknownIndicator + "}")
                .assertError(400, "VALIDATION_FAILED");
        assertTrue(refusal.startsWith("signals.entry.all_of[0].indicator: "), refusal);
        try {
            WebElement error = runRefused(unknownIndicator, "VALIDATION_FAILED");
            assertTrue(error.getText().startsWith("The server did not accept a value."), error.getText());
            assertTrue(error.getText().contains("Server said: " + refusal), error.getText());
            assertEquals("signals.entry.all_of[0].indicator", text("strategy-field"));
            assertEquals("true", browser.findElement(By.id("strategy-spec")).getAttribute("aria-invalid"));
            assertEquals("\"indicator\": \"nope\",", selectedSpecLine(), "the field's line is selected");
            assertEquals("JSON", text("strategy-format"));

            // YAML goes to the server as application/yaml; a short signal under spot is a mismatch there
            String shortYaml = String.join("\n", "market_mode: spot", "name: dash-short", "signals:", "  short:",
                    "    all_of:", "      - {indicator: rsi, op: \">=\", value: 70, window: 14}", "  exit:",
                    "    any_of:", "      - {indicator: rsi, op: \"<=\", value: 50, window: 14}",
                    "params: {position_size_pct: 50, max_concurrent: 1}");
            error = runRefused(shortYaml, "MARKET_MODE_MISMATCH");
            assertEquals("YAML", text("strategy-format"));
            assertTrue(error.getText().startsWith("A short signal cannot run in spot mode"), error.getText());
            assertTrue(error.getText().contains("Server said: signals.short: a short signal cannot run"),
                    error.getText());
            assertEquals("signals.short", text("strategy-field"));
            assertEquals("short:", selectedSpecLine());
            assertEquals("true", browser.findElement(By.id("strategy-spec")).getAttribute("aria-invalid"));

            // a refused window field is marked where it is typed
            strategyWindow("NOPE", "2026-11-20", "2026-11-22");
            error = runRefused(strategySpec("dash-valid", "rsi", 30), "UNKNOWN_TOKEN");
            assertEquals("tokens", text("strategy-field"));
            WebElement tokens = browser.findElement(By.cssSelector("#strategy-form input[name=tokens]"));
            assertEquals("true", tokens.getAttribute("aria-invalid"));
            assertEquals(null, browser.findElement(By.id("strategy-spec")).getAttribute("aria-invalid"));
            assertTrue(browser.findElement(By.id("strategy-run-state")).getAttribute("hidden") != null,
                    "no run to follow");
            assertEquals(newestBefore, newestBacktestId(), "no backtest was created");
        } finally {
            // Chromium writes one console line for each refused request; those are expected.
            console().removeIf(entry -> entry.getMessage().contains("/backtests - Failed to load resource"));
        }
        assertNoConsoleErrors();
    }

    @Test
    void aValidSpecRunsToDoneWithTheApisMetricsItsCurveAndTheRunningStrategyBesideIt() throws Exception {
        strategyWindow("ETH", "2026-11-20", "2026-11-23");
        String id = runToDone(strategySpec("dash-candidate", "rsi", 35));
        WebElement progress = browser.findElement(By.id("strategy-progress"));
        assertTrue(progress.isDisplayed(), "the progress bar shows");
        assertEquals("1", progress.getDomProperty("value"));

        JsonObject run = http.get("/backtests/" + id).object();
        assertEquals("done", run.getString("status"));
        assertEquals("dash-candidate", run.getString("strategy_name"));
        assertEquals(List.of("ETH"), strings(run.getJsonArray("tokens")));
        assertEquals("2026-11-20T00:00:00Z", run.getString("from"));
        assertEquals("2026-11-23T00:00:00Z", run.getString("to"));
        assertEquals("1h", run.getString("resolution"));
        assertMetricsShown("candidate", run);
        assertEquals(String.valueOf(run.getBoolean("passed_gate")),
                browser.findElement(By.id("strategy-gate")).getAttribute("data-passed"));
        assertEquals(strings(run.getJsonObject("metrics").getJsonObject("gate").getJsonArray("reasons")),
                browser.findElements(By.cssSelector("#strategy-gate-reasons li")).stream().map(WebElement::getText)
                        .toList());
        int points = http.get("/backtests/" + id + "/equity?limit=500").array().size();
        assertTrue(points > 0);
        assertEquals(String.valueOf(points), browser.findElement(By.id("strategy-chart")).getAttribute("data-points"));
        assertNotNull(browser.findElement(By.cssSelector("#strategy-chart canvas")), "the curve drew");

        // the running strategy on the same window, in columns of its own
        click("strategy-compare");
        Chromium.waitUpTo(browser, BACKTEST_WAIT).until(
                d -> !d.findElements(By.cssSelector("#strategy-metrics td[data-run=running]")).isEmpty());
        JsonObject compared = http.get("/backtests/" + browser.findElement(By.id("strategy-run-state"))
                .getAttribute("data-backtest-id")).object();
        assertEquals(currentConfig().getJsonObject("strategy").getString("name"), compared.getString("strategy_name"));
        for (String same : List.of("tokens", "from", "to", "resolution", "seed", "source")) {
            assertEquals(run.get(same), compared.get(same), same);
        }
        // the default strategy trades on this window (the candidate may not): figures, not only blanks, compared
        assertTrue(compared.getJsonObject("metrics").getJsonObject("whole").getInt("trades") > 0, compared.toString());
        assertMetricsShown("running", compared);
        assertMetricsShown("candidate", run);
        fullPageScreenshot("dashboard-strategy.png");
        assertNoConsoleErrors();
    }

    @Test
    void aLongYamlRunShowsItsProgressWhileRunningAndCancelStopsIt() {
        // BacktestIT's long run, five years of minutes for six tokens: seen running however fast the server replays
        // (a year of one token's minutes was done before the page was read at some runs), cancelled long before its end
        strategyWindow("BNB, BTCB, ETH, CAKE, LINK, AVAX", "2021-01-01", "2026-01-01", "1m");
        // in YAML this time: the window fields go along in the same YAML body
        typeSpec(String.join("\n", "market_mode: spot", "name: dash-long", "signals:", "  entry:",
                "    all_of:", "      - {indicator: rsi, op: \"<=\", value: 35, window: 14}", "  exit:",
                "    any_of:", "      - {indicator: rsi, op: \">=\", value: 55, window: 14}",
                "params: {position_size_pct: 50, max_concurrent: 1}"));
        assertEquals("YAML", text("strategy-format"));
        click("strategy-run");
        WebElement status = browser.findElement(By.id("strategy-status"));
        WebElement progress = browser.findElement(By.id("strategy-progress"));
        Chromium.waitUpTo(browser, BACKTEST_WAIT).withMessage("the progress bar moves").until(d ->
                "running".equals(status.getAttribute("data-status"))
                        && Double.parseDouble(progress.getDomProperty("value")) > 0);
        String id = browser.findElement(By.id("strategy-run-state")).getAttribute("data-backtest-id");
        try {
            JsonObject run = http.get("/backtests/" + id).object();
            assertEquals("dash-long", run.getString("strategy_name"));
            assertEquals(List.of("BNB", "BTCB", "ETH", "CAKE", "LINK", "AVAX"), strings(run.getJsonArray("tokens")));
            assertEquals("2021-01-01T00:00:00Z", run.getString("from"));
            assertEquals("2026-01-01T00:00:00Z", run.getString("to"));
            assertEquals("1m", run.getString("resolution"));
            assertTrue(Double.parseDouble(progress.getDomProperty("value")) < 1, progress.getDomProperty("value"));
            assertTrue(progress.isDisplayed());
            click("strategy-cancel");
            Chromium.waitOn(browser).until(d -> "cancelled".equals(status.getAttribute("data-status")));
            assertEquals("cancelled", http.get("/backtests/" + id).object().getString("status"));
            assertFalse(browser.findElement(By.id("strategy-cancel")).isDisplayed(), "nothing left to cancel");
            assertFalse(browser.findElement(By.id("strategy-result")).isDisplayed(), "no result of a cancelled run");
        } finally {
            // backtests run one at a time: this one must not hold up the other tests' runs
            http.send("POST", "/backtests/" + id + "/cancel", null, null);
        }
        assertNoConsoleErrors();
    }

    @Test
    void attachingARunThatMissedTheGateIsRefusedUntilForcedAndTheTimelineThenShowsIt() {
        JsonObject before = currentConfig();
        int versions = configVersions().size();
        try {
            strategyWindow("ETH", "2026-11-20", "2026-11-22");
            // never enters (RSI at most 1): no trades, so the gate cannot pass
            String id = runToDone(strategySpec("dash-attach", "rsi", 1));
            assertFalse(http.get("/backtests/" + id).object().getBoolean("passed_gate"));
            assertEquals("false", browser.findElement(By.id("strategy-gate")).getAttribute("data-passed"));

            click("strategy-attach");
            WebElement dialog = browser.findElement(By.id("dlg-confirm"));
            assertTrue(dialog.getText().contains("Attach dash-attach, as backtest " + id + " ran it"), dialog.getText());
            click("dlg-confirm-ok");
            WebElement error = browser.findElement(By.cssSelector("#dlg-confirm .dialog-error"));
            Chromium.waitOn(browser).until(d -> "GATE_NOT_PASSED".equals(error.getAttribute("data-code")));
            assertTrue(error.getText().startsWith("The strategy is not attached: no backtest of exactly this spec has"
                    + " passed the gate."), error.getText());
            assertTrue(error.getText().contains("Server said: The strategy is not attached: backtest " + id
                    + " of this spec does not pass the gate of the current evaluation config"), error.getText());
            assertEquals(versions, configVersions().size(), "nothing attached");
            key(Keys.ESCAPE);
            Chromium.waitOn(browser).until(d -> !dialog.isDisplayed());
            assertTrue(text("strategy-refusal").contains("Server said: The strategy is not attached: backtest " + id),
                    text("strategy-refusal"));

            click("strategy-force");
            assertTrue(dialog.getText().contains("Warning: nothing shows this spec clears the gate."), dialog.getText());
            assertFalse(browser.findElement(By.id("dlg-confirm-ok")).isEnabled(), "the box must be ticked first");
            click("dlg-confirm-check");
            click("dlg-confirm-ok");
            Chromium.waitOn(browser).until(d -> !dialog.isDisplayed());

            JsonObject attached = currentConfig();
            assertEquals("dash-attach", attached.getJsonObject("strategy").getString("name"));
            JsonObject entry = attached.getJsonObject("strategy").getJsonObject("signals").getJsonObject("entry")
                    .getJsonArray("all_of").getJsonObject(0);
            assertEquals("rsi", entry.getString("indicator"));
            assertEquals(1, entry.getJsonNumber("value").intValue(), "the spec the run replayed");
            assertEquals(versions + 1, configVersions().size());
            // The timeline redraws on each event the attach sends; its newest entry is read whole, after the last one.
            Chromium.waitOn(browser).withMessage("the timeline shows the new version, with its strategy").until(d -> {
                WebElement newest = d.findElement(By.cssSelector("#versions > li"));
                return attached.getString("config_version_id").equals(newest.getAttribute("data-id"))
                        && "strategy dash-attach".equals(newest.findElement(By.className("version-strategy")).getText());
            });
            Chromium.waitOn(browser).until(d -> "dash-attach".equals(text("strategy-current")));
            assertTrue(browser.findElement(By.id("strategy-refusal")).getAttribute("hidden") != null);
        } finally {
            closeDialogs();
            console().removeIf(entry -> entry.getMessage().contains("/agents/current/config - Failed to load resource"));
            // Other tests and classes on this deployment count on the agent's strategy (the flat-market snapshots
            // trade nothing under it): the one running before is attached back, forced, as StrategyAttachIT does.
            if (!before.getJsonObject("strategy").equals(currentConfig().getJsonObject("strategy"))) {
                Http.Answer back = patchConfig("{\"strategy_spec\":" + before.getJsonObject("strategy")
                        + ",\"force\":true}");
                assertEquals(200, back.status(), back.toString());
            }
        }
        assertNoConsoleErrors();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static final Duration BACKTEST_WAIT = Duration.ofSeconds(90);
    private static final List<String> SHOWN_AS_WRITTEN = List.of("trades", "expectancy", "sharpe", "sortino",
            "profit_factor", "fees_paid", "ending_equity");
    private static final List<String> SHOWN_AS_PERCENT = List.of("win_rate", "total_return", "max_drawdown",
            "exposure");

    /** A spec in JSON, one field a line: enter when {@code indicator} is at most {@code entryBelow}. */
    private static String strategySpec(String name, String indicator, int entryBelow) {
        return String.join("\n", "{", "  \"market_mode\": \"spot\",", "  \"name\": \"" + name + "\",",
                "  \"signals\": {", "    \"entry\": {", "      \"all_of\": [", "        {",
                "          \"indicator\": \"" + indicator + "\",", "          \"op\": \"<=\",",
                "          \"value\": " + entryBelow + ",", "          \"window\": 14", "        }", "      ]",
                "    },", "    \"exit\": {\"any_of\": [{\"indicator\": \"rsi\", \"op\": \">=\", \"value\": 55, "
                        + "\"window\": 14}]}", "  },",
                "  \"params\": {\"position_size_pct\": 50, \"max_concurrent\": 1}", "}");
    }

    /** The Strategy panel's window: tokens, dates (UTC days) and 1h bars. */
    private static void strategyWindow(String tokens, String from, String to) {
        strategyWindow(tokens, from, to, "1h");
    }

    private static void strategyWindow(String tokens, String from, String to, String resolution) {
        WebElement form = browser.findElement(By.id("strategy-form"));
        WebElement tokenField = form.findElement(By.name("tokens"));
        tokenField.clear();
        tokenField.sendKeys(tokens);
        js("arguments[0].value = arguments[1]; arguments[2].value = arguments[3];",
                form.findElement(By.name("from")), from, form.findElement(By.name("to")), to);
        new Select(form.findElement(By.name("resolution"))).selectByVisibleText(resolution);
    }

    /** Replaces the spec's text as typing would (the panel hears an input event). */
    private static void typeSpec(String spec) {
        js("const t = document.getElementById('strategy-spec'); t.value = arguments[0];"
                + " t.dispatchEvent(new Event('input', {bubbles: true}));", spec);
    }

    private static WebElement runRefused(String spec, String code) {
        typeSpec(spec);
        click("strategy-run");
        WebElement error = browser.findElement(By.id("strategy-error"));
        Chromium.waitOn(browser).until(d -> code.equals(error.getAttribute("data-code")));
        assertTrue(error.isDisplayed());
        return error;
    }

    /** Runs the spec from the panel; waits for the run to be done and its result shown; returns its id. */
    private static String runToDone(String spec) {
        typeSpec(spec);
        click("strategy-run");
        Chromium.waitUpTo(browser, BACKTEST_WAIT).withMessage("the run is done").until(d -> "done".equals(
                d.findElement(By.id("strategy-status")).getAttribute("data-status")));
        String id = browser.findElement(By.id("strategy-run-state")).getAttribute("data-backtest-id");
        Chromium.waitOn(browser).withMessage("the result shows").until(d -> id.equals(
                d.findElement(By.id("strategy-result")).getAttribute("data-backtest-id"))
                && d.findElement(By.id("strategy-chart")).getAttribute("data-points") != null);
        return id;
    }

    /** Every metric of every part of {@code run} in the panel's table, in its {@code who} columns. */
    private static void assertMetricsShown(String who, JsonObject run) {
        JsonObject metrics = run.getJsonObject("metrics");
        for (String part : List.of("in_sample", "out_of_sample", "whole")) {
            for (String metric : Stream.concat(SHOWN_AS_WRITTEN.stream(), SHOWN_AS_PERCENT.stream()).toList()) {
                String shown = browser.findElement(By.cssSelector("#strategy-metrics tr[data-metric=" + metric
                        + "] td[data-run=" + who + "][data-part=" + part + "]")).getText();
                JsonObject figures = metrics.getJsonObject(part);
                String where = who + " " + part + " " + metric;
                if (figures.isNull(metric)) {
                    assertEquals("—", shown, where);
                } else if (SHOWN_AS_WRITTEN.contains(metric)) {
                    assertEquals(figures.getJsonNumber(metric).bigDecimalValue().toPlainString(), shown, where);
                } else {
                    // shown as a percentage to two places
                    assertTrue(shown.endsWith(" %"), where + ": " + shown);
                    BigDecimal percent = figures.getJsonNumber(metric).bigDecimalValue().movePointRight(2);
                    BigDecimal rounding = percent.subtract(new BigDecimal(shown.substring(0, shown.length() - 2))).abs();
                    assertTrue(rounding.compareTo(new BigDecimal("0.005")) <= 0, where + ": " + shown + " for " + percent);
                }
            }
        }
    }

    private static String selectedSpecLine() {
        return ((String) js("const t = document.getElementById('strategy-spec');"
                + " return t.value.substring(t.selectionStart, t.selectionEnd);")).strip();
    }

    private String newestBacktestId() {
        JsonArray newest = http.get("/backtests?limit=1").array();
        return newest.isEmpty() ? null : newest.getJsonObject(0).getString("backtest_id");
    }


    /**
     * Gives the chart points without touching the paper account, which other test classes sharing this database
     * count on to the cent: every watched token is scripted flat (a 1-point zigzag: no entry signal), and each cycle takes an equity
     * snapshot (the tests' snapshot interval is zero). Skipped while a position is open: a flat price would exit it.
     */
    private void snapshotsOnAFlatMarket() {
        if (!http.get("/agents/current/positions").array().isEmpty()) {
            return;
        }
        int tradesBefore = http.get("/agents/current/trades").array().size();
        try {
            for (String token : strings(http.get("/agents/current/watchlist").object().getJsonArray("tokens"))) {
                scriptFlat(token);
            }
            cycle();
            cycle();
        } finally {
            http.send("DELETE", "/test-probe/market/script", null, null);
        }
        assertEquals(tradesBefore, http.get("/agents/current/trades").array().size(), "nothing traded");
    }

    private void scriptFlat(String token) {
        JsonObject script = Json.createObjectBuilder()
                .add("token", token)
                .add("closes", Json.createArrayBuilder(IntStream.range(0, 64).map(i -> 100 + i % 2).boxed().toList()))
                .add("mid", 100).add("quote_price", 100).add("impact_pct", 0.05)
                .add("fear_greed", 50).add("funding_rate", 0.0)
                .build();
        Http.Answer answer = http.postJson("/test-probe/market/script", script.toString());
        assertEquals(204, answer.status(), answer.body());
    }

    private JsonObject appendProbeEntry(String body) {
        String json = Json.createObjectBuilder().add("type", "PROBE").add("tags", Json.createArrayBuilder().add("PROBE"))
                .add("body", body).build().toString();
        Http.Answer written = http.postJson("/test-probe/journal", json);
        assertEquals(200, written.status(), written.body());
        return written.object();
    }

    private void cycle() {
        Http.Answer answer = http.send("POST", "/test-probe/cycle", null, null);
        assertEquals(204, answer.status(), answer.body());
    }

    static String expectedBadge(String status) {
        return switch (status) {
            case "PAPER" -> "Forward testing";
            case "ELIGIBLE" -> "Ready for live — your call";
            case "LIVE" -> "Live on BSC";
            default -> throw new AssertionError("no demotion in this test run: " + status);
        };
    }

    private static void closeDialogs() {
        js("document.querySelectorAll('dialog[open]').forEach(d => d.close())");
    }

    private static void awaitLoaded() {
        Chromium.waitOn(browser).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    private static void awaitConnection() {
        Chromium.waitOn(browser).until(d -> "open".equals(
                d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void click(String id) {
        WebElement button = browser.findElement(By.id(id));
        js("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
    }

    private static void key(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static List<LogEntry> console() {
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            CONSOLE.add(entry);
        }
        return CONSOLE;
    }

    /** No SEVERE console entry since the last check (all of them are kept until a check reads them). */
    private static void assertNoConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : console()) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        CONSOLE.clear();
        assertEquals(List.of(), errors, "console errors");
    }

    /** The whole page at the window's width, however tall it is. */
    private static void fullPageScreenshot(String name) throws Exception {
        long width = (Long) js("return document.documentElement.clientWidth");
        long height = (Long) js("return document.documentElement.scrollHeight");
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
        try {
            // two animation frames: the layout at the new size has run (the chart resizes itself on it)
            browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
