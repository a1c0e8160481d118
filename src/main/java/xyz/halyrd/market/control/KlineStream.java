package xyz.halyrd.market.control;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One connection to Binance's combined market stream ({@code <stream-url>/stream?streams=ethusdt@kline_5m/…}) for
 * the streams wanted, handing every text message to a consumer. After a close, an error or a failed connect it
 * connects again, waiting a backoff that doubles from the timing's first reconnect up to its longest and starts over
 * once a message arrives; a connection silent for longer than the timing's silence (no message, no ping) is dropped
 * and made again; a change in the streams wanted reconnects with the new set. Each (re)connection runs
 * {@code opened} before it takes its first message, so that what was missed meanwhile is fetched first.
 *
 * <p>Thread-safe: its state is guarded by this; connecting and waiting run on the scheduler, and so do
 * {@code opened} and the messages (the HTTP client's threads are the scheduler's), one at a time per connection.
 */
final class KlineStream {

    private static final Logger LOG = Logger.getLogger(KlineStream.class.getName());

    private final URI streamUrl;
    private final ScheduledExecutorService scheduler;
    private final Duration connectTimeout;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration silence;
    private final Consumer<String> messages;
    private final Runnable opened;
    private final HttpClient http;
    private final JsonHttp.Health health = new JsonHttp.Health(LOG, "Binance kline stream");

    // guarded by this
    private Set<String> wanted = Set.of();
    private Set<String> connected = Set.of();
    /** Counts connection attempts: callbacks of an attempt that is no longer the current one are ignored. */
    private long attempt;
    private WebSocket socket;
    private ScheduledFuture<?> pending;
    private Duration backoff;
    private boolean closed;
    /** When the open connection last brought anything ({@link System#nanoTime()}). */
    private long lastHeard;
    private ScheduledFuture<?> watchdog;

    /**
     * @param messages receives each whole text message, on a thread of the scheduler
     * @param opened   runs each time a connection opens, before its first message is taken
     */
    KlineStream(URI streamUrl, ScheduledExecutorService scheduler, Duration connectTimeout,
            BinanceKlines.StreamTiming timing, Consumer<String> messages, Runnable opened) {
        this.streamUrl = streamUrl;
        this.scheduler = scheduler;
        this.connectTimeout = connectTimeout;
        this.firstBackoff = timing.firstReconnect();
        this.maxBackoff = timing.maxReconnect();
        this.silence = timing.silence();
        this.messages = messages;
        this.opened = opened;
        this.backoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(scheduler).build();
    }

    /** The stream name of a symbol's klines at an interval: {@code ethusdt@kline_5m}. */
    static String klines(String symbol, String interval) {
        return symbol.toLowerCase(Locale.ROOT) + "@kline_" + interval;
    }

    /** Adds a stream to those wanted; the connection is (re)made with all of them at once, without waiting. */
    synchronized void want(String stream) {
        if (closed || wanted.contains(stream)) {
            return;
        }
        Set<String> more = new TreeSet<>(wanted);
        more.add(stream);
        wanted = Set.copyOf(more);
        schedule(Duration.ZERO);
    }

    /** Whether a connection carrying every stream wanted is open. */
    synchronized boolean open() {
        return socket != null && connected.equals(wanted);
    }

    /** Closes the connection for good; nothing reconnects after this. */
    synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.cancel(false);
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    /** Connects after {@code delay}, unless a connect is already due sooner. */
    private void schedule(Duration delay) {
        if (pending != null && !pending.isDone()) {
            if (pending.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void connect() {
        if (closed || wanted.isEmpty() || socket != null && connected.equals(wanted)) {
            return;
        }
        if (socket != null) {
            socket.abort(); // its streams are not all those wanted now
            socket = null;
        }
        long current = ++attempt;
        Set<String> streams = wanted;
        URI uri = URI.create(streamUrl + "/stream?streams=" + String.join("/", streams));
        http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(uri, new Listener(current))
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        lost(current, "cannot connect: " + JsonHttp.describe(failure.getCause() == null ? failure
                                : failure.getCause()));
                    } else {
                        connected(current, ws, streams);
                    }
                });
    }

    private synchronized void connected(long current, WebSocket ws, Set<String> streams) {
        if (closed || current != attempt) {
            ws.abort();
            return;
        }
        socket = ws;
        connected = streams;
        lastHeard = System.nanoTime();
        if (watchdog == null) {
            long every = Math.max(10, silence.toMillis() / 4);
            watchdog = scheduler.scheduleWithFixedDelay(this::dropIfSilent, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A connection that brought nothing for longer than the silence allows is dropped and made again. */
    private synchronized void dropIfSilent() {
        if (closed || socket == null || System.nanoTime() - lastHeard <= silence.toNanos()) {
            return;
        }
        WebSocket silent = socket;
        lost(attempt, "silent for more than " + silence.toMillis() + " ms");
        attempt++; // what the dropped connection still reports is ignored
        silent.abort();
    }

    private synchronized void lost(long current, String why) {
        if (closed || current != attempt) {
            return;
        }
        socket = null;
        connected = Set.of();
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
        health.failed(why, "; reconnecting in " + wait.toMillis() + " ms");
        schedule(wait);
    }

    private synchronized void heard(long current) {
        if (current == attempt) {
            lastHeard = System.nanoTime();
            backoff = firstBackoff;
            health.answered("streaming " + String.join(", ", connected));
        }
    }

    /** One connection's callbacks; text arrives in parts, and the next message is asked for once one is handled. */
    private final class Listener implements WebSocket.Listener {
        private final long current;
        private final StringBuilder text = new StringBuilder();

        Listener(long current) {
            this.current = current;
        }

        @Override
        public void onOpen(WebSocket ws) {
            try {
                opened.run();
            } catch (RuntimeException e) { // what could not be fetched now is fetched when it is read
                LOG.warning(() -> "Catching up after connecting failed: " + JsonHttp.describe(e));
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence part, boolean last) {
            text.append(part);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                heard(current);
                try {
                    messages.accept(message);
                } catch (RuntimeException e) { // one bad message must not end the stream
                    LOG.warning(() -> "A kline message could not be handled: " + JsonHttp.describe(e));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            heard(current); // the pong goes back by itself
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            lost(current, "closed by the server (" + status + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(current, JsonHttp.describe(error));
        }
    }

}
