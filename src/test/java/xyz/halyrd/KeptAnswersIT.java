package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Answers kept until the next write (platform.KeptAnswers) are never older than what a client has been told: with
 * readers asking the same questions all the while (so that answers are kept between the writes), every write is read
 * at once after its response, and every journal entry at once after its event on the stream; the evaluation, which
 * also changes with time, counts its days on. Errors and a page's {@code Link} come back as they were.
 */
class KeptAnswersIT extends DeployedHalyrd {

    private static final List<String> READ = List.of("/agents/current/config/versions",
            "/agents/current/journal?type=CONFIG_CHANGE&limit=1", "/agents/current", "/agents");

    @Test
    void aWriteIsReadAtOnceAfterItsResponseWhileOthersKeepReading() throws Exception {
        int floor = currentConfig().getJsonObject("evaluation_config").getInt("trade_floor");
        try (Readers readers = new Readers()) {
            for (int i = 1; i <= 25; i++) {
                Http.Answer patched = patchConfig("{\"evaluation_config\": {\"trade_floor\": " + (floor + i) + "}}");
                assertEquals(200, patched.status(), patched.body());
                String created = patched.object().getString("id");

                assertEquals(created, configVersions().getJsonObject(0).getString("id"), "versions after PATCH " + i);
                JsonObject entry = http.get("/agents/current/journal?type=CONFIG_CHANGE&limit=1").array()
                        .getJsonObject(0);
                assertEquals(created, entry.getString("config_version_id"), "journal after PATCH " + i);
                assertEquals(floor + i, currentConfig().getJsonObject("evaluation_config").getInt("trade_floor"));
            }
            assertTrue(readers.answered() > 0, "the readers were answered");
        } finally {
            patchConfig("{\"evaluation_config\": {\"trade_floor\": " + floor + "}}"); // as the other tests found it
        }
    }

    @Test
    void aJournalEntryIsReadAtOnceAfterItsEventWhileOthersKeepReading() throws Exception {
        int floor = currentConfig().getJsonObject("evaluation_config").getInt("trade_floor");
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current"); Readers readers = new Readers()) {
            awaitSubscribers(1);
            for (int i = 1; i <= 25; i++) {
                assertEquals(200, patchConfig("{\"evaluation_config\": {\"trade_floor\": " + (floor + i) + "}}")
                        .status());
                JsonObject event = stream.await(m -> m.getString("event").equals("journal_entry")
                        && m.getString("type").equals("CONFIG_CHANGE"), WAIT);

                JsonObject newest = http.get("/agents/current/journal?type=CONFIG_CHANGE&limit=1").array()
                        .getJsonObject(0);
                assertEquals(event.getString("id"), newest.getString("id"), "after event " + i);
            }
            assertTrue(readers.answered() > 0, "the readers were answered");
        } finally {
            patchConfig("{\"evaluation_config\": {\"trade_floor\": " + floor + "}}");
        }
    }

    @Test
    void theEvaluationCountsTheWindowsDaysOnWithoutAWrite() {
        JsonObject before = http.get("/agents/current/evaluation").object();
        assertEquals(before, http.get("/agents/current/evaluation").object()); // kept: nothing written, same day
        nextUtcDay(); // the clock alone moves: no row changes
        nextUtcDay();
        JsonObject after = http.get("/agents/current/evaluation").object();
        assertTrue(after.getInt("window_days_elapsed") >= before.getInt("window_days_elapsed") + 1,
                before + " → " + after);
    }

    @Test
    void aKeptPageKeepsItsLinkAndErrorsAreAnsweredAfresh() {
        Http.Answer first = http.get("/agents/current/journal?limit=1");
        Http.Answer again = http.get("/agents/current/journal?limit=1");
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        assertNotNull(first.header("Link"));
        assertEquals(first.header("Link"), again.header("Link"));
        assertEquals("application/json", again.header("Content-Type"));

        for (int i = 0; i < 2; i++) {
            http.get("/agents/nobody").assertError(404, "AGENT_NOT_FOUND");
            http.get("/agents/current/journal?limit=0").assertError(400, "VALIDATION_FAILED");
        }
        // the question a kept answer was kept for, asked for another media type: still not acceptable
        assertEquals(406, http.request("GET", "/agents/current", Map.of("Accept", "text/plain"), null).status());
        assertEquals(200, http.get("/agents/current").status());
    }

    @Test
    void aKeptAnswerComesBackWithTheSameHeadersAndOnlyToWhomMayReadIt() {
        for (String path : READ) {
            Http.Answer first = http.get(path);
            Http.Answer again = http.get(path); // kept by now: nothing was written in between, or soon after
            assertEquals(200, again.status(), again.body());
            assertEquals(headers(first), headers(again), path);
            // asked as a browser asks, or naming JSON: the same answer, for the type it accepts
            for (String accept : List.of("application/json", "text/html,application/xhtml+xml,*/*;q=0.8")) {
                Http.Answer typed = http.request("GET", path, Map.of("Accept", accept), null);
                assertEquals(200, typed.status(), accept);
                assertEquals("application/json", typed.header("Content-Type"), accept);
            }
            // a HEAD is the GET's head, without a body
            Http.Answer head = http.request("HEAD", path, Map.of(), null);
            assertEquals(200, head.status(), path);
            assertEquals("", head.body(), path);

            // the access checks come first, however often the question was answered
            http.request("GET", path, Map.of("Origin", "https://evil.example"), null)
                    .assertError(403, "ORIGIN_REJECTED");
            Http.RawAnswer foreignHost = http.raw("GET " + path + " HTTP/1.1\r\nHost: evil.example:"
                    + base.getPort());
            assertEquals(403, foreignHost.status(), foreignHost.body());
            assertEquals("HOST_REJECTED", foreignHost.object().getString("error"));
        }
    }

    /**
     * An answer's headers but those that differ from one answer to the next by themselves: the date, and the framing
     * (a long fresh answer is sent in chunks, a kept one with its length); a length sent must be the body's.
     */
    private static Map<String, List<String>> headers(Http.Answer answer) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(answer.response().headers().map());
        headers.remove("date");
        List<String> length = headers.remove("content-length");
        if (length != null) {
            int bytes = answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertEquals(List.of(Integer.toString(bytes)), length, answer.response().uri().toString());
        }
        headers.remove("transfer-encoding");
        return headers;
    }

    /** Three threads asking {@link #READ} over and over until closed; each answer must be a 200. */
    private final class Readers implements AutoCloseable {

        private final ExecutorService pool = Executors.newFixedThreadPool(3);
        private final AtomicBoolean reading = new AtomicBoolean(true);
        private final AtomicInteger answered = new AtomicInteger();
        private final List<Future<?>> running;

        Readers() {
            running = java.util.stream.IntStream.range(0, 3).<Future<?>>mapToObj(n -> pool.submit(() -> {
                for (int i = n; reading.get(); i++) {
                    Http.Answer answer = http.get(READ.get(i % READ.size()));
                    assertEquals(200, answer.status(), answer.body());
                    answered.incrementAndGet();
                }
                return null;
            })).toList();
        }

        int answered() {
            return answered.get();
        }

        @Override
        public void close() throws Exception {
            reading.set(false);
            for (Future<?> reader : running) {
                reader.get(30, TimeUnit.SECONDS); // a reader's failure fails the test
            }
            pool.shutdown();
        }
    }
}
