package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real uber-jar nodes on one real PostgreSQL (started by the test), as the hosted deployment runs them, on the
 * demo's defaults otherwise: exactly one trades, the other takes over after a {@code kill -9} of the trader, a paused
 * former holder books nothing after it wakes, and lifecycle calls racing on both nodes end in one state both show.
 * The nodes are started once, together, by {@code server-config/cluster/run} (the script a user runs, here on the
 * test's PostgreSQL), and shared by the scenarios, in any order: the script starts a killed node again, as a
 * Deployment would, and each scenario waits for both nodes first. The script's SIGTERM stops them at the end.
 * <p>
 * The lease is shortened for the test (5 s, renewed every second) so a takeover takes seconds, not the default's ten;
 * the failover benchmark ({@code src/bench/scripts/failover.sh}) measures the defaults.
 */
@Tag("alone") // a takeover measured against the clock: run with the machine to itself (pom.xml, failsafe)
class ClusterIT {

    private static final Duration LEASE = Duration.ofSeconds(5);
    /** Issue 18: another node takes the lease and the cycle resumes within 30 s of a kill -9 of the trader. */
    private static final Duration FAILOVER_LIMIT = Duration.ofSeconds(30);
    /**
     * In and out of every token of the watchlist on alternate passes: every turn books a fill (an entry or an exit),
     * so every turn is fenced.
     */
    private static final String IN_AND_OUT = "{\"strategy_spec\": {\"market_mode\": \"spot\", \"name\": \"in-and-out\","
            + " \"signals\": {\"entry\": {\"all_of\": [{\"indicator\": \"rsi\", \"op\": \"<=\", \"value\": 100,"
            + " \"window\": 14}]}, \"exit\": {\"any_of\": [{\"indicator\": \"rsi\", \"op\": \">=\", \"value\": 0,"
            + " \"window\": 14}]}}, \"params\": {\"position_size_pct\": 2, \"max_concurrent\": 10,"
            + " \"expected_move_pct\": 10}}, \"force\": true}";
    private static final String PATIENT = "{\"evaluation_config\": {\"max_drawdown_pct\": 90, \"daily_drawdown_pct\": 50,"
            + " \"max_consecutive_losses\": 100}}";

    private static EmbeddedPostgres postgres;
    private static String jdbcUrl;
    /** server-config/cluster/run, which started the nodes. */
    private static Process run;
    /** The two nodes, by node id; a killed one is removed. */
    private static final Map<String, Node> NODES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<Long> STARTED = new ArrayList<>();
    private static Path dir;

    /** A node the run script started: its id, process and URL. */
    record Node(String name, long pid, URI base) {

        Http http() {
            return new Http(base);
        }
    }

    /**
     * PostgreSQL (the test's own), then the two nodes as a user starts them: {@code server-config/cluster/run} with
     * {@code HALYRD_DB_URL} set (so it starts no PostgreSQL of its own), nodes not restarted when they die.
     */
    @BeforeAll
    static void startPostgresAndTwoNodes() throws Exception {
        long began = System.nanoTime();
        dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "cluster"));
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(true).start();
        jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        Path data = dir.resolve("data");
        ProcessBuilder script = new ProcessBuilder(Path.of("server-config/cluster/run").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        script.environment().putAll(Map.of("HALYRD_JAR", System.getProperty("halyrd.uberjar"),
                "HALYRD_DATA_DIR", data.toString(), "HALYRD_DB_URL", jdbcUrl, "HALYRD_DB_USER", "postgres",
                "HALYRD_DB_PASSWORD", "postgres", "HALYRD_HTTP_PORT", Integer.toString(twoFreePorts()),
                "HALYRD_RESTART_DELAY", "1", // a killed node comes back, as a Deployment's would
                "HALYRD_CLUSTER_PORT", Integer.toString(UberJar.freePort()), // the data grid's: the first free from there
                "HALYRD_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                        + " -Dhalyrd.cluster.lease-duration=" + LEASE + " -Dhalyrd.cluster.renew-interval=PT1S"));
        run = script.start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(run.isAlive(), () -> "the run script stopped; see " + dir.resolve("run.log"));
            return Files.readString(dir.resolve("run.log")).contains("both nodes answer");
        });
        awaitBothNodes();
        System.out.printf("ClusterIT: PostgreSQL and two nodes up after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        Http any = NODES.values().iterator().next().http();
        assertEquals(200, any.send("PATCH", "/agents/current/config", "application/json", PATIENT).status());
        Http.Answer attached = any.send("PATCH", "/agents/current/config", "application/json", IN_AND_OUT);
        assertEquals(200, attached.status(), attached.body());
    }

    /**
     * Every scenario begins with both nodes up, whatever ran before it: the run script starts a node again after a
     * scenario killed it, and this waits for it and takes its new process from the script's {@code nodes} file.
     */
    @BeforeEach
    void bothNodesUp() {
        awaitBothNodes();
    }

    private static void awaitBothNodes() {
        Path nodes = dir.resolve("data").resolve("nodes");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Node> listed = new ArrayList<>();
            for (String line : Files.readAllLines(nodes)) {
                String[] f = line.split(" ");
                listed.add(new Node(f[0], Long.parseLong(f[1]), URI.create(f[2])));
            }
            for (Node node : listed) {
                if (!ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    return false;
                }
                try {
                    if (node.http().get("/cluster").status() != 200) {
                        return false;
                    }
                } catch (RuntimeException notYet) {
                    return false;
                }
            }
            NODES.clear();
            for (Node node : listed) {
                NODES.put(node.name(), node);
                if (!STARTED.contains(node.pid())) {
                    STARTED.add(node.pid());
                }
            }
            return listed.size() == 2;
        });
    }

    /** The run script stops what it started at a SIGTERM (as at Ctrl-C): the nodes, and nothing is left. */
    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (run != null) {
                run.destroy(); // SIGTERM
                assertTrue(run.waitFor(90, TimeUnit.SECONDS), "the run script ends at SIGTERM");
                for (long pid : STARTED) {
                    assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true),
                            "the run script stopped node process " + pid);
                }
            }
        } finally {
            for (long pid : STARTED) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (run != null) {
                run.destroyForcibly();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** A port whose next one is free too (the run script's nodes listen on two consecutive ports). */
    private static int twoFreePorts() throws java.io.IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = UberJar.freePort();
            try (java.net.ServerSocket next = new java.net.ServerSocket(port + 1, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
    }

    /** The nodes form one data grid: each lists both, by the node ids the lease uses. */
    @Test
    void bothNodesListBothMembersOfTheirDataGrid() {
        for (Node node : NODES.values()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> members(node), m -> m.equals(List.of("node-1", "node-2")));
            assertEquals(node.name(), node.http().get("/cluster").object().getString("self"));
        }
    }

    @Test
    void exactlyOneNodeTradesOverManyPassesAndBothAgreeWhich() throws Exception {
        Map<String, Long> before = journalTimes();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> newFills(before).size() >= 24); // six passes at least, a fill per turn

        Lease lease = agreedLease();
        assertTrue(NODES.containsKey(lease.holder()), "the holder is one of the two: " + lease);
        for (Map.Entry<String, Node> node : NODES.entrySet()) {
            JsonObject check = leaseCheck(node.getValue());
            assertEquals(node.getKey(), check.getString("self"));
            assertEquals(Boolean.toString(node.getKey().equals(lease.holder())), check.getString("trading"),
                    "only the holder says it trades: " + check);
        }
        assertBooksEqualTheFills();
    }

    @Test
    void lifecycleCallsRacingOnBothNodesEndInOneStateBothShow() throws Exception {
        List<Node> nodes = List.copyOf(NODES.values());
        int versionsBefore = nodes.get(0).http().get("/agents/current/config/versions").array().size();
        int rounds = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            for (int n = 0; n < nodes.size(); n++) {
                Http http = nodes.get(n).http();
                String patch = "{\"evaluation_config\": {\"trade_floor\": " + (100 + 10 * i + n) + "}}";
                calls.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(go);
                    return http.send("PATCH", "/agents/current/config", "application/json", patch).status();
                }));
            }
        }
        // the kill switch on one node against a fresh signing session on the other
        Http first = nodes.get(0).http();
        Http second = nodes.get(1).http();
        calls.add(CompletableFuture.supplyAsync(() -> {
            awaitLatch(go);
            return first.postJson("/agents/current/kill-switch", "{\"reason\": \"cluster race\"}").status();
        }));
        calls.add(CompletableFuture.supplyAsync(() -> {
            awaitLatch(go);
            return second.postJson("/agents/current/signer/session", "{\"confirm\": \"provision signing\"}")
                    .status();
        }));
        go.countDown();
        for (CompletableFuture<Integer> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS));
        }

        JsonArray versions = first.get("/agents/current/config/versions").array();
        assertEquals(versions, second.get("/agents/current/config/versions").array(), "both show the same history");
        // every accepted change is a version of its own (the kill switch may end the run in one more)
        for (int i = 0; i < rounds; i++) {
            for (int n = 0; n < nodes.size(); n++) {
                String floor = "floor=" + (100 + 10 * i + n);
                assertTrue(versions.stream().anyMatch(v -> v.asJsonObject().getString("params_summary")
                        .contains(floor + ",")), floor + " in " + versions);
            }
        }
        assertTrue(versions.size() >= versionsBefore + 2 * rounds);
        // one line of versions: each the child of the one before it, exactly one running
        for (int i = 0; i + 1 < versions.size(); i++) {
            assertEquals(versions.getJsonObject(i + 1).getString("id"),
                    versions.getJsonObject(i).getString("parent_id"), "version " + i + "'s parent: " + versions);
        }
        assertEquals(1, versions.stream().filter(v -> v.asJsonObject().getString("outcome").equals("running"))
                .count(), "exactly one version runs: " + versions);
        // the agent and whether it may sign, the same seen from either node
        assertEquals(withoutHeartbeat(first.get("/agents/current").object()),
                withoutHeartbeat(second.get("/agents/current").object()));
        Http.Answer promoteFirst = first.postJson("/agents/current/promote", "{\"force\": true}");
        Http.Answer promoteSecond = second.postJson("/agents/current/promote", "{\"force\": true}");
        assertEquals(409, promoteFirst.status(), promoteFirst.body());
        assertEquals(promoteFirst.body(), promoteSecond.body(), "the same refusal from both nodes");
        assertBooksEqualTheFills();
    }

    @Test
    void aPausedFormerHolderBooksNothingAfterItWakes() throws Exception {
        Lease lease = agreedLease();
        Node holder = NODES.get(lease.holder());
        String other = otherThan(lease.holder());
        Map<String, Long> before;
        long pid = holder.pid();
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            // the test holds the account's row: the holder's next turn that acts waits for it, inside its pass
            sql.setAutoCommit(false);
            try (Statement s = sql.createStatement()) {
                s.executeQuery("SELECT * FROM ACCOUNT WHERE AGENT_ID = 'seed' FOR UPDATE").close();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> waitingForLocks() >= 1);
            before = journalTimes();
            // paused in the middle of a turn that acts (an entry or an exit): whatever it then fills or journals, a
            // refused quote included, is fenced, so its wake-up ends in the fence's rollback, never in a commit
            signal("STOP", pid);
            long paused = System.nanoTime();
            await().atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(100))
                    .until(() -> lease(NODES.get(other)).epoch() == lease.epoch() + 1);
            System.out.printf("ClusterIT: %s took the lease (epoch %d) %d ms after %s was paused%n", other,
                    lease.epoch() + 1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused), lease.holder());
            sql.commit(); // the paused node's transaction now gets the row, and holds it until it wakes
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> waitingForLocks() >= 1); // the new holder's turn waits behind it
        } finally {
            signal("CONT", pid);
        }
        String fenced = "This node (" + lease.holder() + ") no longer holds the trading lease of epoch "
                + lease.epoch() + " (" + other + " holds it, epoch " + (lease.epoch() + 1) + ")";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> journal("CYCLE_FAILED").stream().anyMatch(e -> e.getString("body").contains(fenced)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !newFills(before).isEmpty()); // the new holder trades
        Lease after = agreedLease();
        assertEquals(new Lease(other, lease.epoch() + 1), after);
        assertEquals("false", leaseCheck(holder).getString("trading"));
        assertBooksEqualTheFills();
        assertTimeWentOnFrom(before);
    }

    @Test
    void aKillOfTheTraderHandsTheTradingToTheOtherNodeWithinTheTarget() throws Exception {
        Lease lease = agreedLease();
        String survivor = otherThan(lease.holder());
        Node next = NODES.get(survivor);
        // a socket on each node across the kill: the trader's own, and the survivor's, which sees the trader's
        // messages through the database
        StreamClient onSurvivor = StreamClient.connect(next.base(), "current");
        StreamClient onTrader = StreamClient.connect(NODES.get(lease.holder()).base(), "current");
        List<JsonObject> survivorSaw = new ArrayList<>(List.of(onSurvivor.await(m -> true, STREAM_WAIT)));
        List<JsonObject> traderSaw = new ArrayList<>(List.of(onTrader.await(m -> true, STREAM_WAIT)));
        Map<String, Long> before = journalTimes();
        long killed = System.nanoTime();
        kill9(NODES.remove(lease.holder()));
        // the data grid drops the dead node (its connections closed with it) — watched from the kill on: the run script
        // starts it again a second later, and once it is back the survivor lists both again
        CompletableFuture<Long> dropped = CompletableFuture.supplyAsync(() -> {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> members(next), m -> m.equals(List.of(survivor)));
            return System.nanoTime();
        });
        await().atMost(FAILOVER_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> lease(next).equals(new Lease(survivor, lease.epoch() + 1)));
        long tookOver = System.nanoTime();
        Map<String, Long> atTakeover = journalTimes(); // everything the dead trader committed is in it
        await().atMost(FAILOVER_LIMIT.minus(Duration.ofNanos(tookOver - killed))).pollInterval(Duration.ofMillis(100))
                .until(() -> !newFills(before).isEmpty());
        long resumed = System.nanoTime();
        System.out.printf("ClusterIT: kill -9 of %s: %s took the lease after %d ms and booked its first fill after"
                + " %d ms (lease %s)%n", lease.holder(), survivor, TimeUnit.NANOSECONDS.toMillis(tookOver - killed),
                TimeUnit.NANOSECONDS.toMillis(resumed - killed), LEASE);
        assertTrue(journalTimes().keySet().containsAll(before.keySet()), "nothing committed was lost");
        assertBooksEqualTheFills();
        assertTimeWentOnFrom(before);

        // the survivor's socket missed nothing: every message, the old trader's and the new one's, seqs in a row, up
        // to a fill of the new trader's
        String firstNewFill = await().atMost(STREAM_WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> newFills(atTakeover), fills -> !fills.isEmpty()).get(0);
        survivorSaw.addAll(until(onSurvivor, m -> firstNewFill.equals(m.getString("id", null))));
        assertSeqsInARow(survivorSaw, "the survivor's socket");
        // the dead trader's client resumes on the survivor from the last seq it saw: what it missed, then the rest
        traderSaw.addAll(onTrader.drained());
        long lastSeen = traderSaw.get(traderSaw.size() - 1).getJsonNumber("seq").longValueExact();
        try (StreamClient resumedClient = StreamClient.connect(next.base(), "current?after=" + lastSeen)) {
            List<JsonObject> afterIt = until(resumedClient, m -> firstNewFill.equals(m.getString("id", null)));
            assertEquals(lastSeen + 1, afterIt.get(0).getJsonNumber("seq").longValueExact(), "resumed right after");
            assertSeqsInARow(afterIt, "the resumed client");
        }
        onSurvivor.close();
        onTrader.close();

        // the survivor listed itself alone after the kill, and lists the dead node again once the run script has
        // started it again
        long droppedAt = dropped.get(40, TimeUnit.SECONDS);
        System.out.printf("ClusterIT: %s's members without %s %d ms after the kill%n", survivor, lease.holder(),
                TimeUnit.NANOSECONDS.toMillis(droppedAt - killed));
        awaitBothNodes();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> members(next), m -> m.equals(List.of("node-1", "node-2")));
        System.out.printf("ClusterIT: %s's members with %s again %d ms after the kill%n", survivor, lease.holder(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    }

    /** {@code GET /cluster}'s members, as the node lists them. */
    private static List<String> members(Node node) {
        return node.http().get("/cluster").object().getJsonArray("members")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    private static final Duration STREAM_WAIT = Duration.ofSeconds(30);

    /**
     * Every message {@code client} receives up to and including the first that {@code last} accepts, which must come
     * within {@link #STREAM_WAIT}.
     */
    private static List<JsonObject> until(StreamClient client, java.util.function.Predicate<JsonObject> last)
            throws InterruptedException {
        long deadline = System.nanoTime() + STREAM_WAIT.toNanos();
        List<JsonObject> seen = new ArrayList<>();
        JsonObject next;
        do {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative()) {
                throw new AssertionError("the awaited message did not come within " + STREAM_WAIT + "; the last of "
                        + seen.size() + ": " + seen.get(seen.size() - 1));
            }
            next = client.await(m -> true, left);
            seen.add(next);
        } while (!last.test(next));
        return seen;
    }

    private static void assertSeqsInARow(List<JsonObject> messages, String who) {
        for (int i = 1; i < messages.size(); i++) {
            assertEquals(messages.get(i - 1).getJsonNumber("seq").longValueExact() + 1,
                    messages.get(i).getJsonNumber("seq").longValueExact(), who + ", message " + i + " of "
                    + messages.size());
        }
    }

    /** The lease as both nodes report it: they must agree once each has renewed since the last change. */
    private static Lease agreedLease() {
        return await().atMost(LEASE.multipliedBy(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Set<Lease> seen = new HashSet<>();
            for (Node node : NODES.values()) {
                seen.add(lease(node));
            }
            return seen.size() == 1 && seen.iterator().next().holder() != null ? seen.iterator().next() : null;
        }, l -> l != null);
    }

    record Lease(String holder, long epoch) {
    }

    private static Lease lease(Node node) {
        JsonObject cluster = node.http().get("/cluster").object();
        return new Lease(cluster.isNull("holder") ? null : cluster.getString("holder"),
                cluster.getJsonNumber("epoch").longValue());
    }

    private static JsonObject leaseCheck(Node node) {
        Http.Answer ready = node.http().get("/health/ready");
        return ready.object().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("lease")).findFirst().orElseThrow().getJsonObject("data");
    }

    private static String otherThan(String node) {
        return NODES.keySet().stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
    }

    private static Http anyNode() {
        return NODES.values().iterator().next().http();
    }

    private static List<JsonObject> journal(String type) {
        return anyNode().get("/agents/current/journal?type=" + type + "&limit=500").array().stream()
                .map(JsonValue::asJsonObject).toList();
    }

    /**
     * The books equal the committed fills, seen from every node: every fill booked once (a trade per EXECUTED entry,
     * each with an order reference of its own), a buy per open position and a buy and a sell per closed trade.
     */
    private static void assertBooksEqualTheFills() throws SQLException {
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = sql.createStatement()) {
            sql.setAutoCommit(false);
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); // one snapshot of the books
            List<String> executed = strings(s, "SELECT ID FROM JOURNAL_ENTRY WHERE ENTRY_TYPE = 'EXECUTED' ORDER BY ID");
            assertEquals(List.of(), strings(s, "SELECT ORDER_REF FROM TRADE GROUP BY ORDER_REF HAVING COUNT(*) > 1"),
                    "an order booked twice");
            assertEquals(executed, strings(s, "SELECT JOURNAL_REF FROM TRADE ORDER BY JOURNAL_REF"),
                    "a trade per EXECUTED entry, and no other");
            int open = strings(s, "SELECT ID FROM OPEN_POSITION").size();
            int buys = strings(s, "SELECT ID FROM TRADE WHERE SIDE = 'BUY'").size();
            int sells = strings(s, "SELECT ID FROM TRADE WHERE SIDE = 'SELL'").size();
            assertEquals(buys, sells + open, "a buy per position, and a sell per closed one: " + buys + " buys, "
                    + sells + " sells, " + open + " open");
            // each token's open quantity is what its fills bought and did not sell
            assertEquals(strings(s, "SELECT TOKEN || ' ' || PHASE || ' ' || TRIM_SCALE(QUANTITY) FROM OPEN_POSITION"
                    + " ORDER BY TOKEN, PHASE"), strings(s, "SELECT TOKEN || ' ' || PHASE || ' ' || TRIM_SCALE(SUM("
                    + "CASE SIDE WHEN 'BUY' THEN QUANTITY ELSE -QUANTITY END)) FROM TRADE GROUP BY TOKEN, PHASE"
                    + " HAVING SUM(CASE SIDE WHEN 'BUY' THEN QUANTITY ELSE -QUANTITY END) <> 0 ORDER BY TOKEN, PHASE"),
                    "the positions equal the fills");
            assertEquals(List.of(), strings(s, "SELECT p.ID FROM OPEN_POSITION p LEFT JOIN TRADE t"
                    + " ON t.ID = p.OPEN_TRADE_ID WHERE t.ID IS NULL"), "an open position without its buy");
            sql.rollback();
        }
        // what either node shows is what the database holds (the trader books on meanwhile: read it before and after)
        List<String> sellsBefore = sells();
        for (Node node : NODES.values()) {
            Set<String> shown = new HashSet<>(node.http().get("/agents/current/trades").array().stream()
                    .map(t -> t.asJsonObject().getString("id")).toList());
            assertTrue(shown.containsAll(sellsBefore), node.name() + " shows every closed trade");
            assertTrue(new HashSet<>(sells()).containsAll(shown), node.name() + " shows only booked trades");
        }
    }

    private static List<String> sells() throws SQLException {
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = sql.createStatement()) {
            return strings(s, "SELECT ID FROM TRADE WHERE SIDE = 'SELL'");
        }
    }

    /** The journal as it stands: each entry's id and time (wall milliseconds of the agent's clock). */
    private static Map<String, Long> journalTimes() throws SQLException {
        Map<String, Long> times = new java.util.HashMap<>();
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = sql.createStatement(); ResultSet r = s.executeQuery("SELECT ID, TS FROM JOURNAL_ENTRY")) {
            while (r.next()) {
                times.put(r.getString(1), r.getLong(2));
            }
        }
        return times;
    }

    /** The fills booked since {@code before} was read. */
    private static List<String> newFills(Map<String, Long> before) throws SQLException {
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = sql.createStatement()) {
            return strings(s, "SELECT ID FROM JOURNAL_ENTRY WHERE ENTRY_TYPE = 'EXECUTED'").stream()
                    .filter(id -> !before.containsKey(id)).toList();
        }
    }

    /**
     * Everything written since {@code before} was read is later than all of it: a node that took the trading over
     * goes on from the demo time the other left off, never from before it.
     */
    private static void assertTimeWentOnFrom(Map<String, Long> before) throws SQLException {
        long newest = before.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Map<String, Long> now = journalTimes();
        List<String> earlier = now.entrySet().stream().filter(e -> !before.containsKey(e.getKey()))
                .filter(e -> e.getValue() < newest).map(e -> e.getKey() + " at " + Instant.ofEpochMilli(e.getValue()))
                .toList();
        assertEquals(List.of(), earlier, "written after the takeover, stamped before the newest entry of before it ("
                + Instant.ofEpochMilli(newest) + ")");
    }

    private static List<String> tags(JsonObject entry) {
        return entry.getJsonArray("tags").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    private static List<String> strings(Statement s, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    /** How many of the database's sessions wait for a lock now. */
    private static int waitingForLocks() throws SQLException {
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = sql.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static JsonObject withoutHeartbeat(JsonObject agent) {
        var builder = jakarta.json.Json.createObjectBuilder(agent);
        builder.remove("last_heartbeat");
        return builder.build();
    }

    /** Ends the node at once, as a crash would: nothing of it gets to shut down cleanly. */
    private static void kill9(Node node) throws Exception {
        ProcessHandle process = ProcessHandle.of(node.pid()).orElseThrow();
        signal("KILL", node.pid());
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
