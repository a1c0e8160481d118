package xyz.halyrd.strategy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.strategy.control.PriceVsSma;
import xyz.halyrd.strategy.control.Rsi;
import xyz.halyrd.strategy.control.Sma;

/**
 * What one candle costs the signal engine: update SMA(48), RSI(14) and price_vs_sma(48), then evaluate the default
 * mean-reversion rule (enter at RSI &lt;= 25 and price_vs_sma &lt;= -0.05; leave at price_vs_sma &gt;= 0 or
 * RSI &gt;= 65). The score is candles per second on one thread; the target is at least 1 million.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CandleRuleBenchmark {

    // A batch per invocation keeps JMH's own per-call overhead out of a figure measured in nanoseconds.
    private static final int BATCH = 4096;
    // Longer than any window, so the indicators see fresh prices rather than a short loop they could settle into.
    private static final int SERIES = 1 << 16;

    private double[] closes;
    private Candle[] candles;
    private int cursor;

    private Sma sma;
    private Rsi rsi;
    private PriceVsSma priceVsSma;
    private boolean inPosition;
    private long trades;

    @Setup(Level.Trial)
    public void setUp() {
        // A volatile random walk (3 % per candle), so the rule really enters and leaves now and then.
        Random random = new Random(42);
        closes = new double[SERIES];
        candles = new Candle[SERIES];
        double price = 600;
        Instant time = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < SERIES; i++) {
            price *= Math.exp(random.nextGaussian() * 0.03 - 0.0002 * Math.log(price / 600));
            BigDecimal close = BigDecimal.valueOf(price).setScale(8, RoundingMode.HALF_EVEN);
            closes[i] = close.doubleValue();
            candles[i] = new Candle(Token.BNB, time.plus(Duration.ofHours(i)), Duration.ofHours(1), close, close, close,
                    close, BigDecimal.ONE);
        }
        sma = new Sma(48);
        rsi = new Rsi(14);
        priceVsSma = new PriceVsSma(48);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long closesAsDoubles() {
        for (int i = 0; i < BATCH; i++) {
            double close = closes[cursor];
            cursor = (cursor + 1) & (SERIES - 1);
            sma.update(close);
            rsi.update(close);
            priceVsSma.update(close);
            evaluate();
        }
        return trades + (long) sma.value().orElse(0);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long candlesWithBigDecimalCloses() {
        for (int i = 0; i < BATCH; i++) {
            Candle candle = candles[cursor];
            cursor = (cursor + 1) & (SERIES - 1);
            sma.update(candle);
            rsi.update(candle);
            priceVsSma.update(candle);
            evaluate();
        }
        return trades + (long) sma.value().orElse(0);
    }

    private void evaluate() {
        OptionalDouble r = rsi.value();
        OptionalDouble p = priceVsSma.value();
        if (r.isEmpty() || p.isEmpty()) {
            return; // unknown is never a signal
        }
        double rsiValue = r.getAsDouble();
        double deviation = p.getAsDouble();
        if (!inPosition && rsiValue <= 25 && deviation <= -0.05) {
            inPosition = true;
            trades++;
        } else if (inPosition && (deviation >= 0 || rsiValue >= 65)) {
            inPosition = false;
            trades++;
        }
    }
}
