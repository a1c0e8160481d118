package xyz.halyrd;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in JSON-RPC node on a free loopback port for unit tests: it answers {@code eth_chainId} with the chain id
 * set (1337 unless told otherwise) and every other method with an error, and counts the chain-id questions.
 */
public final class StandInNode implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final AtomicReference<String> chainIdHex = new AtomicReference<>("0x539"); // 1337
    private final AtomicInteger chainIdQuestions = new AtomicInteger();

    private StandInNode(HttpServer server) {
        this.server = server;
    }

    /** Starts a node on a free port. */
    public static StandInNode start() throws IOException {
        StandInNode node = new StandInNode(HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        node.server.createContext("/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher id = ID.matcher(request);
            String requestId = id.find() ? id.group(1) : "1";
            String body;
            if (request.contains("eth_chainId")) {
                node.chainIdQuestions.incrementAndGet();
                body = "{\"jsonrpc\":\"2.0\",\"id\":" + requestId + ",\"result\":\"" + node.chainIdHex.get() + "\"}";
            } else {
                body = "{\"jsonrpc\":\"2.0\",\"id\":" + requestId
                        + ",\"error\":{\"code\":-32601,\"message\":\"no\"}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        node.server.start();
        return node;
    }

    /** The node's JSON-RPC URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the node says it is on chain {@code chainId}. */
    public void onChain(long chainId) {
        chainIdHex.set("0x" + Long.toHexString(chainId));
    }

    /** How many times the node was asked its chain id. */
    public int chainIdQuestions() {
        return chainIdQuestions.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
