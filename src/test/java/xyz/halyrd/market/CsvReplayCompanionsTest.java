package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.control.CsvReplay;
import xyz.halyrd.market.entity.Token;

/** CsvReplay's companion files: fear_greed.csv and &lt;SYMBOL&gt;-funding.csv beside the klines. */
class CsvReplayCompanionsTest {

    private static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z"); // 1704067200000
    private static final Instant JAN_2 = Instant.parse("2024-01-02T00:00:00Z");
    private static final Duration EIGHT_HOURS = Duration.ofHours(8);

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger(CsvReplay.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == Level.WARNING) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    private static void assertRate(double expected, OptionalDouble actual, String why) {
        assertTrue(actual.isPresent(), why + ": empty");
        assertEquals(expected, actual.getAsDouble(), 1e-12, why);
    }

    @Test
    void fearAndGreedIsTheLatestDayAtOrBeforeTheTimeAndTheClock() throws Exception {
        Files.write(dir.resolve("fear_greed.csv"), List.of("date,value", "2024-01-01,63", "2024-01-02,40",
                "2024-01-04,35"));
        MutableClock clock = new MutableClock(JAN_2.plus(Duration.ofHours(12)));
        CsvReplay replay = new CsvReplay(clock, dir);

        assertEquals(OptionalDouble.of(40), replay.fearGreed(JAN_2), "exactly midnight: that day's value");
        assertEquals(OptionalDouble.of(63), replay.fearGreed(JAN_2.minusMillis(1)), "just before: the day before's");
        assertEquals(OptionalDouble.empty(), replay.fearGreed(JAN_1.minusMillis(1)), "before the file");
        assertEquals(OptionalDouble.of(40), replay.fearGreed(JAN_2.plus(Duration.ofDays(2))),
                "not the 4th before the clock has reached it");
        clock.set(JAN_2.plus(Duration.ofDays(2)));
        assertEquals(OptionalDouble.of(35), replay.fearGreed(clock.instant()));
        assertEquals(OptionalDouble.of(40), replay.fearGreed(JAN_2.plus(Duration.ofDays(1)).minusMillis(1)));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aGapOfMoreThanTwoDaysIsUnknown() throws Exception {
        Files.write(dir.resolve("fear_greed.csv"), List.of("2024-01-01,63", "2024-01-10,20"));
        CsvReplay replay = new CsvReplay(new MutableClock(JAN_1.plus(Duration.ofDays(20))), dir);

        assertEquals(OptionalDouble.of(63), replay.fearGreed(JAN_1.plus(Duration.ofDays(2))), "exactly two days old");
        assertEquals(OptionalDouble.empty(), replay.fearGreed(JAN_1.plus(Duration.ofDays(2)).plusMillis(1)));
    }

    @Test
    void fundingIsTheRateInForceInPercentPerTokenFromItsPerpetualsFile() throws Exception {
        Files.write(dir.resolve("ETHUSDT-funding.csv"), List.of(
                "1704067200000,0.00010000",
                "1704096000000,-0.00037500",
                "1704124800000,0.00030000"));
        Files.write(dir.resolve("BTCUSDT-funding.csv"), List.of("funding_time_ms,funding_rate",
                "1704067200000,0.00050000"));
        CsvReplay replay = new CsvReplay(new MutableClock(JAN_2), dir);

        assertRate(0.01, replay.fundingRate(Token.ETH, JAN_1), "exactly at the funding, 0.0001 is 0.01 %");
        assertRate(0.01, replay.fundingRate(Token.ETH, JAN_1.plus(EIGHT_HOURS).minusMillis(1)), "just before the next");
        assertRate(-0.0375, replay.fundingRate(Token.ETH, JAN_1.plus(EIGHT_HOURS)), "at the next");
        assertRate(0.03, replay.fundingRate(Token.ETH, JAN_2), "in force until the next");
        assertEquals(OptionalDouble.empty(), replay.fundingRate(Token.ETH, JAN_1.minusMillis(1)), "before the file");
        assertRate(0.05, replay.fundingRate(Token.BTCB, JAN_2), "BTCB's funding is the Bitcoin perpetual's");
        assertEquals(OptionalDouble.empty(), replay.fundingRate(Token.LINK, JAN_2), "no file, no funding");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void malformedLinesAreSkippedAndCountedInOneWarningPerFile() throws Exception {
        Files.write(dir.resolve("fear_greed.csv"), List.of("date,value", "2024-01-01,63", "2024-01-02,abc",
                "2024-13-01,50", "2024-01-03,101", "garbage", "", "2024-01-02,40"));
        Files.write(dir.resolve("ETHUSDT-funding.csv"), List.of("1704067200000,0.00010000", "x,y", "1704096000000",
                "1704096000000,-0.00037500,extra", "1704096000000,-0.00037500"));
        Files.write(dir.resolve("FOOUSDT-funding.csv"), List.of("1704067200000,0.00010000"));
        CsvReplay replay = new CsvReplay(new MutableClock(JAN_2.plus(Duration.ofHours(12))), dir);

        assertEquals(OptionalDouble.of(40), replay.fearGreed(JAN_2), "the good lines are read");
        assertRate(-0.0375, replay.fundingRate(Token.ETH, JAN_2), "the good lines are read");
        assertEquals(0, replay.skippedLines(), "the klines' count is the klines'");
        assertEquals(1, warnings.stream().filter(w -> w.contains("Skipped 4 malformed lines")
                && w.contains("fear_greed.csv")).count(), warnings.toString());
        assertEquals(1, warnings.stream().filter(w -> w.contains("Skipped 3 malformed lines")
                && w.contains("ETHUSDT-funding.csv")).count(), warnings.toString());
        assertEquals(1, warnings.stream().filter(w -> w.contains("FOOUSDT-funding.csv")).count(), warnings.toString());
        assertEquals(3, warnings.size(), warnings.toString());
    }
}
