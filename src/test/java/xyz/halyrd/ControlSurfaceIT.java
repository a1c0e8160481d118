package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The control surface over plain HTTP, against the deployed WAR on loopback with no token: the Host allowlist (DNS
 * rebinding) for REST, the dashboard's files and WebSocket upgrades; the Origin check; every endpoint that takes a
 * body against a table of hostile bodies; and who the journal says did it. After every refusal the agent's status,
 * the signing session, the running config version and the journal are exactly as before.
 */
class ControlSurfaceIT extends DeployedHalyrd {

    /** Every endpoint that takes a body. */
    static final List<String[]> BODY_ENDPOINTS = List.of(
            new String[] {"PATCH", "/agents/current/config"},
            new String[] {"PUT", "/agents/current/watchlist"},
            new String[] {"POST", "/agents/current/promote"},
            new String[] {"POST", "/agents/current/demote"},
            new String[] {"POST", "/agents/current/kill-switch"},
            new String[] {"POST", "/agents/current/signer/session"},
            new String[] {"POST", "/agents/current/identity"},
            new String[] {"POST", "/agents/current/live/reconcile"},
            new String[] {"POST", "/auth/session"});

    /** A hostile body: its content type, its bytes, and the exact refusal. */
    record Hostile(String name, String contentType, byte[] body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Hostile> hostileBodies() {
        String json = "application/json";
        String deepArrays = "[".repeat(100_000) + "]".repeat(100_000);
        String deepInObject = "{\"tokens\": " + "[".repeat(30_000) + "]".repeat(30_000) + "}";
        String deepObjects = "{\"a\": ".repeat(5_000) + "1" + "}".repeat(5_000);
        byte[] fiveMb = ("{\"reason\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Hostile("null", json, bytes("null"), 400, "VALIDATION_FAILED"),
                new Hostile("array", json, bytes("[\"ETH\"]"), 400, "VALIDATION_FAILED"),
                new Hostile("string", json, bytes("\"ETH\""), 400, "VALIDATION_FAILED"),
                new Hostile("number", json, bytes("42"), 400, "VALIDATION_FAILED"),
                // 200 kB: over the size limit before its depth is even looked at
                new Hostile("100 000 nested arrays", json, bytes(deepArrays), 413, "PAYLOAD_TOO_LARGE"),
                new Hostile("30 000 nested arrays in an object", json, bytes(deepInObject), 400, "VALIDATION_FAILED"),
                new Hostile("5 000 nested objects", json, bytes(deepObjects), 400, "VALIDATION_FAILED"),
                new Hostile("5 MB", json, fiveMb, 413, "PAYLOAD_TOO_LARGE"),
                new Hostile("escaped NUL in a string", json, bytes("{\"tokens\": [\"ETH\\u0000\"]}"), 400,
                        "VALIDATION_FAILED"),
                new Hostile("escaped ESC in a string", json, bytes("{\"reason\": \"\\u001b[2Jwiped\"}"), 400,
                        "VALIDATION_FAILED"),
                new Hostile("right-to-left override in a string", json, bytes("{\"reason\": \"ok\u202Eevil\"}"), 400,
                        "VALIDATION_FAILED"),
                new Hostile("control character in a key", json, bytes("{\"force\\u0000\": true}"), 400,
                        "VALIDATION_FAILED"),
                new Hostile("raw NUL byte in a string", json, bytes("{\"reason\": \"a\u0000b\"}"), 400,
                        "MALFORMED_JSON"),
                new Hostile("a key twice", json, bytes("{\"force\": false, \"force\": true}"), 400,
                        "VALIDATION_FAILED"),
                new Hostile("truncated JSON", json, bytes("{\"force\": "), 400, "MALFORMED_JSON"),
                new Hostile("two values", json, bytes("{} {}"), 400, "MALFORMED_JSON"),
                new Hostile("not UTF-8", json, new byte[] {'{', '"', 'a', (byte) 0xC3, '"', ':', '1', '}'}, 400,
                        "MALFORMED_JSON"),
                new Hostile("text/plain JSON", "text/plain", bytes("{\"force\": true}"), 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Hostile("text/plain, no body", "text/plain", null, 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Hostile("form", "application/x-www-form-urlencoded", bytes("force=true&reason=x"), 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                new Hostile("empty form", "application/x-www-form-urlencoded", null, 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Hostile("multipart", "multipart/form-data; boundary=b", bytes("--b\r\nContent-Disposition:"
                        + " form-data; name=\"force\"\r\n\r\ntrue\r\n--b--\r\n"), 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Hostile("JSON without a content type", null, bytes("{\"force\": true}"), 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                new Hostile("JSON in latin-1", "application/json; charset=iso-8859-1", bytes("{}"), 415,
                        "UNSUPPORTED_MEDIA_TYPE"));
    }

    static Stream<Arguments> everyEndpointWithEveryHostileBody() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] endpoint : BODY_ENDPOINTS) {
            for (Hostile hostile : hostileBodies()) {
                cases.add(Arguments.of(endpoint[0] + " " + endpoint[1], hostile));
            }
        }
        return cases.stream();
    }

    // --- strict bodies -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyEndpointWithEveryHostileBody")
    void aHostileBodyIsRefusedWithA4xxJsonErrorAndNothingIsWritten(String endpoint, Hostile hostile) {
        String[] request = endpoint.split(" ");
        Observed before = observe();
        Map<String, String> headers = hostile.contentType() == null ? Map.of()
                : Map.of("Content-Type", hostile.contentType());
        Http.Answer answer = http.request(request[0], request[1], headers, hostile.body());
        answer.assertError(hostile.status(), hostile.code());
        assertEquals(before, observe(), "nothing changed");
    }

    @Test
    void aControlCharacterIsRefusedNamingWhereNotTrimmedAway() {
        Observed before = observe();
        String message = http.send("PUT", "/agents/current/watchlist", "application/json",
                "{\"tokens\": [\"ETH\", \"CAKE\\u0000\"]}").assertError(400, "VALIDATION_FAILED");
        assertEquals("tokens[1]: contains the control character U+0000; send the text without it", message);
        assertEquals(before, observe());
    }

    @Test
    void theTopLevelValueMustBeAnObjectAndTheMessageSaysSo() {
        assertEquals("body: must be a JSON object, not null", http.send("PATCH", "/agents/current/config",
                "application/json", "null").assertError(400, "VALIDATION_FAILED"));
        assertEquals("body: must be a JSON object, not an array", http.send("PUT", "/agents/current/watchlist",
                "application/json", "[[[[]]]]").assertError(400, "VALIDATION_FAILED"));
        assertEquals("body: nested deeper than 16 levels", http.send("PUT", "/agents/current/watchlist",
                "application/json", "{\"tokens\":" + "[".repeat(30_000)).assertError(400, "VALIDATION_FAILED"));
    }

    @Test
    void jsonWithACharsetAndABodylessPostStillWork() {
        Http.Answer demote = http.request("POST", "/agents/current/demote", Map.of(), null);
        assertEquals(200, demote.status(), demote.body());
        Http.Answer alsoDemote = http.send("POST", "/agents/current/demote", "application/json; charset=UTF-8", "{}");
        assertEquals(200, alsoDemote.status(), alsoDemote.body());
        // Refused by the agent's state (409, NOT_ELIGIBLE on paper), not by the access layer.
        assertEquals(409, http.send("POST", "/agents/current/promote", "application/json; charset=utf-8",
                "{\"force\": false}").status());
    }

    @Test
    void aChunkedBodyWithoutALengthIsBoundedToo() {
        Observed before = observe();
        byte[] chunk = ("{\"reason\": \"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] framed = (Integer.toHexString(chunk.length) + "\r\n" + new String(chunk, StandardCharsets.UTF_8)
                + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        Http.RawAnswer answer = http.raw("POST /agents/current/kill-switch HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", framed);
        assertEquals(413, answer.status(), answer.headers());
        assertEquals("PAYLOAD_TOO_LARGE", answer.object().getString("error"));
        assertEquals(before, observe());
    }

    // --- Host allowlist ------------------------------------------------------------------------------------

    @Test
    void aForeignHostIsRefusedBeforeAnyResourceRunsRestFilesAndUpgradesAlike() {
        Observed before = observe();
        int port = base.getPort();
        for (String host : List.of("evil.example:" + port, "rebound.test:" + port, "evil.example",
                "127.0.0.1.nip.io:" + port, "localhost:" + (port == 65535 ? 1 : port + 1))) {
            for (String head : List.of(
                    "GET /agents HTTP/1.1\r\nHost: " + host,
                    "GET / HTTP/1.1\r\nHost: " + host,
                    "GET /assets/js/app.js HTTP/1.1\r\nHost: " + host,
                    "GET /webjars/echarts/5.3.1/dist/echarts.min.js HTTP/1.1\r\nHost: " + host,
                    "GET /no-such-path HTTP/1.1\r\nHost: " + host,
                    "POST /agents/current/kill-switch HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0",
                    "GET /ws/agents/current HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13")) {
                Http.RawAnswer answer = http.raw(head);
                assertEquals(403, answer.status(), head + "\n" + answer.headers());
                assertTrue(answer.headers().toLowerCase().contains("content-type: application/json"), answer.headers());
                JsonObject error = answer.object();
                assertEquals(List.of("error", "message"), new ArrayList<>(error.keySet()));
                assertEquals("HOST_REJECTED", error.getString("error"));
            }
        }
        assertEquals(before, observe());
    }

    @Test
    void theServersOwnNamesAreAccepted() {
        int port = base.getPort();
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port)) {
            assertEquals(200, http.raw("GET /agents HTTP/1.1\r\nHost: " + host).status(), host);
            assertEquals(200, http.raw("GET / HTTP/1.1\r\nHost: " + host).status(), host);
            assertTrue(http.raw("GET /ws/agents/current HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13"
                    + "\r\nOrigin: http://" + host.toLowerCase()).headers().startsWith("HTTP/1.1 101"), host);
        }
    }

    // --- Origin check --------------------------------------------------------------------------------------

    @Test
    void aForeignOriginCannotActReadOrOpenTheStream() {
        Observed before = observe();
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:" + (base.getPort() + 1),
                "https://127.0.0.1:" + base.getPort(), "http://localhost.evil.example:" + base.getPort())) {
            Map<String, String> headers = Map.of("Origin", origin, "Content-Type", "application/json");
            for (String[] endpoint : BODY_ENDPOINTS) {
                String message = http.request(endpoint[0], endpoint[1], headers, bytes("{}"))
                        .assertError(403, "ORIGIN_REJECTED");
                assertTrue(message.contains("halyrd.http.allowed-origins"), message);
            }
            http.request("POST", "/agents/current/kill-switch", Map.of("Origin", origin), null)
                    .assertError(403, "ORIGIN_REJECTED");
            http.request("GET", "/agents/current", Map.of("Origin", origin), null).assertError(403, "ORIGIN_REJECTED");
            Http.RawAnswer upgrade = http.raw("GET /ws/agents/current HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                    + "\r\nOrigin: " + origin + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13");
            assertEquals(403, upgrade.status(), upgrade.headers());
            assertEquals("ORIGIN_REJECTED", upgrade.object().getString("error"));
        }
        assertEquals(before, observe());
    }

    // --- who did it ----------------------------------------------------------------------------------------

    @Test
    void journalEntriesWrittenByARequestNameTheActorAndTheOrigin() {
        String own = "http://127.0.0.1:" + base.getPort();
        List<String> tokens = strings(http.get("/agents/current/watchlist").object().getJsonArray("tokens"));
        List<String> changed = tokens.contains("LINK") ? tokens.stream().filter(t -> !t.equals("LINK")).toList()
                : Stream.concat(tokens.stream(), Stream.of("LINK")).toList();
        String newestBefore = newestJournalId();
        Http.Answer fromThePage = http.request("PUT", "/agents/current/watchlist",
                Map.of("Origin", own, "Content-Type", "application/json"),
                bytes(Json.createObjectBuilder().add("tokens", Json.createArrayBuilder(changed)).build().toString()));
        assertEquals(200, fromThePage.status(), fromThePage.body());
        JsonObject entry = http.get("/agents/current/journal?limit=1").array().getJsonObject(0);
        assertEquals("CONFIG_CHANGE", entry.getString("type"));
        assertEquals("local", entry.getString("actor"));
        assertEquals(own, entry.getString("origin"));

        Http.Answer fromCurl = http.send("PUT", "/agents/current/watchlist", "application/json",
                Json.createObjectBuilder().add("tokens", Json.createArrayBuilder(tokens)).build().toString());
        assertEquals(200, fromCurl.status(), fromCurl.body());
        entry = http.get("/agents/current/journal?limit=1").array().getJsonObject(0);
        assertEquals("local", entry.getString("actor"));
        assertTrue(entry.isNull("origin"), entry.toString());

        String signerBefore = http.get("/agents/current/signer").object().getString("session");
        if ("active".equals(signerBefore)) {
            assertEquals(200, http.request("POST", "/agents/current/kill-switch",
                    Map.of("Origin", own, "Content-Type", "application/json"),
                    bytes("{\"reason\": \"who did it\"}")).status());
        }
        assertEquals(200, http.request("POST", "/agents/current/signer/session", Map.of("Origin", own,
                "Content-Type", "application/json"), bytes("{\"confirm\": \"provision signing\"}")).status());
        List<JsonObject> written = http.get("/agents/current/journal?limit=50").array().getValuesAs(JsonObject.class)
                .stream().takeWhile(e -> !e.getString("id").equals(newestBefore)).toList();
        List<String> types = written.stream().map(e -> e.getString("type")).toList();
        assertTrue(types.contains("SIGNER_SESSION"), types.toString());
        for (JsonObject e : written) {
            assertEquals("local", e.getString("actor"), e.toString());
        }
        written.stream().filter(e -> List.of("KILL", "SIGNER_SESSION").contains(e.getString("type")))
                .forEach(e -> assertEquals(own, e.getString("origin"), e.toString()));
    }

    @Test
    void entriesTheAgentWritesByItselfNameNoActor() {
        JsonObject serverStart = http.get("/agents/current/journal?type=SERVER_START&limit=1").array().getJsonObject(0);
        assertTrue(serverStart.isNull("actor"), serverStart.toString());
        assertTrue(serverStart.isNull("origin"), serverStart.toString());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** What a refused request must not change. */
    record Observed(String status, String signerSession, String configVersion, String newestJournalEntry) {
    }

    Observed observe() {
        return new Observed(http.get("/agents/current").object().getString("status"),
                http.get("/agents/current/signer").object().getString("session"),
                http.get("/agents/current/config").object().getString("config_version_id"),
                newestJournalId());
    }

    String newestJournalId() {
        return http.get("/agents/current/journal?limit=1").array().getJsonObject(0).getString("id");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
