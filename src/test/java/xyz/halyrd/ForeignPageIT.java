package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a web page of another origin, and a DNS-rebinding page, can do to a running Halyrd from a real browser
 * (Debian's headless Chromium through its chromedriver, as DashboardIT): nothing, and they learn nothing. Chromium
 * resolves {@code evil.test} and {@code rebound.test} to 127.0.0.1 ({@code --host-resolver-rules}), so the hostile
 * page is served by a second HTTP server of this test at {@code http://evil.test:<its port>/}, and the rebound name
 * reaches Halyrd itself. The dashboard, opened under the server's own names, keeps working.
 */
class ForeignPageIT extends DeployedHalyrd {


    private ChromeDriver browser;
    private HttpServer hostile;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (hostile != null) {
            hostile.stop(0);
        }
    }

    @Test
    void aPageOfAnotherOriginCanNeitherActNorReadNorListen() throws Exception {
        Observed before = observe();
        String target = "http://127.0.0.1:" + base.getPort();
        hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String page = hostilePage(target, "ws://127.0.0.1:" + base.getPort() + "/ws/agents/current");
        hostile.createContext("/", exchange -> {
            byte[] html = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        hostile.start();
        browser = chromium();
        browser.get("http://evil.test:" + hostile.getAddress().getPort() + "/");

        Chromium.waitOn(browser).until(d -> Boolean.TRUE.equals(
                browser.executeScript("return window.results && window.results.done === true")));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) browser.executeScript("return window.results");

        // The page got nothing: opaque answers to its no-cors posts, no readable answer, no stream.
        assertEquals("opaque:0", results.get("promote"), results.toString());
        assertEquals("opaque:0", results.get("kill"), results.toString());
        assertEquals("blocked", results.get("read"), results.toString());
        assertEquals("submitted", results.get("form"), results.toString());
        String ws = (String) results.get("ws");
        assertFalse(ws.contains("open") || ws.contains("message"), "the stream never opened: " + ws);

        // And nothing happened: not the forced promotion, not the demotion, not the kill switch.
        assertEquals(before, observe());
    }

    @Test
    void aReboundNameIsRefusedByTheHostCheckEvenThoughTheBrowserThinksItSameOrigin() {
        Observed before = observe();
        browser = chromium();
        // After rebinding, the attacker's page at rebound.test is same-origin with the API as far as the browser knows.
        browser.get("http://rebound.test:" + base.getPort() + "/");
        assertTrue(browser.findElement(By.tagName("body")).getText().contains("HOST_REJECTED"),
                "the dashboard is not served under that name: " + browser.getPageSource());
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const r = {};
                  const read = await fetch('/agents/current');
                  r.read = read.status + ' ' + (await read.json()).error;
                  const kill = await fetch('/agents/current/kill-switch', {method: 'POST',
                      headers: {'Content-Type': 'application/json'}, body: '{"reason": "rebound"}'});
                  r.kill = kill.status + ' ' + (await kill.json()).error;
                  const promote = await fetch('/agents/current/promote', {method: 'POST',
                      headers: {'Content-Type': 'application/json'}, body: '{"force": true}'});
                  r.promote = promote.status + ' ' + (await promote.json()).error;
                  const journal = await fetch('/agents/current/journal');
                  r.journal = journal.status + ' ' + (await journal.json()).error;
                  r.ws = await new Promise(resolve => {
                    const events = [];
                    const ws = new WebSocket('ws://' + location.host + '/ws/agents/current');
                    ws.onopen = () => events.push('open');
                    ws.onmessage = () => events.push('message');
                    ws.onclose = (c) => resolve(events.concat('close:' + c.code).join(','));
                  });
                  return r;
                })().then(done, e => done({error: String(e)}));
                """);
        assertEquals("403 HOST_REJECTED", results.get("read"), results.toString());
        assertEquals("403 HOST_REJECTED", results.get("kill"), results.toString());
        assertEquals("403 HOST_REJECTED", results.get("promote"), results.toString());
        assertEquals("403 HOST_REJECTED", results.get("journal"), results.toString());
        assertEquals("close:1006", results.get("ws"), "the upgrade was refused: " + results);
        assertEquals(before, observe());
    }

    @Test
    void theDashboardWorksFromLoopbackAndFromLocalhost() {
        browser = chromium();
        for (String origin : List.of("http://127.0.0.1:" + base.getPort(), "http://localhost:" + base.getPort())) {
            browser.get(origin + "/");
            Chromium.waitOn(browser).until(d -> "true".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-loaded")));
            Chromium.waitOn(browser).until(d -> "open".equals(
                    d.findElement(By.id("connection")).getAttribute("data-state")));
            assertEquals(http.get("/agents/current").object().getString("status"),
                    browser.findElement(By.id("status-badge")).getAttribute("data-status"), origin);
            // A state-changing request from the page itself passes the Origin check: the agent's own refusal
            // (409, not eligible on paper) comes back, not ORIGIN_REJECTED.
            Object answer = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('agents/current/promote', {method: 'POST', headers: {'Content-Type': 'application/json'},
                        body: '{"force": false}'}).then(async r => done(r.status + ' ' + (await r.json()).error),
                        e => done(String(e)));
                    """);
            assertTrue(String.valueOf(answer).startsWith("409 "), origin + ": " + answer);
            assertFalse(String.valueOf(answer).contains("REJECTED"), origin + ": " + answer);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /**
     * A no-cors text/plain POST to promote with {@code {"force":true}}, a body-less no-cors POST to the kill switch,
     * a plain fetch read, a form POST to demote, and a WebSocket; each outcome as the page saw it.
     */
    private static String hostilePage(String target, String socket) {
        return """
                <!doctype html><html><head><title>free money</title></head><body>
                <iframe name="sink" id="sink"></iframe>
                <form id="demote" method="POST" action="TARGET/agents/current/demote" target="sink">
                  <input name="confirm" value="yes"></form>
                <script>
                const results = {};
                window.results = results;
                (async () => {
                  try {
                    const r = await fetch('TARGET/agents/current/promote', {method: 'POST', mode: 'no-cors',
                        headers: {'Content-Type': 'text/plain'}, body: '{"force":true}'});
                    results.promote = 'opaque:' + r.status;
                  } catch (e) { results.promote = 'error:' + e; }
                  try {
                    const r = await fetch('TARGET/agents/current/kill-switch', {method: 'POST', mode: 'no-cors'});
                    results.kill = 'opaque:' + r.status;
                  } catch (e) { results.kill = 'error:' + e; }
                  try {
                    const r = await fetch('TARGET/agents/current');
                    results.read = 'read:' + await r.text();
                  } catch (e) { results.read = 'blocked'; }
                  await new Promise(done => {
                    document.getElementById('sink').onload = done;
                    document.getElementById('demote').submit();
                  });
                  results.form = 'submitted';
                  results.ws = await new Promise(done => {
                    const events = [];
                    const ws = new WebSocket('SOCKET');
                    ws.onopen = () => events.push('open');
                    ws.onmessage = () => events.push('message');
                    ws.onclose = (c) => done(events.concat('close:' + c.code).join(','));
                  });
                  results.done = true;
                })();
                </script></body></html>
                """.replace("TARGET", target).replace("SOCKET", socket);
    }

    private static ChromeDriver chromium() {
        return Chromium.start(
                // The attacker's names, resolved to this machine as a DNS-rebinding attacker would arrange it.
                "--host-resolver-rules=MAP evil.test 127.0.0.1, MAP rebound.test 127.0.0.1",
                // No detour through https for these plain-http test names.
                "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable");
    }

    record Observed(String status, String signerSession, String configVersion, String newestJournalEntry) {
    }

    private Observed observe() {
        return new Observed(http.get("/agents/current").object().getString("status"),
                http.get("/agents/current/signer").object().getString("session"),
                http.get("/agents/current/config").object().getString("config_version_id"),
                http.get("/agents/current/journal?limit=1").array().getJsonObject(0).getString("id"));
    }
}
