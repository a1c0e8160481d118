package xyz.halyrd.market;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A local HTTP server answering canned replies per path (the last one repeats) or, for a path given a handler,
 * what the handler makes of each request once the replies queued for it are used up; recording every request, and
 * a capture of one logger's records: what the tests of the HTTP market feeds stand on.
 */
final class FakeApi implements AutoCloseable {

    /** One canned answer; {@code hang} holds it back until the test ends. */
    record Reply(int status, String body, Map<String, String> headers, boolean hang) {
        static Reply of(int status, String body) {
            return new Reply(status, body, Map.of(), false);
        }

        static Reply hanging() {
            return new Reply(200, "{}", Map.of(), true);
        }
    }

    record Request(String path, String query, Headers headers) {
        /** The value of a query parameter. */
        String param(String name) {
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    private final Map<String, Function<Request, Reply>> handlers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger log;
    private final Level previousLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    FakeApi(Class<?> loggingClass) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
        log = Logger.getLogger(loggingClass.getName());
        previousLevel = log.getLevel();
        log.setLevel(Level.ALL);
        log.addHandler(capture);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What {@code path} answers from now on, in order; the last answer repeats. */
    void replies(String path, Reply... answers) {
        replies.put(path, new ConcurrentLinkedDeque<>(List.of(answers)));
    }

    /** How {@code path} answers from now on: replies queued for it first, each once, then the handler. */
    void handle(String path, Function<Request, Reply> handler) {
        handlers.put(path, handler);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Every logged message, formatted as a handler would. */
    List<String> messages() {
        return logged.stream().map(LogRecord::getMessage).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Request request = new Request(path, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders());
        requests.add(request);
        Deque<Reply> queue = replies.get(path);
        Function<Request, Reply> handler = handlers.get(path);
        Reply reply;
        if (handler != null) {
            reply = queue == null ? null : queue.poll();
            reply = reply == null ? handler.apply(request) : reply;
        } else {
            reply = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        if (reply == null) {
            reply = Reply.of(404, "{}");
        }
        try {
            if (reply.hang()) {
                release.await(10, TimeUnit.SECONDS);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException | IOException clientGone) {
            // the feed gave up on this one
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
        log.removeHandler(capture);
        log.setLevel(previousLevel);
    }
}
