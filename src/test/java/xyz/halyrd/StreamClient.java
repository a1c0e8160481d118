package xyz.halyrd;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client of the agent stream that keeps every message and how the connection ended. */
public final class StreamClient implements WebSocket.Listener, AutoCloseable {

    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    public static StreamClient connect(URI base, String agentId) throws Exception {
        StreamClient client = new StreamClient();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("ws/agents/" + agentId);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client)
                .get(20, TimeUnit.SECONDS);
        return client;
    }

    /** The next message that satisfies {@code wanted}, skipping others; fails after {@code timeout}. */
    public JsonObject await(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject next = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                throw new AssertionError("No matching stream message within " + timeout);
            }
            if (wanted.test(next)) {
                return next;
            }
        }
    }

    /** The messages received and not yet awaited, taken out. */
    public List<JsonObject> drained() {
        List<JsonObject> rest = new java.util.ArrayList<>();
        messages.drainTo(rest);
        return rest;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public Closed awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                messages.add(reader.readObject());
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
