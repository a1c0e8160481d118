import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The socket fan-out client of the load harness (issue 17), run by {@code fanout.sh} as a single-file program
 * ({@code java FanOut.java …}, the JDK alone). Opens READERS sockets that read everything and STALLED sockets that
 * complete the handshake and never read again, PATCHes the evaluation config (each PATCH journals one
 * CONFIG_CHANGE entry naming the new version) at RATE a second (0: one after the other, as fast as they are answered)
 * for SECONDS, then checks and measures:
 * <ul>
 * <li>lost deliveries: every journal entry that committed after every reader's handshake (newer in the journal than
 * its newest entry read over REST once all readers were open) must have reached every reader that was not closed,
 * within 60 s of the last PATCH (the wait is printed: settled_after_s), and so must the trade event of every such
 * entry that was a trade;</li>
 * <li>latency of each PATCH's journal_entry: its receipt minus the PATCH's response (commit lies between the request
 * and the response; the event may overtake the response, which counts as 0) and minus its request;</li>
 * <li>spread: a reader's receipt of any journal_entry or trade minus the first reader's receipt of it;</li>
 * <li>the stalled sockets the server closed: each is read at the end, and counts as closed if a close frame or the
 * end of the stream comes within 20 s (a socket the server still serves never ends).</li>
 * </ul>
 * Prints {@code key=value} lines.
 */
public class FanOut {

    static final Pattern EVENT = Pattern.compile("\"event\":\"([a-z_]+)\"");
    static final Pattern ENTRY_ID = Pattern.compile("\"id\":\"(jrn_[^\"]+)\"");
    static final Pattern JOURNAL_REF = Pattern.compile("\"journal_ref\":\"(jrn_[^\"]+)\"");
    static final Pattern VERSION = Pattern.compile("(?:→|\\\\u2192) (cfv_[A-Za-z0-9_-]+)\\)");
    static final Pattern CFV = Pattern.compile("\"id\":\"(cfv_[^\"]+)\"");

    /** A reading socket: every text message with the moment it was complete. */
    static final class Reader implements WebSocket.Listener {
        final List<Long> at = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private StringBuilder partial;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (last && partial == null) {
                long now = System.nanoTime();
                synchronized (this) {
                    at.add(now);
                    texts.add(data.toString());
                }
            } else {
                if (partial == null) {
                    partial = new StringBuilder();
                }
                partial.append(data);
                if (last) {
                    long now = System.nanoTime();
                    synchronized (this) {
                        at.add(now);
                        texts.add(partial.toString());
                    }
                    partial = null;
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            if (closed.complete(-1)) {
                System.err.println("a reader failed: " + error);
            }
        }
    }

    record Patch(long sent, long answered, String version) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI base = URI.create(args[0].replaceAll("/$", "") + "/");
        int readers = Integer.parseInt(opt.getOrDefault("readers", "100"));
        int stalled = Integer.parseInt(opt.getOrDefault("stalled", "0"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "10"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "30"));
        Map<String, Object> out = new LinkedHashMap<>();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpClient wsClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        URI stream = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("ws/agents/current");

        List<Reader> listeners = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int from = 0; from < readers; from += 50) { // in batches, so the handshakes do not time out
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(readers, from + 50); i++) {
                Reader reader = new Reader();
                listeners.add(reader);
                batch.add(wsClient.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                        .buildAsync(stream, reader).toCompletableFuture());
            }
            for (CompletableFuture<WebSocket> f : batch) {
                sockets.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        List<Socket> stuck = new ArrayList<>();
        for (int i = 0; i < stalled; i++) {
            stuck.add(neverReading(base));
        }
        // Every handshake is done: whatever is newer in the journal than this committed after all of them.
        String marker = firstMatch(ENTRY_ID, get(http, base.resolve("agents/current/journal?limit=1")));

        List<Patch> patches = new ArrayList<>();
        out.put("load_from_ms", System.currentTimeMillis());
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        String floor = get(http, base.resolve("agents/current/config"))
                .replaceAll("(?s).*\"trade_floor\":(\\d+).*", "$1");
        int next = Integer.parseInt(floor);
        for (long i = 0; ; i++) {
            long due = rate > 0 ? start + (long) (i * 1e9 / rate) : System.nanoTime();
            if (due >= end || System.nanoTime() >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next = next == 10 ? 11 : 10;
            long sent = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("agents/current/config"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"evaluation_config\":{\"trade_floor\":"
                            + next + "}}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("PATCH answered " + answer.statusCode() + ": " + answer.body());
            }
            patches.add(new Patch(sent, answered, firstMatch(CFV, answer.body())));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.put("load_to_ms", System.currentTimeMillis());
        out.put("readers", readers);
        out.put("stalled", stalled);
        out.put("patches", patches.size());
        out.put("patches_per_s", String.format("%.1f", patches.size() / elapsed));

        // The journal since the marker, over REST; then up to 60 s for the readers to receive all of it.
        List<String> expected = journalSince(http, base, marker);
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < settle && !allReceived(listeners, expected)) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        out.put("settled_after_s", String.format("%.1f", (System.nanoTime() - start) / 1e9 - elapsed));

        Map<String, Long> patchAnswered = new HashMap<>();
        Map<String, Long> patchSent = new HashMap<>();
        for (Patch p : patches) {
            patchAnswered.put(p.version(), p.answered());
            patchSent.put(p.version(), p.sent());
        }
        Map<String, Long> firstSeen = new HashMap<>(); // journal id or "trade:"+journal_ref → first receipt
        List<Map<String, Long>> seen = new ArrayList<>();
        List<Long> fromAnswer = new ArrayList<>();
        List<Long> fromSent = new ArrayList<>();
        int closedReaders = 0;
        long messages = 0;
        for (Reader r : listeners) {
            if (r.closed.isDone()) {
                closedReaders++;
            }
            Map<String, Long> mine = new HashMap<>();
            synchronized (r) {
                for (int i = 0; i < r.texts.size(); i++) {
                    String text = r.texts.get(i);
                    long at = r.at.get(i);
                    messages++;
                    String event = firstMatch(EVENT, text);
                    String key = null;
                    if ("journal_entry".equals(event)) {
                        key = firstMatch(ENTRY_ID, text);
                        String version = firstMatch(VERSION, text);
                        if (version != null && patchAnswered.containsKey(version)) {
                            fromAnswer.add(Math.max(0, at - patchAnswered.get(version)));
                            fromSent.add(at - patchSent.get(version));
                        }
                    } else if ("trade".equals(event)) {
                        key = "trade:" + firstMatch(JOURNAL_REF, text);
                    }
                    if (key != null) {
                        mine.put(key, at);
                        firstSeen.merge(key, at, Math::min);
                    }
                }
            }
            seen.add(mine);
        }
        // A trade counts when its journal entry committed after every handshake (a trade of the minutes the sockets
        // were opening reached the sockets open by then, and no other).
        Set<String> committedAfterHandshakes = new HashSet<>(expected);
        Set<String> trades = new HashSet<>();
        firstSeen.keySet().stream().filter(k -> k.startsWith("trade:"))
                .filter(k -> committedAfterHandshakes.contains(k.substring("trade:".length()))).forEach(trades::add);
        long lost = 0;
        int lostSockets = 0;
        List<Long> spread = new ArrayList<>();
        List<Long> tradeSpread = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            Map<String, Long> mine = seen.get(i);
            boolean closed = listeners.get(i).closed.isDone();
            long missing = 0;
            for (String id : expected) {
                if (!mine.containsKey(id)) {
                    missing++;
                }
            }
            for (String trade : trades) {
                if (!mine.containsKey(trade)) {
                    missing++;
                }
            }
            if (!closed) {
                lost += missing;
                lostSockets += missing > 0 ? 1 : 0;
            }
            for (Map.Entry<String, Long> e : mine.entrySet()) {
                long d = e.getValue() - firstSeen.get(e.getKey());
                (e.getKey().startsWith("trade:") ? tradeSpread : spread).add(d);
            }
        }
        out.put("messages_received", messages);
        out.put("journal_entries_checked", expected.size());
        out.put("trades_seen", trades.size());
        out.put("deliveries_expected", (long) (expected.size() + trades.size()) * (readers - closedReaders));
        out.put("lost", lost);
        out.put("lost_sockets", lostSockets);
        out.put("readers_closed", closedReaders);
        out.put("readers_close_codes", listeners.stream().filter(r -> r.closed.isDone()).map(r -> r.closed.join())
                .sorted().toList()); // -1: the client's own error
        percentiles(out, "patch_entry_ms_from_answer", fromAnswer);
        percentiles(out, "patch_entry_ms_from_request", fromSent);
        percentiles(out, "entry_spread_ms", spread);
        percentiles(out, "trade_spread_ms", tradeSpread);

        if (stalled > 0) {
            int closedByServer = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<Integer> codes = new ArrayList<>();
            for (Socket s : stuck) {
                int code = closeCode(s, deadline);
                if (code != 0) {
                    closedByServer++;
                    codes.add(code);
                }
            }
            out.put("stalled_closed_by_server", closedByServer);
            out.put("stalled_close_codes", codes.stream().distinct().sorted().toList());
        }
        for (WebSocket s : sockets) {
            s.abort();
        }
        for (Socket s : stuck) {
            s.close();
        }
        out.forEach((k, v) -> System.out.println(k + "=" + v));
        System.exit(0);
    }

    /** The ids of the journal's entries newer than {@code marker}, newest first. */
    static List<String> journalSince(HttpClient http, URI base, String marker) throws IOException, InterruptedException {
        List<String> expected = new ArrayList<>();
        String before = null;
        while (true) {
            String page = get(http, base.resolve("agents/current/journal?limit=500" + (before == null ? "" : "&before=" + before)));
            Matcher m = ENTRY_ID.matcher(page);
            int n = 0;
            while (m.find()) {
                n++;
                if (m.group(1).equals(marker)) {
                    return expected;
                }
                expected.add(m.group(1));
                before = m.group(1);
            }
            if (n == 0) {
                throw new IllegalStateException("the marker " + marker + " is not in the journal");
            }
        }
    }

    /** Whether every reader still open has received every one of {@code ids}. */
    static boolean allReceived(List<Reader> readers, List<String> ids) {
        for (Reader r : readers) {
            if (r.closed.isDone()) {
                continue;
            }
            Set<String> got = new HashSet<>();
            synchronized (r) {
                for (String text : r.texts) {
                    int at = text.indexOf("\"id\":\"jrn_");
                    if (at >= 0) {
                        got.add(text.substring(at + 6, text.indexOf('"', at + 6)));
                    }
                }
            }
            if (!got.containsAll(ids)) {
                return false;
            }
        }
        return true;
    }

    static void percentiles(Map<String, Object> out, String name, List<Long> nanos) {
        if (nanos.isEmpty()) {
            out.put(name, "none");
            return;
        }
        long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        out.put(name, String.format("n %d p50 %.1f p99 %.1f max %.1f", v.length, v[(int) (v.length * 0.50)] / 1e6,
                v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)] / 1e6, v[v.length - 1] / 1e6));
    }

    static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    static String firstMatch(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /** Completes the handshake, then never reads again, with a tiny receive buffer. */
    static Socket neverReading(URI base) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws/agents/current HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("handshake cut off: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head);
        }
        return socket;
    }

    /** Reads a stalled socket's frames until a close frame (its code) or the end of the stream (1006); 0 if neither. */
    static int closeCode(Socket socket, long deadline) {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return 0;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int b0 = in.read();
                if (b0 < 0) {
                    return 1006;
                }
                int b1 = read(in);
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = (read(in) << 8) | read(in);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | read(in);
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                if ((b0 & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            return 1006; // reset by the server
        }
    }

    static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("cut off");
        }
        return b;
    }
}
