package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.FakeApi.Reply;
import xyz.halyrd.market.control.AlternativeMe;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/** The alternative.me Fear &amp; Greed feed against a local server speaking its {@code /fng/} answer. */
class AlternativeMeTest {

    private static final String PATH = "/fng/";
    private static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant JAN_2 = Instant.parse("2024-01-02T00:00:00Z");
    private static final Instant JAN_3 = Instant.parse("2024-01-03T00:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);

    /** Three days, newest first, as alternative.me sends them (numbers as strings). */
    private static final String THREE_DAYS = """
            {"name": "Fear and Greed Index",
             "data": [
               {"value": "70", "value_classification": "Greed", "timestamp": "1704240000", "time_until_update": "43200"},
               {"value": "50", "value_classification": "Neutral", "timestamp": "1704153600"},
               {"value": "30", "value_classification": "Fear", "timestamp": "1704067200"}
             ],
             "metadata": {"error": null}}
            """;

    private static String days(String... valueAndSeconds) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < valueAndSeconds.length; i += 2) {
            entries.add("{\"value\": \"" + valueAndSeconds[i] + "\", \"value_classification\": \"x\", \"timestamp\": \""
                    + valueAndSeconds[i + 1] + "\"}");
        }
        return "{\"name\": \"Fear and Greed Index\", \"data\": [" + String.join(",", entries)
                + "], \"metadata\": {\"error\": null}}";
    }

    private FakeApi api;
    private final MutableClock clock = new MutableClock(JAN_3.plus(Duration.ofHours(12)));
    private final List<Duration> sleeps = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(5);

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(AlternativeMe.class);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private AlternativeMe feed() {
        return new AlternativeMe(api.baseUrl(), timeout, TTL, clock, sleeps::add);
    }

    @Test
    void theValueOfTheLatestDayAtOrBeforeTheTimeFromTheWholeHistoryInOneRequest() {
        api.replies(PATH, Reply.of(200, THREE_DAYS));
        AlternativeMe feed = feed();

        assertEquals(OptionalDouble.of(70), feed.fearGreed(clock.instant()));
        assertEquals(OptionalDouble.of(50), feed.fearGreed(JAN_2), "exactly midnight: that day's value");
        assertEquals(OptionalDouble.of(30), feed.fearGreed(JAN_2.minusMillis(1)), "just before: the day before's");
        assertEquals(OptionalDouble.of(30), feed.fearGreed(JAN_1));
        assertEquals(OptionalDouble.empty(), feed.fearGreed(JAN_1.minusSeconds(1)), "before the history");
        assertEquals(1, api.requests.size());
        FakeApi.Request request = api.requests.get(0);
        assertEquals("0", request.param("limit"), "the full history");
        assertEquals("json", request.param("format"));
    }

    @Test
    void aValueOlderThanTwoDaysIsUnknown() {
        api.replies(PATH, Reply.of(200, days("30", "1704067200"))); // 1 January only
        clock.set(JAN_3.plus(Duration.ofDays(1)));
        AlternativeMe feed = feed();

        assertEquals(OptionalDouble.of(30), feed.fearGreed(JAN_3), "exactly two days old");
        assertEquals(OptionalDouble.empty(), feed.fearGreed(JAN_3.plusSeconds(1)), "older than two days");
    }

    @Test
    void asksAgainOnlyWhenANewerDayMayBeOutAndAtMostOncePerTtl() {
        api.replies(PATH, Reply.of(200, THREE_DAYS));
        AlternativeMe feed = feed();
        feed.fearGreed(clock.instant());
        feed.fearGreed(clock.instant());
        clock.advance(Duration.ofHours(11)); // 23:00 on the 3rd, long past the TTL: the 3rd is already known
        assertEquals(OptionalDouble.of(70), feed.fearGreed(clock.instant()));
        assertEquals(1, api.requests.size(), "the second read and the same day make no request");

        clock.advance(Duration.ofHours(2)); // 4 January 01:00: its value may be out
        api.replies(PATH, Reply.of(200, days("20", "1704326400", "70", "1704240000")));
        assertEquals(OptionalDouble.of(20), feed.fearGreed(clock.instant()));
        assertEquals(2, api.requests.size());

        clock.advance(Duration.ofDays(1)); // the 5th, but the server has nothing newer yet
        api.replies(PATH, Reply.of(200, days("20", "1704326400")));
        assertEquals(OptionalDouble.of(20), feed.fearGreed(clock.instant()), "yesterday's value meanwhile");
        clock.advance(TTL.minusSeconds(1));
        feed.fearGreed(clock.instant());
        assertEquals(3, api.requests.size(), "asked once, not again within the TTL");
        clock.advance(Duration.ofSeconds(1));
        feed.fearGreed(clock.instant());
        assertEquals(4, api.requests.size(), "again after the TTL");
    }

    @Test
    void aServerErrorIsRetriedWithDoublingBackoffThenGivesNothingUntilTheTtl() {
        api.replies(PATH, Reply.of(500, "oops"));
        AlternativeMe feed = feed();

        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()));
        assertEquals(3, api.requests.size(), "the first attempt and two retries");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()));
        assertEquals(3, api.requests.size(), "a failed round waits for the TTL as well");
        assertTrue(api.logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getMessage().contains("HTTP 500")), api.messages().toString());

        api.replies(PATH, Reply.of(200, THREE_DAYS));
        clock.advance(TTL);
        assertEquals(OptionalDouble.of(70), feed.fearGreed(clock.instant()));
        assertTrue(api.logged.stream().anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().contains("again")));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        api.replies(PATH, new Reply(429, "{}", Map.of("Retry-After", "1"), false), Reply.of(200, THREE_DAYS));
        AlternativeMe feed = feed();

        assertEquals(OptionalDouble.of(70), feed.fearGreed(clock.instant()));
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
        assertEquals(2, api.requests.size());
    }

    @Test
    void aRetryAfterBeyondTheBackoffDefersTheNextRound() {
        api.replies(PATH, new Reply(429, "{}", Map.of("Retry-After", "600"), false), Reply.of(200, THREE_DAYS));
        AlternativeMe feed = feed();

        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()));
        clock.advance(TTL.plusSeconds(1));
        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()), "not before the server's ten minutes");
        assertEquals(1, api.requests.size());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(OptionalDouble.of(70), feed.fearGreed(clock.instant()));
    }

    @Test
    void malformedJsonAndAnErrorReportGiveNothingAndAreNotRetried() {
        api.replies(PATH, Reply.of(200, "{\"data\": [ {\"value\": "));
        assertEquals(OptionalDouble.empty(), feed().fearGreed(clock.instant()));
        assertEquals(1, api.requests.size());

        api.replies(PATH, Reply.of(200, """
                {"name": "Fear and Greed Index", "data": [], "metadata": {"error": "Invalid limit"}}"""));
        AlternativeMe feed = feed();
        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()));
        assertEquals(2, api.requests.size());
        assertTrue(api.messages().stream().anyMatch(m -> m.contains("Invalid limit")), api.messages().toString());

        api.replies(PATH, Reply.of(200, days("high", "1704240000", "101", "1704153600", "40", "soon")));
        assertEquals(OptionalDouble.empty(), feed().fearGreed(clock.instant()), "no value is a usable one");
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void aServerThatNeverAnswersGivesNothingAfterTheTimeout() {
        timeout = Duration.ofSeconds(1);
        api.replies(PATH, Reply.hanging());
        long started = System.nanoTime();
        assertEquals(OptionalDouble.empty(), feed().fearGreed(clock.instant()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(3, api.requests.size(), "timeouts are retried");
        assertEquals(2, sleeps.size());
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "three bounded attempts, not a hang: " + took);
    }

    @Test
    void aServerThatIsNotThereGivesNothingWithoutThrowing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AlternativeMe feed = new AlternativeMe(URI.create("http://127.0.0.1:" + closedPort), timeout, TTL, clock,
                sleeps::add);
        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()));
    }

    @Test
    void suppliesNothingElse() {
        AlternativeMe feed = feed();
        assertEquals(List.of(), feed.candles(Token.ETH, Duration.ofHours(1), clock.instant(), 10));
        assertEquals(Optional.empty(), feed.mid(Token.ETH));
        assertEquals(Optional.empty(), feed.quote(Token.ETH, Side.BUY, BigDecimal.TEN));
        assertEquals(OptionalDouble.empty(), feed.fundingRate(Token.ETH, clock.instant()));
        assertTrue(api.requests.isEmpty());
    }
}
