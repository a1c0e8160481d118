package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.control.CsvReplay;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

class CsvReplayTest {

    private static final Duration HOUR = Duration.ofHours(1);
    // 2024-01-01T00:00:00Z and the next hours, in milliseconds
    private static final long T0 = 1_704_067_200_000L;

    @TempDir
    Path dir;

    private static String line(long openTime, String o, String h, String l, String c, String v) {
        return openTime + "," + o + "," + h + "," + l + "," + c + "," + v + "," + (openTime + 3_599_999)
                + ",0,0,0,0,0";
    }

    @Test
    void replaysBinanceKlinesWithAndWithoutHeaderInMillisAndMicros() throws Exception {
        Files.write(dir.resolve("ETHUSDT-1h-2024-01.csv"), List.of(
                "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore",
                line(T0, "2281.87", "2297.0", "2275.5", "2290.1", "1234.5"),
                line(T0 + 3_600_000, "2290.1", "2301.2", "2280.0", "2285.3", "999.9"),
                "garbage,line",
                line(T0 + 7_200_000, "2285.3", "2200.0", "2290.0", "2286.0", "1.0"))); // high < low: skipped
        Files.write(dir.resolve("CAKEUSDT-1h-2025-01.csv"), List.of(
                line((T0 + 3_600_000) * 1000, "2.40", "2.45", "2.38", "2.41", "5000"))); // microseconds (2025 format)
        Files.write(dir.resolve("README.txt"), List.of("not a kline file"));

        MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0).plus(Duration.ofHours(5)));
        CsvReplay replay = new CsvReplay(clock, dir);

        List<Candle> eth = replay.candles(Token.ETH, HOUR, clock.instant(), 10);
        assertEquals(2, eth.size());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), eth.get(0).openTime());
        assertEquals(new BigDecimal("2290.1"), eth.get(0).close());
        assertEquals(new BigDecimal("2285.3"), eth.get(1).close());
        assertEquals(2, replay.skippedLines());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"),
                replay.candles(Token.CAKE, HOUR, clock.instant(), 10).get(0).openTime());
        assertEquals(List.of(), replay.candles(Token.ETH, Duration.ofMinutes(5), clock.instant(), 10),
                "only the resolution the files have");
        assertEquals(List.of(), replay.candles(Token.LINK, HOUR, clock.instant(), 10));
        assertEquals(Optional.empty(), replay.quote(Token.LINK, Side.BUY, BigDecimal.TEN), "no history, no quote");
    }

    @Test
    void aQuoteFillsAtTheLastCloseOnAPoolAsDeepAsThatBarsTurnover() throws Exception {
        Files.write(dir.resolve("ETHUSDT-1h-2024-01.csv"), List.of(
                line(T0, "2000", "2010", "1990", "2000", "500"), // 1 000 000 USDT of turnover
                line(T0 + 3_600_000, "2000", "2010", "1990", "2000", "0"))); // no trading at all
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0).plus(Duration.ofHours(1)));
        CsvReplay replay = new CsvReplay(clock, dir);

        Quote buy = replay.quote(Token.ETH, Side.BUY, new BigDecimal("1000")).orElseThrow();
        // 1 000 on a pool of 1 000 000: the price moves 1000 / 1001000 ≈ 0.0999 %
        assertEquals(0, new BigDecimal("2001.998001998002").compareTo(buy.price()), buy.toString());
        assertEquals(0, new BigDecimal("0.09990009990009990").compareTo(buy.priceImpactPct()), buy.toString());
        assertEquals(0, new BigDecimal("1000000").compareTo(buy.depthUsdt()));
        assertEquals(new BigDecimal("1000"), buy.sizeUsdt());
        assertEquals(Instant.ofEpochMilli(T0).plus(HOUR), buy.ts(), "dated at the bar's close, as the mid");
        Quote sell = replay.quote(Token.ETH, Side.SELL, new BigDecimal("1000")).orElseThrow();
        assertEquals(0, new BigDecimal("1998.001998001998").compareTo(sell.price()), sell.toString());

        clock.advance(HOUR); // the bar without volume is the latest now: no depth, which the QuoteVerifier refuses
        Quote dry = replay.quote(Token.ETH, Side.BUY, new BigDecimal("1000")).orElseThrow();
        assertEquals(0, dry.depthUsdt().signum());
        assertEquals(0, new BigDecimal("100").compareTo(dry.priceImpactPct()));
        assertTrue(new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0"))
                .judge(replay.mid(Token.ETH).orElseThrow(), dry, clock.instant()).isPresent());
    }

    @Test
    void theClockDecidesWhatHasHappenedAndTheMidIsTheLastCloseDatedAtItsClose() throws Exception {
        Files.write(dir.resolve("ETHUSDT-1h-2024-01.csv"), List.of(
                line(T0, "1", "3", "1", "2", "1"),
                line(T0 + 3_600_000, "2", "4", "2", "3", "1"),
                line(T0 + 7_200_000, "3", "5", "3", "4", "1")));
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0).plus(Duration.ofMinutes(90)));
        CsvReplay replay = new CsvReplay(clock, dir);

        assertEquals(1, replay.candles(Token.ETH, HOUR, clock.instant().plus(Duration.ofDays(1)), 10).size(),
                "only the bar that has closed by now");
        assertEquals(new BigDecimal("2"), replay.mid(Token.ETH).orElseThrow().price());
        assertEquals(Instant.parse("2024-01-01T01:00:00Z"), replay.mid(Token.ETH).orElseThrow().ts());

        clock.advance(Duration.ofHours(2));
        assertEquals(3, replay.candles(Token.ETH, HOUR, clock.instant(), 10).size());
        assertEquals(2, replay.candles(Token.ETH, HOUR, clock.instant(), 2).size(), "the latest bars");
        assertTrue(replay.mid(Token.CAKE).isEmpty());
    }
}
