package xyz.halyrd.market;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import xyz.halyrd.market.FakeApi.Reply;

/**
 * A local Binance spot market for the klines adapter's tests: ETHUSDT's bars at one interval (bar {@code i} opens at
 * {@code t0} + i bars; its prices and volumes are functions of {@code i}), served by {@code GET /api/v3/klines}
 * as Binance serves them — 12-field arrays, prices as strings, the bar still open included, at most {@code limit}
 * from {@code startTime} to {@code endTime} — and the combined stream {@code /stream?streams=…} over a WebSocket,
 * whose messages the test pushes. It reads the test's clock for the bar still open.
 */
final class FakeBinance implements AutoCloseable {

    static final String KLINES = "/api/v3/klines";

    final FakeApi rest;
    private final Clock clock;
    private final Instant t0;
    private final Duration bar;
    private final String interval;
    private final Stream stream = new Stream();

    /** A market whose first bar opens at {@code t0}, one every {@code bar} (Binance's {@code interval}). */
    FakeBinance(Clock clock, Instant t0, Duration bar, String interval, Class<?> loggingClass)
            throws IOException, InterruptedException {
        this.clock = clock;
        this.t0 = t0;
        this.bar = bar;
        this.interval = interval;
        this.rest = new FakeApi(loggingClass);
        rest.handle(KLINES, this::klines);
        stream.start();
        if (!stream.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the kline stream server did not start");
        }
    }

    URI restUrl() {
        return rest.baseUrl();
    }

    URI streamUrl() {
        return URI.create("ws://127.0.0.1:" + stream.getPort());
    }

    Instant open(long index) {
        return t0.plus(bar.multipliedBy(index));
    }

    static BigDecimal close(long bar) {
        return new BigDecimal(2000 + bar).add(new BigDecimal("0.50000000"));
    }

    /** The bar's USDT turnover: 10 ETH at about its price. */
    static BigDecimal quoteVolume(long bar) {
        return new BigDecimal(20_000 + 10 * bar).setScale(8);
    }

    /** The bar as one row of a klines answer. */
    private String row(long bar) {
        BigDecimal open = new BigDecimal(2000 + bar).setScale(8);
        return "[%d,\"%s\",\"%s\",\"%s\",\"%s\",\"10.00000000\",%d,\"%s\",120,\"5.00000000\",\"10000.00000000\",\"0\"]"
                .formatted(open(bar).toEpochMilli(), open, close(bar).add(BigDecimal.ONE),
                        open.subtract(BigDecimal.ONE), close(bar), open(bar + 1).toEpochMilli() - 1,
                        quoteVolume(bar));
    }

    /** A message of the combined stream: the bar's kline as of {@code at}, closing (so far) at {@code close}. */
    String event(long bar, BigDecimal close, boolean closed, Instant at) {
        BigDecimal open = new BigDecimal(2000 + bar).setScale(8);
        return """
                {"stream":"ethusdt@kline_%s","data":{"e":"kline","E":%d,"s":"ETHUSDT","k":{"t":%d,"T":%d,\
                "s":"ETHUSDT","i":"%s","f":100,"L":200,"o":"%s","c":"%s","h":"%s","l":"%s","v":"10.00000000",\
                "n":100,"x":%s,"q":"%s","V":"5.00000000","Q":"10000.00000000","B":"0"}}}"""
                .formatted(interval, at.toEpochMilli(), open(bar).toEpochMilli(), open(bar + 1).toEpochMilli() - 1,
                        interval, open,
                        close, open.max(close).add(BigDecimal.ONE), open.min(close).subtract(BigDecimal.ONE), closed,
                        quoteVolume(bar));
    }

    /** The closed bar as the stream announces it, at its close. */
    String closedEvent(long bar) {
        return event(bar, close(bar), true, open(bar + 1));
    }

    private Reply klines(FakeApi.Request request) {
        if (!"ETHUSDT".equals(request.param("symbol")) || !interval.equals(request.param("interval"))) {
            return Reply.of(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        }
        long start = Long.parseLong(request.param("startTime"));
        long end = request.param("endTime") == null ? Long.MAX_VALUE : Long.parseLong(request.param("endTime"));
        int limit = Integer.parseInt(request.param("limit"));
        long first = Math.max(0, Math.floorDiv(start - t0.toEpochMilli() + bar.toMillis() - 1, bar.toMillis()));
        long openNow = Math.floorDiv(Duration.between(t0, clock.instant()).toMillis(), bar.toMillis());
        StringBuilder body = new StringBuilder("[");
        for (long i = first; i <= openNow && open(i).toEpochMilli() <= end && i < first + limit; i++) {
            body.append(i == first ? "" : ",").append(row(i));
        }
        return Reply.of(200, body.append(']').toString());
    }

    /** Sends a message on every open connection (a client replacing its connection may briefly have two). */
    void push(String message) {
        stream.broadcast(message);
    }

    /** Cuts every connection without a close frame, as a network failure does. */
    void drop() {
        stream.getConnections().forEach(connection -> connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped"));
    }

    /** Refuses the next {@code count} connection attempts during the handshake. */
    void refuseNext(int count) {
        stream.refuse.set(count);
    }

    /** Each connection attempt's path and query, refused ones too. */
    List<String> attempts() {
        return List.copyOf(stream.attempts);
    }

    /** Whether a client is connected. */
    boolean connected() {
        return stream.getConnections().stream().anyMatch(WebSocket::isOpen);
    }

    @Override
    public void close() throws InterruptedException {
        stream.stop(1000);
        rest.close();
    }

    private static final class Stream extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        final List<String> attempts = new CopyOnWriteArrayList<>();
        final AtomicInteger refuse = new AtomicInteger();

        Stream() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                ClientHandshake request) throws InvalidDataException {
            attempts.add(request.getResourceDescriptor());
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "refused");
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            // the test pushes what the connection receives
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            // the client reconnects on its own
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            // Binance's stream expects nothing from a client that only listens
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // a dropped or refused connection
        }
    }
}
