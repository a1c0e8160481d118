package xyz.halyrd;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the integration tests: one request, the whole answer. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    public Answer send(String method, String path, String contentType, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** A request with headers of the caller's choosing ({@code Origin}, {@code Authorization}, …). */
    public Answer request(String method, String path, java.util.Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder);
    }

    /**
     * One request written by hand on a fresh connection, for what {@link HttpClient} will not send (its own
     * {@code Host} header): {@code head} is the request line and headers without the blank line; the answer's status
     * and body.
     */
    public RawAnswer raw(String head) {
        return raw(head, new byte[0]);
    }

    /** As {@link #raw(String)}, with {@code body} written as it is after the blank line (framed by the caller). */
    public RawAnswer raw(String head, byte[] requestBody) {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(requestBody);
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder answerHead = new StringBuilder();
            while (answerHead.length() < 4 || !answerHead.substring(answerHead.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                answerHead.append((char) b);
            }
            String headers = answerHead.toString().strip();
            int status = Integer.parseInt(headers.substring(9, 12));
            String length = headers.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                    .map(l -> l.substring(15).strip()).findFirst().orElse(null);
            byte[] bytes = status == 101 ? new byte[0]
                    : length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
            String body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            return new RawAnswer(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hand-written request's answer: status, the header block as text, the body. */
    public record RawAnswer(int status, String headers, String body) {
        public JsonObject object() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError("Not a JSON object (status " + status + "): " + headers + "\n\n" + body, e);
            }
        }
    }

    public Answer postJson(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    private URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response, with its body read as JSON on demand. */
    public record Answer(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonObject object() {
            return (JsonObject) json();
        }

        public JsonArray array() {
            return (JsonArray) json();
        }

        private JsonStructure json() {
            try (var reader = Json.createReader(new StringReader(body()))) {
                return reader.read();
            } catch (RuntimeException e) {
                throw new AssertionError("Not JSON (status " + status() + "): " + body(), e);
            }
        }

        /**
         * Asserts the API's error shape — this status, JSON, exactly {@code error} and {@code message}, this code —
         * and returns the message.
         */
        public String assertError(int status, String code) {
            if (status() != status || header("Content-Type") == null
                    || !header("Content-Type").startsWith("application/json")) {
                throw new AssertionError("expected " + status + " " + code + " as JSON, got " + this);
            }
            JsonObject body = object();
            if (!List.of("error", "message").equals(new ArrayList<>(body.keySet()))
                    || !code.equals(body.getString("error")) || body.getString("message").isBlank()) {
                throw new AssertionError("expected {\"error\": \"" + code + "\", \"message\": …}, got " + body());
            }
            return body.getString("message");
        }

        @Override
        public String toString() {
            return status() + " " + body();
        }
    }
}
