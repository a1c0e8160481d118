package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The foundation, black-box: the real WAR on a managed Payara Micro with its own Derby database, plus a test-only
 * probe that writes through the real Journal.
 */
class ApiIT extends DeployedHalyrd {

    private static final List<String> AGENT_FIELDS =
            List.of("id", "name", "status", "phase", "market_mode", "last_heartbeat", "demotion");
    private static final List<String> ENTRY_FIELDS =
            List.of("id", "ts", "type", "tags", "body", "config_version_id", "actor", "origin");

    // --- /agents -------------------------------------------------------------------------------------------

    @Test
    void agentsListsExactlyTheSeedAgentInTheContractShape() {
        Http.Answer answer = http.get("/agents");
        assertEquals(200, answer.status());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.header("Content-Type"));
        JsonArray agents = answer.array();
        assertEquals(1, agents.size());
        JsonObject agent = agents.getJsonObject(0);
        assertEquals(AGENT_FIELDS, new ArrayList<>(agent.keySet()));
        assertEquals("seed", agent.getString("id"));
        assertEquals("Halyrd", agent.getString("name"));
        assertEquals("PAPER", agent.getString("status"));
        assertEquals("paper", agent.getString("phase"));
        assertEquals("spot", agent.getString("market_mode"));
        Instant heartbeat = Instant.parse(agent.getString("last_heartbeat"));
        assertTrue(agent.getString("last_heartbeat").endsWith("Z"));
        assertTrue(heartbeat.isAfter(Instant.now().minus(Duration.ofMinutes(5))), "recent heartbeat: " + heartbeat);
    }

    @Test
    void promotingWithoutALiveChainIs409LiveUnavailableAndChangesNothing() {
        String message = http.postJson("/agents/current/promote", "{\"force\": true}").assertError(409,
                "LIVE_UNAVAILABLE");
        assertTrue(message.contains("halyrd.chain.rpc-url"), message);
        assertEquals("PAPER", http.get("/agents/current").object().getString("status"));
        JsonObject live = http.get("/agents/current/live").object();
        assertFalse(live.getBoolean("available"));
        assertEquals(message.substring(message.indexOf("live mode")).split(" The agent")[0],
                live.getString("unavailable_reason"));
    }

    @Test
    void currentIsAnAliasOfSeed() {
        JsonObject current = http.get("/agents/current").object();
        JsonObject seed = http.get("/agents/seed").object();
        assertEquals(AGENT_FIELDS, new ArrayList<>(current.keySet()));
        assertEquals("seed", current.getString("id"));
        for (String field : List.of("id", "name", "status", "phase", "market_mode")) {
            assertEquals(seed.get(field), current.get(field), field);
        }
    }

    @Test
    void heartbeatTimerAdvancesLastHeartbeat() {
        Instant first = Instant.parse(http.get("/agents/current").object().getString("last_heartbeat"));
        await().atMost(WAIT).until(() ->
                Instant.parse(http.get("/agents/current").object().getString("last_heartbeat")).isAfter(first));
    }

    @Test
    void unknownAgentIs404AgentNotFound() {
        Http.Answer answer = http.get("/agents/nobody");
        answer.assertError(404, "AGENT_NOT_FOUND");
        assertTrue(answer.object().getString("message").contains("nobody"));
        http.get("/agents/nobody/journal").assertError(404, "AGENT_NOT_FOUND");
    }

    // --- errors --------------------------------------------------------------------------------------------

    @Test
    void unknownRouteIs404NotFoundInJson() {
        http.get("/no-such-thing").assertError(404, "NOT_FOUND");
        http.get("/agents/seed/no-such-thing").assertError(404, "NOT_FOUND");
        http.get("/application.wadl").assertError(404, "NOT_FOUND");
    }

    @Test
    void wrongMethodIs405WithAllowHeader() {
        Http.Answer answer = http.send("DELETE", "/agents/seed", null, null);
        answer.assertError(405, "METHOD_NOT_ALLOWED");
        assertTrue(answer.header("Allow").contains("GET"), answer.header("Allow"));
        http.send("POST", "/agents", "application/json", "{}").assertError(405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void wrongMediaTypeIs415() {
        String before = newestEntryId();
        http.send("POST", "/test-probe/journal", "text/plain", "type=X").assertError(415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertEquals(before, newestEntryId(), "nothing written");
    }

    @Test
    void malformedJsonIs400MalformedJsonAndWritesNothing() {
        String before = newestEntryId();
        http.postJson("/test-probe/journal", "{\"type\": \"PROBE\", ").assertError(400, "MALFORMED_JSON");
        http.postJson("/test-probe/journal", "not json at all").assertError(400, "MALFORMED_JSON");
        assertEquals(before, newestEntryId(), "nothing written");
    }

    @Test
    void badQueryParametersAre400ValidationFailedNamingTheParameter() {
        for (String limit : List.of("0", "501", "abc", "-1", "2.5")) {
            Http.Answer answer = http.get("/agents/current/journal?limit=" + limit);
            answer.assertError(400, "VALIDATION_FAILED");
            assertTrue(answer.object().getString("message").startsWith("limit"), answer.body());
        }
        Http.Answer before = http.get("/agents/current/journal?before=42");
        before.assertError(400, "VALIDATION_FAILED");
        assertTrue(before.object().getString("message").startsWith("before"), before.body());
        Http.Answer tag = http.get("/agents/current/journal?tag=a%20b");
        tag.assertError(400, "VALIDATION_FAILED");
        assertTrue(tag.object().getString("message").startsWith("tag"), tag.body());
    }

    @Test
    void unexpectedFailureIs500WithCorrelationIdAndNoStackTrace_andTheJournalRefusesRemoval() {
        String id = append("PROBE", List.of("PROBE"), "Entry that must outlive an attempt to remove it.")
                .getString("id");

        Http.Answer answer = http.send("DELETE", "/test-probe/journal/" + id, null, null);

        assertEquals(500, answer.status());
        JsonObject body = answer.object();
        assertEquals(List.of("error", "message", "correlation_id"), new ArrayList<>(body.keySet()));
        assertEquals("INTERNAL_ERROR", body.getString("error"));
        assertTrue(body.getString("message").contains(body.getString("correlation_id")));
        assertFalse(answer.body().contains("Exception"), answer.body());
        assertFalse(answer.body().contains("xyz.halyrd"), answer.body());
        JsonArray still = http.get("/agents/current/journal?type=PROBE&limit=500").array();
        assertTrue(still.stream().map(JsonObject.class::cast).anyMatch(e -> e.getString("id").equals(id)),
                "the entry is still there");
    }

    // --- journal -------------------------------------------------------------------------------------------

    @Test
    void startAndAgentCreationAreJournaled() {
        JsonArray created = http.get("/agents/current/journal?type=AGENT_CREATED").array();
        assertEquals(1, created.size());
        JsonObject entry = created.getJsonObject(0);
        assertEquals(ENTRY_FIELDS, new ArrayList<>(entry.keySet()));
        assertTrue(entry.getString("body").contains("seed"));
        assertTrue(entry.isNull("config_version_id"));
        JsonArray starts = http.get("/agents/current/journal?type=SERVER_START").array();
        String body = starts.getJsonObject(0).getString("body");
        assertTrue(body.startsWith("Halyrd started on Apache Derby 10.16"), body);
        assertTrue(body.contains(". Market: mode demo, candles simulated, reference simulated, quotes simulated,"
                + " fear greed simulated, funding simulated. Agent seed is "), body);
    }

    @Test
    void journalEntryWrittenThroughJournalReachesTheStreamAndTheJournalEndpoint() throws Exception {
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            String marker = "marker-" + UUID.randomUUID();
            JsonObject written = append("PROBE", List.of("PROBE", "ETH"), "Bought ETH/USDT " + marker);

            JsonObject event = stream.await(m -> m.getString("event").equals("journal_entry")
                    && m.getString("body").endsWith(marker), WAIT);

            assertEquals(List.of("event", "ts", "id", "type", "tags", "body", "seq"), new ArrayList<>(event.keySet()));
            assertEquals(written.getString("id"), event.getString("id"));
            assertEquals(written.getString("ts"), event.getString("ts"));
            assertEquals("PROBE", event.getString("type"));
            assertEquals(List.of("PROBE", "ETH"), strings(event.getJsonArray("tags")));
            assertTrue(event.getString("ts").endsWith("Z"));

            JsonObject newest = http.get("/agents/current/journal?limit=1").array().getJsonObject(0);
            assertEquals(ENTRY_FIELDS, new ArrayList<>(newest.keySet()));
            assertEquals(written, newest);
            assertTrue(ids(http.get("/agents/current/journal?tag=ETH").array()).contains(written.getString("id")));
            assertTrue(ids(http.get("/agents/current/journal?type=PROBE").array()).contains(written.getString("id")));
            assertFalse(ids(http.get("/agents/current/journal?tag=LINK").array()).contains(written.getString("id")));
            assertFalse(ids(http.get("/agents/current/journal?type=EXECUTED").array()).contains(written.getString("id")));
        }
    }

    @Test
    void journalPagesNewestFirstByCursor() {
        String tag = "PAGE_" + Long.toString(System.nanoTime(), 36).toUpperCase();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(append("PROBE", List.of(tag), "Page entry " + i).getString("id"));
        }
        List<String> newestFirst = new ArrayList<>(written);
        java.util.Collections.reverse(newestFirst);

        Http.Answer first = http.get("/agents/current/journal?limit=2&tag=" + tag);
        assertEquals(newestFirst.subList(0, 2), ids(first.array()));
        assertNotNull(first.header("Link"), "a full page links to the next");
        assertTrue(first.header("Link").contains("rel=\"next\""), first.header("Link"));
        String next = first.header("Link").replaceAll("^<([^>]*)>.*$", "$1");

        Http.Answer second = http.get(URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery());
        assertEquals(newestFirst.subList(2, 4), ids(second.array()));

        Http.Answer last = http.get("/agents/current/journal?limit=2&tag=" + tag + "&before=" + newestFirst.get(3));
        assertEquals(newestFirst.subList(4, 5), ids(last.array()));
        assertNull(last.header("Link"), "a short page is the last");
    }

    // --- stream --------------------------------------------------------------------------------------------

    @Test
    void streamForUnknownAgentIsClosedWith1008() throws Exception {
        assertStreamClosedWith1008("nobody", "AGENT_NOT_FOUND");
    }

    /** The stream {@code ws/agents/<path>} is closed with 1008 and a reason that starts with {@code reason}. */
    private void assertStreamClosedWith1008(String path, String reason) throws Exception {
        try (StreamClient stream = StreamClient.connect(base.toURI(), path)) {
            StreamClient.Closed closed = stream.awaitClose(WAIT);
            assertEquals(1008, closed.code());
            assertTrue(closed.reason().startsWith(reason), closed.reason());
        }
    }

    @Test
    void anEntryCommittedTheMomentTheHandshakeIsAnsweredReachesTheClient() throws Exception {
        // The endpoint's open runs after the client has its answer; the load harness lost entries committed between
        // the two. Each client here writes as soon as its handshake is done, racing its own open.
        for (int i = 0; i < 20; i++) {
            try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
                String marker = "right-after-handshake-" + i + "-" + UUID.randomUUID();
                append("PROBE", List.of("PROBE"), marker);
                stream.await(m -> m.getString("body", "").equals(marker), WAIT);
            }
        }
    }

    @Test
    void everyMessageCarriesASeqOneAboveTheMessageBefore() throws Exception {
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            String marker = "seq-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                append("PROBE", List.of("PROBE"), marker + "-" + i);
            }
            assertEquals(200, http.send("POST", "/test-probe/journal/burst?count=5&size=10", null, null).status());
            List<JsonObject> seen = new ArrayList<>();
            seen.add(stream.await(m -> m.getString("body", "").equals(marker + "-0"), WAIT));
            for (int i = 0; i < 7; i++) {
                seen.add(stream.await(m -> true, WAIT));
            }
            for (int i = 1; i < seen.size(); i++) {
                assertEquals(seen.get(i - 1).getJsonNumber("seq").longValueExact() + 1,
                        seen.get(i).getJsonNumber("seq").longValueExact(), () -> "seqs in a row: " + seen);
            }
            assertEquals(marker + "-2", seen.get(2).getString("body"));
            assertEquals("PROBE_BURST", seen.get(7).getString("type"), "five of one transaction, in order");
        }
    }

    @Test
    void aClientResumingAfterASeqGetsWhatItMissedThenTheLiveStreamWithNoGapAndNothingTwice() throws Exception {
        String marker = "resume-" + UUID.randomUUID();
        long last;
        try (StreamClient stream = StreamClient.connect(base.toURI(), "current")) {
            awaitSubscribers(1);
            append("PROBE", List.of("PROBE"), marker + "-seen");
            last = stream.await(m -> m.getString("body", "").equals(marker + "-seen"), WAIT).getJsonNumber("seq")
                    .longValueExact();
        }
        // missed while away: more than a page of the resuming client's queue (64 here: pages of 32), in one
        // transaction, and one more entry
        assertEquals(200, http.send("POST", "/test-probe/journal/burst?count=100&size=10", null, null).status());
        append("PROBE", List.of("PROBE"), marker + "-missed");

        try (StreamClient stream = StreamClient.connect(base.toURI(), "current?after=" + last)) {
            List<JsonObject> got = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                got.add(stream.await(m -> true, WAIT));
            }
            append("PROBE", List.of("PROBE"), marker + "-live");
            got.add(stream.await(m -> true, WAIT));

            for (int i = 0; i < got.size(); i++) {
                assertEquals(last + 1 + i, got.get(i).getJsonNumber("seq").longValueExact(), "message " + i);
            }
            assertTrue(got.subList(0, 100).stream().allMatch(m -> m.getString("type").equals("PROBE_BURST")));
            assertEquals(marker + "-missed", got.get(100).getString("body"));
            assertEquals(marker + "-live", got.get(101).getString("body"));
            assertEquals(List.of("event", "ts", "id", "type", "tags", "body", "seq"),
                    new ArrayList<>(got.get(101).keySet()));
        }
    }

    @Test
    void aResumeFromNoSeqOrFromBeyondTheNewestIsClosedWith1008() throws Exception {
        assertStreamClosedWith1008("current?after=soon", "BAD_RESUME");
        assertStreamClosedWith1008("current?after=1&after=2", "BAD_RESUME");
        assertStreamClosedWith1008("current?after=999999999999", "RESUME_AHEAD: the newest seq is ");
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1013WhenItsPingGoesUnansweredEvenWithoutTraffic() throws Exception {
        // The socket layer takes megabytes before a send waits (the load harness); the ping does not wait for that.
        // The client was subscribed before its handshake was answered; the server closes it on its own.
        try (Socket stuck = neverReadingClient()) {
            Ended ended = readToClose(stuck);
            assertTrue(ended.pinged(), "pinged before it was closed");
            assertEquals(1013, ended.code());
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedAndDelaysNobody() throws Exception {
        try (StreamClient reader = StreamClient.connect(base.toURI(), "seed");
             Socket stuck = neverReadingClient()) {
            // Bursts the healthy client drains completely before the next; the stuck one only piles up.
            for (int burst = 0; burst < 8; burst++) {
                Http.Answer answer = http.send("POST", "/test-probe/journal/burst?count=32&size=15000", null, null);
                assertEquals(200, answer.status(), answer.body());
                for (int i = 0; i < 32; i++) {
                    reader.await(m -> "PROBE_BURST".equals(m.getString("type", "")), WAIT);
                }
            }
            assertEquals(1013, readToClose(stuck).code(), "the stuck client is closed as lagging");
            // The healthy client is still connected and still served.
            String marker = "after-" + UUID.randomUUID();
            append("PROBE", List.of("PROBE"), marker);
            reader.await(m -> m.getString("body", "").equals(marker), WAIT);
        }
    }

    // --- health and openapi --------------------------------------------------------------------------------

    @Test
    void healthReportsDatabaseReadinessAndHeartbeatLiveness() {
        JsonObject ready = http.get("/health/ready").object();
        assertEquals("UP", ready.getString("status"));
        assertTrue(ready.getJsonArray("checks").toString().contains("\"database\""));
        assertTrue(ready.getJsonArray("checks").toString().contains("\"product\":\"Apache Derby 10.16"),
                ready.toString());
        JsonObject market = ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("market")).findFirst().orElseThrow();
        assertEquals("UP", market.getString("status"));
        assertEquals(Json.createObjectBuilder().add("mode", "demo").add("candles", "simulated").add("reference", "simulated")
                .add("quotes", "simulated").add("fear_greed", "simulated").add("funding", "simulated").build(),
                market.getJsonObject("data"), "which source answers what");
        JsonObject live = http.get("/health/live").object();
        assertEquals("UP", live.getString("status"));
        assertTrue(live.getJsonArray("checks").toString().contains("\"heartbeat\""));
    }

    @Test
    void theSingleNodeHoldsTheTradingLeaseAndSaysSoOnClusterAndInReadiness() {
        Http.Answer answer = http.get("/cluster");
        assertEquals(200, answer.status());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.header("Content-Type"));
        JsonObject cluster = answer.object();
        assertEquals(List.of("self", "members", "holder", "epoch", "since"), new ArrayList<>(cluster.keySet()));
        String self = cluster.getString("self");
        assertTrue(self.matches("node_[0-9A-Z]{18}"), "a member id made for this process: " + self);
        assertEquals(List.of(self), strings(cluster.getJsonArray("members")), "the only member");
        assertEquals(self, cluster.getString("holder"), "the embedded single node takes the lease at start");
        assertTrue(cluster.getJsonNumber("epoch").longValue() >= 1, cluster.toString());
        String since = cluster.getString("since");
        assertTrue(since.endsWith("Z"), since);
        // wall time, not the demo's (5400x ahead): taken during this deployment's start, minutes ago at most
        Instant taken = Instant.parse(since);
        assertTrue(taken.isAfter(Instant.now().minus(Duration.ofMinutes(10))) && taken.isBefore(Instant.now()),
                "taken at " + taken);

        JsonObject lease = http.get("/health/ready").object().getJsonArray("checks").getValuesAs(JsonObject.class)
                .stream().filter(check -> check.getString("name").equals("lease")).findFirst().orElseThrow();
        assertEquals("UP", lease.getString("status"));
        JsonObject data = lease.getJsonObject("data");
        assertEquals(self, data.getString("self"));
        assertEquals("true", data.getString("trading"), data.toString()); // the check's data are strings
        assertEquals(self, data.getString("holder"));
        assertEquals(cluster.getJsonNumber("epoch").toString(), data.getString("epoch"));
        assertEquals(since, data.getString("since"));
        Instant expires = Instant.parse(data.getString("expires_at"));
        assertTrue(expires.isAfter(Instant.now().minusSeconds(5)) && expires.isBefore(Instant.now().plusSeconds(15)),
                "renewed every 3 s for 10 s of wall time: " + expires);

        runCycle(); // and the holder trades: a pass runs (the probe answers 409 when none did)

        Http.RawAnswer refused = http.raw("GET /cluster HTTP/1.1\r\nHost: evil.example");
        assertEquals(403, refused.status(), "the control surface covers /cluster too");
        assertEquals("HOST_REJECTED", refused.object().getString("error"));
    }

    @Test
    void openApiDescribesEveryEndpoint() {
        Http.Answer answer = http.send("GET", "/openapi", null, null);
        assertEquals(200, answer.status());
        for (String path : List.of("/agents:", "/agents/{id}:", "/agents/{id}/journal:", "/agents/{id}/config:",
                "/agents/{id}/config/versions:", "/agents/{id}/watchlist:", "/agents/{id}/watchlist/candidates:",
                "/indicators:", "/agents/{id}/trades:", "/agents/{id}/positions:", "/agents/{id}/equity:", "/agents/{id}/risk/blocks:",
                "/agents/{id}/risk/objectives:", "/cluster:")) {
            assertTrue(answer.body().contains("\n  " + path), "documents " + path);
        }
        assertTrue(answer.body().contains("market_mode"));
        assertFalse(answer.body().contains("test-probe"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private JsonObject append(String type, List<String> tags, String body) {
        String json = jakarta.json.Json.createObjectBuilder().add("type", type)
                .add("tags", jakarta.json.Json.createArrayBuilder(tags)).add("body", body).build().toString();
        Http.Answer answer = http.postJson("/test-probe/journal", json);
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    private String newestEntryId() {
        return http.get("/agents/current/journal?limit=1").array().getJsonObject(0).getString("id");
    }



    private static List<String> ids(JsonArray entries) {
        return entries.stream().map(e -> ((JsonObject) e).getString("id")).toList();
    }


}
