package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import xyz.halyrd.access.boundary.AccessFilter;

/**
 * Token mode on the built uber-jar, as a user exposes Halyrd beyond loopback: without a token it refuses to start;
 * with one, every endpoint and the stream refuse a missing or wrong token (401 JSON) and accept the right one, the
 * dashboard logs in once with it, and the token appears in no log line, answer or journal entry.
 */
class TokenModeIT {


    static final List<String> READS = List.of("/agents", "/agents/current", "/agents/seed/journal",
            "/agents/current/config", "/agents/current/config/versions", "/agents/current/watchlist",
            "/agents/current/watchlist/candidates", "/agents/current/trades", "/agents/current/positions",
            "/agents/current/equity", "/agents/current/risk/blocks", "/agents/current/risk/objectives",
            "/agents/current/evaluation", "/agents/current/signer", "/agents/current/identity",
            "/agents/current/live", "/openapi", "/health", "/no-such-path");

    static final List<String[]> WRITES = List.of(
            new String[] {"PATCH", "/agents/current/config", "{\"preset\": \"conservative\"}"},
            new String[] {"PUT", "/agents/current/watchlist", "{\"tokens\": [\"ETH\", \"CAKE\"]}"},
            new String[] {"POST", "/agents/current/promote", "{\"force\": true}"},
            new String[] {"POST", "/agents/current/demote", null},
            new String[] {"POST", "/agents/current/live/reconcile", null},
            new String[] {"POST", "/agents/current/identity", null},
            new String[] {"POST", "/agents/current/kill-switch", "{\"reason\": \"token mode test\"}"},
            new String[] {"POST", "/agents/current/signer/session", "{\"confirm\": \"provision signing\"}"});

    @Test
    void boundBeyondLoopbackWithoutATokenItRefusesToStartAndSaysWhy() throws Exception {
        UberJar.Refusal refused = UberJar.refusedStart("token-mode-refused", "-Dhalyrd.http.address=0.0.0.0",
                "-Dhalyrd.cycle.enabled=false");
        String log = refused.log();
        assertEquals(2, refused.exitStatus(), log);
        assertTrue(log.contains("Halyrd refuses to start: halyrd.http.address is 0.0.0.0, which is beyond loopback,"
                + " and no API token is configured. Set halyrd.auth.token-file to a file holding the token"), log);
    }

    @Test
    void withATokenEveryEndpointAndTheStreamNeedItAndTheDashboardLogsInOnce() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "token-mode"));
        Path tokenFile = dir.resolve("secrets").resolve("api-token");
        int port = UberJar.freePort();
        List<String> answers = new ArrayList<>();
        String token;
        try (UberJar server = UberJar.start(dir, dir.resolve("data"), port, "token", "-Dhalyrd.http.address=0.0.0.0",
                "-Dhalyrd.auth.token-file=" + tokenFile, "-Dhalyrd.cycle.enabled=false")) {
            token = Files.readString(tokenFile).strip();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            assertTrue(token.length() >= 43, "a generated token of 256 bits");
            Http http = server.http();
            String wrongSameLength = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
            List<Map<String, String>> refused = List.of(Map.of(), Map.of("Authorization", "Bearer wrong"),
                    Map.of("Authorization", "Bearer " + wrongSameLength), Map.of("Authorization", "Bearer "),
                    Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (":" + token).getBytes(StandardCharsets.UTF_8))),
                    Map.of("Authorization", "Bearer " + token.substring(0, token.length() - 1)),
                    Map.of("Cookie", "halyrd_session=" + token));
            Map<String, String> right = Map.of("Authorization", "Bearer " + token);

            for (String path : READS) {
                for (Map<String, String> headers : refused) {
                    Http.Answer answer = http.request("GET", path, headers, null);
                    answers.add(answer.body());
                    answer.assertError(401, "UNAUTHORIZED");
                    assertEquals("Bearer realm=\"halyrd\"", answer.header("WWW-Authenticate"));
                }
                Http.Answer answer = http.request("GET", path, right, null);
                answers.add(answer.body());
                assertEquals(path.equals("/no-such-path") ? 404 : 200, answer.status(), path + ": " + answer.body());
            }
            for (String[] write : WRITES) {
                byte[] body = write[2] == null ? null : write[2].getBytes(StandardCharsets.UTF_8);
                for (Map<String, String> headers : refused) {
                    Map<String, String> withType = new java.util.HashMap<>(headers);
                    withType.put("Content-Type", "application/json");
                    Http.Answer answer = http.request(write[0], write[1], withType, body);
                    answers.add(answer.body());
                    answer.assertError(401, "UNAUTHORIZED");
                }
                Http.Answer answer = http.request(write[0], write[1], Map.of("Authorization", "Bearer " + token,
                        "Content-Type", "application/json"), body);
                answers.add(answer.body());
                assertNotEquals(401, answer.status(), write[1] + ": " + answer.body());
                assertTrue(answer.status() < 500, write[1] + ": " + answer.body());
            }
            jakarta.json.JsonArray signerEntries = http.request("GET",
                    "/agents/current/journal?type=SIGNER_SESSION&limit=1", right, null).array();
            assertEquals(1, signerEntries.size(), "the kill switch and the new session were journaled");
            assertEquals("token", signerEntries.getJsonObject(0).getString("actor"));

            // The open paths (the dashboard's files, the login) lead nowhere else, however the path is spelled.
            for (String sneaky : List.of("/assets/../agents/current", "/assets/%2e%2e/agents/current",
                    "/webjars/..;/agents/current", "/auth/session/../../agents/current", "/./agents/current",
                    "/assets/..%2fagents/current", "//agents/current")) {
                Http.RawAnswer answer = http.raw("GET " + sneaky + " HTTP/1.1\r\nHost: 127.0.0.1:" + port);
                assertNotEquals(200, answer.status(), sneaky + ": " + answer.body());
                assertFalse(answer.body().contains("last_heartbeat"), sneaky + ": " + answer.body());
            }

            // The stream: the same gate on the upgrade.
            String upgrade = "GET /ws/agents/current HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13";
            for (Map<String, String> headers : refused) {
                String extra = headers.entrySet().stream().map(e -> "\r\n" + e.getKey() + ": " + e.getValue())
                        .reduce("", String::concat);
                Http.RawAnswer answer = http.raw(upgrade + extra);
                assertEquals(401, answer.status(), answer.headers());
                assertEquals("UNAUTHORIZED", answer.object().getString("error"));
            }
            assertTrue(http.raw(upgrade + "\r\nAuthorization: Bearer " + token).headers().startsWith("HTTP/1.1 101"));

            // The login: a wrong token is refused, the right one opens a session; no answer ever holds the token.
            http.request("POST", "/auth/session", Map.of("Content-Type", "application/json"),
                    "{\"token\": \"not it\"}".getBytes(StandardCharsets.UTF_8)).assertError(401, "UNAUTHORIZED");
            dashboardLogsInOnce(server, token, port);

            JsonObject bySession = http.request("GET", "/agents/current/journal?limit=1", right, null).array()
                    .getJsonObject(0);
            assertTrue(bySession.getString("actor").startsWith("session:ses_"), bySession.toString());
            assertEquals("http://127.0.0.1:" + port, bySession.getString("origin"));
            String journal = http.request("GET", "/agents/current/journal?limit=500", right, null).body();
            assertFalse(journal.contains(token), "the token is not in the journal");
        }
        for (String answer : answers) {
            assertFalse(answer.contains(token), "the token is in no answer: " + answer);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(tokenFile))
                    .filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(token), "the token is in no log line: " + file);
            }
        }
        String log = Files.readString(dir.resolve("token.log"));
        assertTrue(log.contains("Generated a new API token in " + tokenFile), "the path is printed: " + log);
    }

    /**
     * A dashboard login is kept in the database: it opens requests after a restart, as the same session, until it
     * logs out; once the API token file holds another token, the sessions opened with the old one open nothing.
     */
    @Test
    void aDashboardSessionOutlivesARestartAndEndsWithItsLogoutOrANewToken() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "token-sessions"));
        Path tokenFile = dir.resolve("secrets").resolve("api-token");
        Path data = dir.resolve("data");
        int port = UberJar.freePort();
        String[] options = {"-Dhalyrd.auth.token-file=" + tokenFile, "-Dhalyrd.cycle.enabled=false"};
        String kept;
        String loggedOut;
        String keptActor;
        try (UberJar server = UberJar.start(dir, data, port, "sessions-1", options)) {
            String token = Files.readString(tokenFile).strip();
            kept = login(server.http(), token);
            loggedOut = login(server.http(), token);
            keptActor = server.http().request("GET", "/auth/session", withSession(kept), null).object()
                    .getString("actor");
            assertTrue(keptActor.startsWith("session:ses_"), keptActor);
        }
        try (UberJar server = UberJar.start(dir, data, port, "sessions-2", options)) {
            Http http = server.http();
            JsonObject after = http.request("GET", "/auth/session", withSession(kept), null).object();
            assertTrue(after.getBoolean("authenticated"), after.toString());
            assertEquals(keptActor, after.getString("actor"), "the same session after the restart");
            assertEquals(200, http.request("GET", "/agents/current", withSession(loggedOut), null).status());

            assertEquals(204, http.request("DELETE", "/auth/session", withSession(loggedOut), null).status());
            http.request("GET", "/agents/current", withSession(loggedOut), null).assertError(401, "UNAUTHORIZED");
            assertEquals(200, http.request("GET", "/agents/current", withSession(kept), null).status(),
                    "another session's logout leaves this one open");
        }
        String newToken = "a-new-token-for-this-test-0123456789abcdef";
        Files.writeString(tokenFile, newToken + "\n", StandardCharsets.UTF_8);
        try (UberJar server = UberJar.start(dir, data, port, "sessions-3", options)) {
            Http http = server.http();
            http.request("GET", "/agents/current", withSession(kept), null).assertError(401, "UNAUTHORIZED");
            JsonObject session = http.request("GET", "/auth/session", withSession(kept), null).object();
            assertFalse(session.getBoolean("authenticated"), "opened with the old token: " + session);
            String fresh = login(http, newToken);
            assertEquals(200, http.request("GET", "/agents/current", withSession(fresh), null).status());
        }
    }

    /** Logs in with the API token; the session cookie's value. */
    private static String login(Http http, String token) {
        Http.Answer answer = http.request("POST", "/auth/session", Map.of("Content-Type", "application/json"),
                ("{\"token\": \"" + token + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.status(), answer.body());
        String cookie = answer.header("Set-Cookie");
        assertTrue(cookie.startsWith(AccessFilter.SESSION_COOKIE + "="), cookie);
        return cookie.substring(AccessFilter.SESSION_COOKIE.length() + 1, cookie.indexOf(';'));
    }

    private static Map<String, String> withSession(String secret) {
        return Map.of("Cookie", AccessFilter.SESSION_COOKIE + "=" + secret);
    }

    /** Chromium opens the dashboard, gets the login dialog, logs in, and the page loads and streams. */
    private static void dashboardLogsInOnce(UberJar server, String token, int port) {
        ChromeDriver browser = Chromium.start();
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            Chromium.waitOn(browser).until(d -> d.findElement(By.id("dlg-login")).isDisplayed());
            browser.findElement(By.id("login-token")).sendKeys("not the token");
            browser.findElement(By.id("login-submit")).click();
            Chromium.waitOn(browser).until(d -> d.findElement(By.id("login-error")).isDisplayed());
            assertEquals("That is not the API token.", browser.findElement(By.id("login-error")).getText());
            browser.findElement(By.id("login-token")).clear();
            browser.findElement(By.id("login-token")).sendKeys(token);
            browser.findElement(By.id("login-submit")).click();
            Chromium.waitOn(browser).until(d -> "true".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-loaded")));
            Chromium.waitOn(browser).until(d -> "open".equals(
                    d.findElement(By.id("connection")).getAttribute("data-state")));
            assertFalse(browser.findElement(By.id("dlg-login")).isDisplayed());

            Cookie session = browser.manage().getCookieNamed("halyrd_session");
            assertNotNull(session, "a session cookie");
            assertTrue(session.isHttpOnly(), "HttpOnly");
            assertEquals("Strict", session.getSameSite());
            assertFalse(session.getValue().contains(token), "the cookie is not the token");
            assertEquals("", browser.executeScript("return document.cookie"), "page scripts cannot read it");

            // The page acts with its session: a kill switch pulled from the dashboard's own origin.
            Object answer = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('agents/current/kill-switch', {method: 'POST', headers: {'Content-Type': 'application/json'},
                        body: '{"reason": "from the dashboard"}'}).then(r => done(r.status), e => done(String(e)));
                    """);
            assertEquals(200L, answer);

            // Reloading keeps the session: no second login.
            browser.navigate().refresh();
            Chromium.waitOn(browser).until(d -> "true".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-loaded")));
            assertFalse(browser.findElement(By.id("dlg-login")).isDisplayed());
        } finally {
            browser.quit();
        }
    }
}
