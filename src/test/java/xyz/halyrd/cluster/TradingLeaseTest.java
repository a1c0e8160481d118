package xyz.halyrd.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import xyz.halyrd.MutableClock;
import xyz.halyrd.ScriptedMarket;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.cluster.control.LeaseLost;
import xyz.halyrd.cluster.entity.TradingLease;
import xyz.halyrd.cycle.InProcessCycle;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.SteppedClock;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Trade;

/**
 * The trading lease between two nodes on one database: the real {@link Lease} and the real trading cycle of two
 * processes ({@link InProcessCycle}, each with its own connections, as two nodes have), on a real PostgreSQL (embedded:
 * the server's own binaries, started once for the class, a database of its own per test) and on Derby. The two nodes'
 * wall clock is one clock the test moves, so a lease runs out when the test says, never while it waits.
 */
class TradingLeaseTest {

    private static final Instant MORNING = Instant.parse("2026-11-24T09:00:00Z");
    private static final Duration PAST_EXPIRY = Duration.ofSeconds(10).plusMillis(1); // the tests' lease, and a bit
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The databases the lease is tested on. */
    enum Kind {
        POSTGRESQL, DERBY
    }

    private static EmbeddedPostgres postgres;

    private final MutableClock clock = new MutableClock(MORNING);
    private final SteppedClock wall = new SteppedClock(InProcessCycle.WALL_START);
    private final List<InProcessCycle> nodes = new ArrayList<>();
    private InProcessCycle.Database database;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A fresh, empty database of {@code kind}, as a first start of a deployment finds it. */
    private void database(Kind kind) throws SQLException {
        String name = "lease_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        if (kind == Kind.DERBY) {
            database = InProcessCycle.Database.inMemory(name);
            return;
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        database = InProcessCycle.Database.postgres(postgres.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /** A node on the test's database and wall clock, named {@code id}; it takes or renews the lease as it starts. */
    private InProcessCycle node(String id) {
        InProcessCycle node = new InProcessCycle(database, clock, Map.of("halyrd.cluster.node-id", id,
                "halyrd.cluster.lease-duration", "PT10S", "halyrd.cluster.renew-interval", "PT3S"), // whatever the defaults
                new SimulatedMarket(clock, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.NONE), wall);
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stop() {
        for (InProcessCycle node : nodes) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoNodesRacingForTheLeaseNeverBothHoldIt(Kind kind) throws Exception {
        database(kind);
        InProcessCycle a = node("node-a");
        InProcessCycle b = node("node-b");
        TradingLease.Term last = row(a);
        assertEquals("node-a", last.holder(), "the first node to start takes the vacant lease");
        assertEquals(1, last.epoch());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            int takeovers = 0;
            for (int round = 0; round < 30; round++) {
                // every third round the lease has run out: both race to take it, the holder to renew it
                if (round % 3 == 0) {
                    wall.advance(PAST_EXPIRY);
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> renewals = new ArrayList<>();
                for (InProcessCycle node : List.of(a, b)) {
                    renewals.add(threads.submit(() -> {
                        go.await();
                        node.renewLease();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> renewal : renewals) {
                    renewal.get(30, TimeUnit.SECONDS);
                }
                TradingLease.Term now = row(a);
                boolean aHolds = lease(a).held().isPresent();
                boolean bHolds = lease(b).held().isPresent();
                assertTrue(aHolds ^ bHolds, "round " + round + ": exactly one node holds the lease, a " + aHolds
                        + ", b " + bHolds);
                assertEquals(aHolds ? "node-a" : "node-b", now.holder(), "round " + round + ": the row agrees");
                if (now.holder().equals(last.holder())) {
                    assertEquals(last.epoch(), now.epoch(), "round " + round + ": a renewal keeps the epoch");
                    assertEquals(last.since(), now.since(), "round " + round + ": and since");
                } else {
                    takeovers++;
                    assertEquals(last.epoch() + 1, now.epoch(), "round " + round + ": a takeover is the next epoch");
                    assertEquals(wall.instant(), now.since(), "round " + round + ": since the takeover");
                }
                assertEquals(wall.instant().plusSeconds(10), now.expiresAt(), "round " + round);
                last = now;
            }
            assertEquals(1 + takeovers, last.epoch(), "one epoch per holder");
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Renewals and takeovers reuse their compiled statements: on Derby, EclipseLink wrote the values of the lease's
     * CASE update into its SQL text, so every renewal (every 2 s on the defaults) was a statement Derby compiled anew,
     * and each pushed one of the trading pass's compiled statements out of Derby's statement cache.
     */
    @Test
    void renewingAndTakingTheLeaseOnDerbyCompileNoNewStatementEachTime() throws Exception {
        database(Kind.DERBY);
        InProcessCycle a = node("node-a");
        InProcessCycle b = node("node-b");
        for (int round = 0; round < 10; round++) {
            wall.advance(Duration.ofSeconds(3));
            a.renewLease();
            b.renewLease(); // held by a: b's attempt matches nothing
            wall.advance(PAST_EXPIRY);
            b.renewLease(); // a's renewal ran out: b takes the lease
            wall.advance(PAST_EXPIRY);
            a.renewLease(); // and a takes it back
        }
        assertEquals("node-a", row(a).holder());
        assertEquals(21, row(a).epoch(), "a first term, then two takeovers a round");
        List<?> compiled = a.withEntityManager(em -> em.createNativeQuery(
                "SELECT SQL_TEXT FROM SYSCS_DIAG.STATEMENT_CACHE WHERE SQL_TEXT LIKE 'UPDATE TRADING_LEASE%'")
                .getResultList());
        assertTrue(compiled.size() <= 3, "one compiled statement each to renew, to take, and to take at start, not "
                + compiled.size() + " such as " + compiled.get(0));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theEpochGoesUpOnlyWhenAnotherNodeTakesTheLeaseAndTheFormerHolderStopsTrading(Kind kind) throws Exception {
        database(kind);
        InProcessCycle a = node("node-a");
        Instant taken = wall.instant();
        wall.advance(Duration.ofSeconds(3));
        a.renewLease();
        InProcessCycle b = node("node-b"); // starts while a's lease runs: it does not take it
        assertEquals(new TradingLease.Term("node-a", 1, taken, wall.instant().plusSeconds(10)), row(b));
        assertEquals(Optional.empty(), lease(b).held());
        assertEquals("node-a", lease(b).seen().holder(), "b knows who trades");
        assertFalse(b.pass(), "a node that does not hold the lease runs no pass");

        wall.advance(PAST_EXPIRY); // a stops renewing (paused, cut off): its lease runs out and b takes it
        b.renewLease();
        assertEquals(new TradingLease.Term("node-b", 2, wall.instant(), wall.instant().plusSeconds(10)), row(b));
        assertTrue(lease(b).held().isPresent());
        assertEquals(Optional.empty(), lease(a).held(), "a's own lease has run out on the wall clock too");
        assertFalse(a.pass(), "so a runs no pass, before it even learns who holds it now");

        a.renewLease(); // a wakes up: the lease is b's
        assertEquals(Optional.empty(), lease(a).held());
        assertEquals("node-b", lease(a).seen().holder());
        assertEquals(2, lease(a).seen().epoch());
        assertThrows(LeaseLost.class, () -> a.inTransaction(() -> {
            lease(a).fence();
            return null;
        }), "outside a pass, a's fence refuses too");
        assertTrue(b.pass(), "b trades");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aFillUnderAStaleEpochIsRefusedAndCommitsNothing(Kind kind) throws Exception {
        database(kind);
        InProcessCycle a = node("node-a");
        InProcessCycle b = node("node-b");
        scriptOversold(a.market());
        scriptOversold(b.market());
        // a's pass begins under epoch 1 and decides to buy ETH; before its fill commits, a is paused past its lease
        // and b takes over
        a.market().beforeNextQuote(() -> {
            wall.advance(PAST_EXPIRY);
            b.renewLease();
        });

        assertTrue(a.pass(), "a held the lease when its pass began");

        assertEquals(List.of(), trades(a), "the fill under epoch 1 committed nothing");
        assertEquals(List.of(), a.inTransaction(() -> a.bean(Portfolio.class).positions(Agent.SEED_ID)));
        assertEquals(0, new BigDecimal("1000").compareTo(
                a.inTransaction(() -> a.bean(Portfolio.class).account(Agent.SEED_ID)).cashUsdt()),
                "the account's cash untouched");
        assertEquals(List.of(), journal(a, JournalType.EXECUTED));
        List<JournalEntry> failures = journal(a, JournalType.CYCLE_FAILED);
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("The pass stopped before it could decide on ETH/USDT: This node (node-a) no longer holds the"
                + " trading lease of epoch 1 (node-b holds it, epoch 2): the transaction was rolled back, nothing of it"
                + " was booked or signed.", failures.get(0).body());

        assertTrue(b.pass(), "the new holder trades");
        List<Trade> trades = trades(b);
        assertEquals(1, trades.size(), "bought once, by b: " + trades);
        assertEquals(Token.ETH, trades.get(0).token());
        assertEquals(1, journal(b, JournalType.EXECUTED).size());
        assertFalse(a.pass(), "a trades no more");
    }

    @Test
    void aRenewalIntervalThatIsNotShorterThanTheLeaseIsRefusedNamingBothKeys() throws Exception {
        database(Kind.DERBY);
        InProcessCycle node = new InProcessCycle(database, clock, Map.of("halyrd.cluster.lease-duration", "PT5S",
                "halyrd.cluster.renew-interval", "PT5S"), new SimulatedMarket(clock, 42, Duration.ofDays(8),
                SimulatedMarket.Anomalies.NONE), wall);
        nodes.add(node);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> lease(node).renewInterval());
        assertEquals("halyrd.cluster.renew-interval (PT5S) must be at least PT0.1S and shorter than"
                + " halyrd.cluster.lease-duration (PT5S), which must be at least PT1S: otherwise the lease runs out"
                + " between two renewals.", refused.getMessage());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Lease lease(InProcessCycle node) {
        return node.bean(Lease.class);
    }

    /** The lease row as committed. */
    private static TradingLease.Term row(InProcessCycle node) {
        return node.withEntityManager(em -> {
            TradingLease row = em.find(TradingLease.class, TradingLease.ID);
            assertNotNull(row, "the lease row");
            return row.term();
        });
    }

    private static List<Trade> trades(InProcessCycle node) {
        return node.withEntityManager(em -> em.createQuery("SELECT t FROM Trade t ORDER BY t.id", Trade.class)
                .getResultList());
    }

    private static List<JournalEntry> journal(InProcessCycle node, JournalType type) {
        return node.inTransaction(() -> node.bean(Journal.class).page(null, type.name(), null, 1000));
    }

    /** ETH 60 hours at 110, then 14 hours falling to 100 (RSI 0, 6.5 % under its average): a buy; the rest flat. */
    private static void scriptOversold(ScriptedMarket market) {
        List<BigDecimal> closes = new ArrayList<>(Collections.nCopies(60, new BigDecimal("110")));
        for (int i = 1; i <= 14; i++) {
            closes.add(new BigDecimal("110").subtract(BigDecimal.valueOf(10L * i)
                    .divide(BigDecimal.valueOf(14), 6, RoundingMode.HALF_UP)));
        }
        BigDecimal hundred = new BigDecimal("100");
        market.script(Token.ETH, new ScriptedMarket.Script(closes, hundred, hundred, new BigDecimal("0.1"), 30, 0.01));
        for (Token other : List.of(Token.CAKE, Token.LINK, Token.AVAX)) {
            market.script(other, new ScriptedMarket.Script(Collections.nCopies(74, BigDecimal.TEN), BigDecimal.TEN,
                    BigDecimal.TEN, new BigDecimal("0.1"), 30, 0.01));
        }
    }
}
