package xyz.halyrd.backtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import xyz.halyrd.backtest.control.Replay;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * A backtest's replay in process, without the database: one year of 5-minute bars for four tokens (420 480 candles)
 * under the default strategy on the simulated market, from the first bar to the metrics. The score is the seconds of
 * one whole run (single shot); candles per second is 420 480 divided by it. The end-to-end figure, POST to
 * {@code done} on the uber-jar, is src/bench/scripts/backtest-end-to-end.sh's; both are in docs/testing.md. With
 * {@code -p days=1826 -p minutes=1 -jvmArgsAppend -Xmx128m} it replays five years of minutes (10.5 million
 * candles) in a small heap: what a run keeps does not grow with its length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReplayBenchmark {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");

    @Param({"365"})
    public int days;

    /** The bar: 5 minutes for the year's figure; 1 with days=1826 and a small heap shows the memory stays bounded. */
    @Param({"5"})
    public int minutes;

    @Benchmark
    public Replay.Outcome yearOfFiveMinuteBars() {
        Replay replay = new Replay(PaperFills.DEFAULT,
                new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0")), BigDecimal.TEN,
                (size, cost) -> size.multiply(new BigDecimal("0.05").add(cost)));
        Replay.Plan plan = new Replay.Plan("bt_bench", StrategySpec.meanReversion(),
                List.of(Token.BNB, Token.BTCB, Token.ETH, Token.CAKE), FROM, FROM.plus(Duration.ofDays(days)),
                Duration.ofMinutes(minutes), new BigDecimal("1000"),
                RiskRules.ofPercent(new BigDecimal("20"), new BigDecimal("8"), 3, Duration.ofHours(6)));
        return replay.run(plan, clock -> new SimulatedMarket(clock, 42, Duration.ofDays(8),
                SimulatedMarket.Anomalies.REALISTIC), () -> false, done -> { });
    }
}
