package xyz.halyrd.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.halyrd.backtest.control.Replay;
import xyz.halyrd.backtest.entity.BacktestTrade;
import xyz.halyrd.market.control.CsvReplay;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * The default strategy on real-shaped history: ten days of ETH hourly klines with a sell-off in the middle, replayed
 * from CSV, filled on CsvReplay's own quotes (the close, on a pool as deep as the bar's turnover). It trades when
 * fear_greed.csv and the funding file are there, and not without them.
 */
class CsvCompanionReplayTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int HOURS = 240;

    @TempDir
    Path dir;

    private final Replay replay = new Replay(PaperFills.DEFAULT,
            new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0")), BigDecimal.TEN,
            (size, cost) -> size.multiply(new BigDecimal("0.05").add(cost)));

    /** Calm around 2000, a 14 % slide over twelve hours on day 6, a day's recovery, calm again. */
    private static double price(int hour) {
        if (hour >= 120 && hour < 132) {
            return 2000 * (1 - 0.012 * (hour - 119));
        }
        if (hour >= 132 && hour < 156) {
            double low = 2000 * (1 - 0.012 * 12);
            return low + (2000 - low) * (hour - 131) / 24.0;
        }
        return 2000 * (1 + 0.002 * Math.sin(hour));
    }

    private void klines() throws IOException {
        List<String> lines = new ArrayList<>();
        BigDecimal open = money(price(0));
        for (int h = 0; h < HOURS; h++) {
            BigDecimal close = money(price(h));
            long openTime = T0.plus(HOUR.multipliedBy(h)).toEpochMilli();
            lines.add(openTime + "," + open + "," + open.max(close).add(BigDecimal.ONE) + ","
                    + open.min(close).subtract(BigDecimal.ONE) + "," + close + ",100," + (openTime + 3_599_999)
                    + ",200000,10,50,100000,0");
            open = close;
        }
        Files.write(dir.resolve("ETHUSDT-1h-2024-01.csv"), lines);
    }

    private void companions(String fundingFraction) throws IOException {
        List<String> days = new ArrayList<>(List.of("date,value"));
        for (int d = 0; d < HOURS / 24; d++) {
            days.add(LocalDate.ofInstant(T0, ZoneOffset.UTC).plusDays(d) + ",30");
        }
        Files.write(dir.resolve("fear_greed.csv"), days);
        List<String> fundings = new ArrayList<>(List.of("funding_time_ms,funding_rate"));
        for (int h = 0; h < HOURS; h += 8) {
            fundings.add(T0.plus(HOUR.multipliedBy(h)).toEpochMilli() + "," + fundingFraction);
        }
        Files.write(dir.resolve("ETHUSDT-funding.csv"), fundings);
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }

    private Replay.Outcome run() {
        Replay.Plan plan = new Replay.Plan("bt_csv", StrategySpec.meanReversion(), List.of(Token.ETH),
                T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(10)), HOUR, new BigDecimal("1000"),
                RiskRules.ofPercent(new BigDecimal("20"), new BigDecimal("8"), 3, Duration.ofHours(6)));
        return replay.run(plan, clock -> new CsvReplay(clock, dir), () -> false, done -> { });
    }


    @Test
    void withFearGreedAndCalmFundingTheDefaultStrategyBuysTheDipAndSellsTheRecovery() throws IOException {
        klines();
        companions("0.00010000"); // 0.01 % per 8 h

        Replay.Outcome outcome = run();
        List<BacktestTrade> trades = outcome.trades();
        assertTrue(trades.stream().anyMatch(t -> t.pnlUsdt() == null), "a buy in the sell-off: " + trades
                + ", quote refusals " + outcome.quoteRefusals() + ", vetoes " + outcome.vetoes());
        BacktestTrade buy = trades.stream().filter(t -> t.pnlUsdt() == null).findFirst().orElseThrow();
        assertTrue(!buy.ts().isBefore(T0.plus(HOUR.multipliedBy(120)))
                && buy.ts().isBefore(T0.plus(HOUR.multipliedBy(133))), "during the slide: " + buy);
        assertTrue(outcome.whole().trades() > 0, "and a closed round trip: " + trades);
    }

    @Test
    void withoutTheCompanionsEveryEntryIsUnknownAndNothingTrades() throws IOException {
        klines();

        Replay.Outcome outcome = run();
        assertEquals(List.of(), outcome.trades());
        assertEquals(0, outcome.whole().trades());
    }

    @Test
    void crowdedFundingKeepsTheDefaultStrategyOut() throws IOException {
        klines();
        companions("0.00050000"); // 0.05 % per 8 h: the regime filter's 0.03 is reached

        assertEquals(List.of(), run().trades());
    }
}
