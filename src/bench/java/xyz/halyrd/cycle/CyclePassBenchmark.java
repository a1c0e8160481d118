package xyz.halyrd.cycle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import xyz.halyrd.MutableClock;
import xyz.halyrd.ScriptedMarket;
import xyz.halyrd.backtest.control.Replay;
import xyz.halyrd.cycle.control.PassGate;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * One full pass of the real CycleRun over the four default tokens (ETH, CAKE, LINK, AVAX), each token's turn
 * committed in its own transaction, plus the snapshot when due — on the in-process harness of CycleRunTest over
 * embedded Derby. Target: p99 at most 5 ms. SampleTime, so JMH reports the percentiles.
 *
 * <p>{@code trading}: every pass books a fill — ETH alternates between oversold (a buy of 90 % of the cash) and back
 * above its average (the sell), at an exit price where the round trip about breaks even; the other three hold.
 * {@code quiet}: all four hold, the usual pass. The clock moves 5 s a pass (the cycle interval), so every 180th pass
 * also snapshots the equity. Position sizes are a share of the cash, so even a round trip that gains 0.02 % compounds:
 * over a long run the account grew within one day until each entry's worst case exceeded the daily drawdown budget,
 * and most passes were vetoes, not fills (a run of 80 s measured the vetoes' p50, 0.8 ms, as the fill's). So while
 * flat, every 100th round trip the account is set back to its start outside the measured time, and the trial fails
 * at its end unless every pass booked a fill.
 *
 * <p>{@code backtest}: {@code none}, or {@code running} — a backtest replays a year of 5-minute bars for four tokens
 * over and over on a thread of its own for the whole trial, as the server's backtest pool would beside the trading
 * cycle, giving way to each pass through the cycle's {@link PassGate} as the server's do: whether a backtest slows the
 * cycle, measured — or {@code spinning}, the same thread doing nothing but arithmetic: what any busy second core costs
 * a pass on this machine, the floor a backtest cannot go below.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CyclePassBenchmark {

    @Param({"memory", "file"})
    public String database;

    @Param({"trading", "quiet"})
    public String market;

    @Param({"none", "running", "spinning"})
    public String backtest;

    private volatile boolean stopBacktests;
    private Thread backtests;

    private InProcessCycle.Database db;
    private InProcessCycle cycle;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
    private ScriptedMarket.Script oversold;
    private ScriptedMarket.Script recovered;
    private ScriptedMarket.Script flat;
    private boolean holding;
    private long passes;
    private long roundTrips;

    @Setup(Level.Trial)
    public void start() {
        db = BenchDatabase.open(database, "cycle");
        cycle = new InProcessCycle(db, clock, Map.of());
        List<BigDecimal> falling = new ArrayList<>(Collections.nCopies(60, new BigDecimal("110")));
        for (int i = 1; i <= 14; i++) {
            falling.add(new BigDecimal("110").subtract(BigDecimal.valueOf(10L * i)
                    .divide(BigDecimal.valueOf(14), 6, RoundingMode.HALF_UP)));
        }
        List<BigDecimal> rising = new ArrayList<>(Collections.nCopies(60, new BigDecimal("100")));
        for (int i = 1; i <= 14; i++) {
            rising.add(BigDecimal.valueOf(100 + i));
        }
        oversold = script(falling, "100");
        // 900 bought at 100.1 less 2.40 fees; sold at 100.74 × 0.999 less 0.25 % and 0.15: about 900.2 back
        recovered = script(rising, "100.74");
        flat = script(Collections.nCopies(74, BigDecimal.TEN), "10");
        for (Token token : List.of(Token.ETH, Token.CAKE, Token.LINK, Token.AVAX)) {
            cycle.market().script(token, flat);
        }
        if (!backtest.equals("none")) {
            backtests = new Thread(backtest.equals("running") ? this::replayUntilStopped : this::spinUntilStopped,
                    "backtest");
            backtests.setDaemon(true);
            backtests.start();
        }
    }

    private void replayUntilStopped() {
        PassGate gate = cycle.bean(PassGate.class);
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        Replay replay = new Replay(PaperFills.DEFAULT,
                new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0")), BigDecimal.TEN,
                (size, cost) -> size.multiply(new BigDecimal("0.05").add(cost)));
        while (!stopBacktests) {
            Replay.Plan plan = new Replay.Plan("bt_bench", StrategySpec.meanReversion(),
                    List.of(Token.BNB, Token.BTCB, Token.ETH, Token.CAKE), from, from.plus(Duration.ofDays(365)),
                    Duration.ofMinutes(5), new BigDecimal("1000"),
                    RiskRules.ofPercent(new BigDecimal("20"), new BigDecimal("8"), 3, Duration.ofHours(6)));
            replay.run(plan, replayClock -> new SimulatedMarket(replayClock, 42, Duration.ofDays(8),
                    SimulatedMarket.Anomalies.REALISTIC), () -> {
                        gate.awaitNoPass(); // as the server's backtests give way to a pass
                        return stopBacktests;
                    }, done -> { });
        }
    }

    /**
     * The reference for {@code running}: a thread that gives way to each pass the same way but, between passes, only
     * does arithmetic in registers — no memory, no allocation, no code shared with the pass. What it costs a pass is
     * what a second busy core costs on this machine, whatever the work.
     */
    private void spinUntilStopped() {
        PassGate gate = cycle.bean(PassGate.class);
        long x = 1;
        while (!stopBacktests) {
            gate.awaitNoPass();
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        spun = x;
    }

    /** Kept, so the arithmetic is not optimised away. */
    static volatile long spun;

    private static ScriptedMarket.Script script(List<BigDecimal> closes, String price) {
        return new ScriptedMarket.Script(List.copyOf(closes), new BigDecimal(price), new BigDecimal(price),
                new BigDecimal("0.1"), 30, 0.01);
    }

    /** Outside the measured time: the next pass's market, and while flat now and then the account as it started. */
    @Setup(Level.Invocation)
    public void nextPass() {
        clock.advance(Duration.ofSeconds(5));
        passes++;
        if (market.equals("trading")) {
            if (!holding && ++roundTrips % 100 == 0) {
                cycle.withEntityManager(em -> em.createQuery("update Account a set a.cashUsdt = :start,"
                        + " a.peakEquity = :start, a.dayOpenEquity = :start, a.lossStreak = 0, a.cooldownUntil = null")
                        .setParameter("start", new BigDecimal("1000")).executeUpdate());
            }
            cycle.market().script(Token.ETH, holding ? recovered : oversold);
            holding = !holding;
        }
    }

    @Benchmark
    public void pass() {
        cycle.pass();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (market.equals("trading")) {
            long fills = cycle.withEntityManager(em -> em.createQuery(
                    "select count(j) from JournalEntry j where j.type = 'EXECUTED'", Long.class).getSingleResult());
            if (fills != passes) {
                throw new IllegalStateException(passes + " passes booked " + fills + " fills: the scenario measured"
                        + " passes that did not book one");
            }
        }
        stopBacktests = true;
        if (backtests != null) {
            backtests.join();
        }
        cycle.close();
        db.close();
        BenchDatabase.clean();
    }
}
