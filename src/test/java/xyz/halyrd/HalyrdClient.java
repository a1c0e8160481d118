package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every black-box test of a deployed Halyrd shares, whichever deployment its subclass makes: the WAR the build
 * produced with the test-only probe, a client for its address, and the few helpers every such test needs.
 */
@ExtendWith(ArquillianExtension.class)
abstract class HalyrdClient {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** The WAR the build produced, plus the test-only probe and its scripted market and forwardable clock. */
    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("halyrd.war")))
                .addClasses(TestProbe.class, TestProbe.Append.class, ScriptedMarket.class, ScriptedMarket.Script.class,
                        ProbeClock.class, ProbeClock.Forwardable.class);
    }

    @ArquillianResource
    URL base;

    Http http;

    @BeforeEach
    void client() throws Exception {
        // Payara Micro reports the machine's host name; Halyrd answers only to its own names (127.0.0.1, localhost),
        // as a user's browser and scripts reach it.
        base = new URL("http", "127.0.0.1", base.getPort(), base.getPath());
        http = new Http(base.toURI());
    }

    int subscriberCount() {
        return http.get("/test-probe/subscribers").object().getInt("count");
    }

    void awaitSubscribers(int count) {
        await().atMost(WAIT).until(() -> subscriberCount() >= count);
    }

    /** {@code PATCH /agents/current/config} with a JSON body. */
    Http.Answer patchConfig(String body) {
        return http.send("PATCH", "/agents/current/config", "application/json", body);
    }

    /** {@code GET /agents/current/config}, which must answer 200. */
    JsonObject currentConfig() {
        Http.Answer answer = http.get("/agents/current/config");
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    /** {@code GET /agents/current/config/versions}, newest first, which must answer 200. */
    JsonArray configVersions() {
        Http.Answer answer = http.get("/agents/current/config/versions");
        assertEquals(200, answer.status(), answer.body());
        return answer.array();
    }

    static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** A WebSocket client that completes the handshake, then never reads again, with a tiny receive buffer. */
    Socket neverReadingClient() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + base.getPath().replaceAll("/$", "") + "/ws/agents/seed HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("handshake cut off: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return socket;
    }

    /** How the stream ended for a client that never read: whether it was pinged first, and the close code. */
    record Ended(boolean pinged, int code) {
    }

    /**
     * Reads, at last, what the stream sent a {@linkplain #neverReadingClient never-reading client} up to its close
     * frame: pings, perhaps messages, then the close the server sent it.
     */
    Ended readToClose(Socket stuck) throws Exception {
        stuck.setSoTimeout((int) WAIT.toMillis());
        java.io.DataInputStream in = new java.io.DataInputStream(stuck.getInputStream());
        boolean pinged = false;
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0f;
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            pinged |= opcode == 0x9;
            if (opcode == 0x8) {
                assertTrue(payload.length >= 2, "a close frame without a code");
                return new Ended(pinged, ((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
            }
        }
    }

    /** One pass of the trading cycle, as the timer would run it. */
    void runCycle() {
        assertEquals(204, http.send("POST", "/test-probe/cycle", null, null).status());
    }

    /** Scripts one token of the deployment's market. */
    void script(String token, JsonArrayBuilder closes, String mid, String quote, String impact) {
        Http.Answer answer = http.postJson("/test-probe/market/script", Json.createObjectBuilder()
                .add("token", token).add("closes", closes).add("mid", new BigDecimal(mid))
                .add("quote_price", new BigDecimal(quote)).add("impact_pct", new BigDecimal(impact))
                .add("fear_greed", 30).add("funding_rate", 0.01).build().toString());
        assertEquals(204, answer.status(), answer.body());
    }

    /**
     * Sells every paper position the tests before left open: each held token scripted back above its average, the
     * watchlist set to the held tokens for one pass, then the script cleared. The watchlist is left as those tokens:
     * the caller sets the one it needs. A live agent would sell on chain as well: callers are on paper first.
     */
    void sellPaperPositions() {
        List<JsonObject> held = http.get("/agents/current/positions").array().getValuesAs(JsonObject.class);
        if (held.isEmpty()) {
            return;
        }
        JsonArrayBuilder tokens = Json.createArrayBuilder();
        for (JsonObject position : held) {
            String token = position.getString("pair").replace("/USDT", "");
            tokens.add(token);
            script(token, rising(), "110", "110", "0.1");
        }
        assertEquals(200, http.send("PUT", "/agents/current/watchlist", "application/json",
                Json.createObjectBuilder().add("tokens", tokens).build().toString()).status());
        runCycle();
        assertTrue(http.get("/agents/current/positions").array().isEmpty(), "exits are never refused");
        http.send("DELETE", "/test-probe/market/script", null, null);
    }

    /** The paper account's cash while nothing is held: the starting 1000 USDT plus every realised paper pnl. */
    BigDecimal paperCashWhenFlat() {
        BigDecimal cash = new BigDecimal("1000");
        for (JsonObject trade : http.get("/agents/current/trades?phase=paper").array().getValuesAs(JsonObject.class)) {
            cash = cash.add(trade.getJsonNumber("pnl").bigDecimalValue());
        }
        return cash;
    }

    /**
     * Moves the deployment's clock to a minute past the next UTC midnight, as the deployment counts time (earlier
     * tests may have moved it already): a new UTC day, so the signer's daily ledger and the daily drawdown figures
     * start afresh. Answers the deployment's time afterwards.
     */
    Instant nextUtcDay() {
        Instant now = Instant.parse(http.get("/test-probe/clock").object().getString("now"));
        Instant next = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().plusSeconds(60);
        Http.Answer moved = http.postJson("/test-probe/clock", "{\"to\": \"" + next + "\"}");
        assertEquals(200, moved.status(), moved.body());
        Instant after = Instant.parse(moved.object().getString("now"));
        assertEquals(LocalDate.ofInstant(next, ZoneOffset.UTC), LocalDate.ofInstant(after, ZoneOffset.UTC));
        return after;
    }

    /** 60 hours at 110, then 14 hours falling to 100: oversold, well below the 48 h SMA. */
    static JsonArrayBuilder falling() {
        JsonArrayBuilder closes = Json.createArrayBuilder();
        for (int i = 0; i < 60; i++) {
            closes.add(110);
        }
        for (int i = 1; i <= 14; i++) {
            closes.add(new BigDecimal(110).subtract(BigDecimal.valueOf(10L * i).divide(BigDecimal.valueOf(14), 6,
                    java.math.RoundingMode.HALF_UP)));
        }
        return closes;
    }

    /** 60 hours at 100, then 14 hours rising to 114: back above the average. */
    static JsonArrayBuilder rising() {
        JsonArrayBuilder closes = Json.createArrayBuilder();
        for (int i = 0; i < 60; i++) {
            closes.add(100);
        }
        for (int i = 1; i <= 14; i++) {
            closes.add(100 + i);
        }
        return closes;
    }
}
