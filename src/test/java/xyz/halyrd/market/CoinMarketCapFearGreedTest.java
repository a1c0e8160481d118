package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.FakeApi.Reply;
import xyz.halyrd.market.control.CoinMarketCap;

/** CoinMarketCap's Fear &amp; Greed index ({@code /v3/fear-and-greed/historical}) against a local server. */
class CoinMarketCapFearGreedTest {

    private static final String KEY = "test-key-5ecr3t-0123456789";
    private static final String PATH = "/v3/fear-and-greed/historical";
    private static final Instant SEP_10 = Instant.parse("2024-09-10T00:00:00Z"); // 1725926400
    private static final Instant SEP_11 = Instant.parse("2024-09-11T00:00:00Z"); // 1726012800
    private static final Duration TTL = Duration.ofSeconds(60);

    /** Newest first, values as numbers and the error code as a string, as v3 sends them. */
    private static final String TWO_DAYS = """
            {"data": [
               {"timestamp": "1726012800", "value": 38, "value_classification": "Fear"},
               {"timestamp": "1725926400", "value": 45, "value_classification": "Neutral"}
             ],
             "status": {"timestamp": "2024-09-11T12:00:00.000Z", "error_code": "0", "error_message": "",
                        "elapsed": 3, "credit_count": 1, "notice": ""}}
            """;

    private FakeApi api;
    private final MutableClock clock = new MutableClock(SEP_11.plus(Duration.ofHours(12)));
    private final List<Duration> sleeps = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(5);

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(CoinMarketCap.class);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private CoinMarketCap cmc(Optional<String> key) {
        return new CoinMarketCap(new CoinMarketCap.Settings(api.baseUrl(), key, timeout, 2, Duration.ofMillis(500), TTL),
                clock, sleeps::add);
    }

    @Test
    void readsTheDailyValuesWithTheKeyInTheHeader() {
        api.replies(PATH, Reply.of(200, TWO_DAYS));
        CoinMarketCap cmc = cmc(Optional.of(KEY));

        assertEquals(OptionalDouble.of(38), cmc.fearGreed(clock.instant()));
        assertEquals(OptionalDouble.of(38), cmc.fearGreed(SEP_11), "exactly midnight: that day's value");
        assertEquals(OptionalDouble.of(45), cmc.fearGreed(SEP_11.minusMillis(1)), "just before: the day before's");
        assertEquals(OptionalDouble.empty(), cmc.fearGreed(SEP_10.minusMillis(1)), "before the history");
        assertEquals(1, api.requests.size());
        FakeApi.Request request = api.requests.get(0);
        assertEquals(KEY, request.headers().getFirst("X-CMC_PRO_API_KEY"));
        assertEquals("1", request.param("start"));
        assertEquals("500", request.param("limit"));
    }

    @Test
    void theSecondReadWithinTheTtlMakesNoRequestAndTheSameDayNoneAtAll() {
        api.replies(PATH, Reply.of(200, TWO_DAYS));
        CoinMarketCap cmc = cmc(Optional.of(KEY));
        cmc.fearGreed(clock.instant());
        cmc.fearGreed(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofHours(6));
        cmc.fearGreed(clock.instant());
        assertEquals(1, api.requests.size(), "the 11th is known: CMC's credits are not spent again that day");
        clock.advance(Duration.ofHours(6)); // the 12th
        cmc.fearGreed(clock.instant());
        assertEquals(2, api.requests.size());
    }

    @Test
    void errorsGiveNothingWithoutThrowing() {
        api.replies(PATH, Reply.of(500, "{}"));
        assertEquals(OptionalDouble.empty(), cmc(Optional.of(KEY)).fearGreed(clock.instant()));
        assertEquals(3, api.requests.size(), "a 5xx is retried");

        api.replies(PATH, new Reply(429, """
                {"status": {"error_code": 1008, "error_message": "You've exceeded your API Key's HTTP request rate limit."}}""",
                Map.of("Retry-After", "1"), false), Reply.of(200, TWO_DAYS));
        assertEquals(OptionalDouble.of(38), cmc(Optional.of(KEY)).fearGreed(clock.instant()), "after the Retry-After");
        assertEquals(5, api.requests.size());

        api.replies(PATH, Reply.of(200, "{\"data\": [{\"timestamp\": "));
        assertEquals(OptionalDouble.empty(), cmc(Optional.of(KEY)).fearGreed(clock.instant()), "malformed JSON");
        api.replies(PATH, Reply.of(200, """
                {"data": [{"timestamp": "1726012800", "value": 38}],
                 "status": {"error_code": "1006", "error_message": "Your plan is not authorized to access this endpoint."}}"""));
        assertEquals(OptionalDouble.empty(), cmc(Optional.of(KEY)).fearGreed(clock.instant()), "an error status");
        assertEquals(7, api.requests.size(), "neither is retried");
        assertTrue(api.messages().stream().anyMatch(m -> m.contains("CMC error 1006")), api.messages().toString());
    }

    @Test
    void aServerThatNeverAnswersGivesNothingAfterTheTimeout() {
        timeout = Duration.ofSeconds(1);
        api.replies(PATH, Reply.hanging());
        long started = System.nanoTime();
        assertEquals(OptionalDouble.empty(), cmc(Optional.of(KEY)).fearGreed(clock.instant()));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(8)) < 0);
        assertEquals(3, api.requests.size(), "timeouts are retried");
    }

    @Test
    void theKeyNeverShowsInTheLogEvenWhenTheServerEchoesIt() {
        api.replies(PATH, Reply.of(401, """
                {"status": {"error_code": 1001, "error_message": "This API Key is invalid: %s"}}""".formatted(KEY)));
        CoinMarketCap cmc = cmc(Optional.of(KEY));
        assertEquals(OptionalDouble.empty(), cmc.fearGreed(clock.instant()));
        assertFalse(api.logged.isEmpty());
        for (LogRecord record : api.logged) {
            assertFalse(record.getMessage().contains(KEY), record.getMessage());
        }
        assertTrue(api.messages().stream().anyMatch(m -> m.contains("is invalid")), api.messages().toString());
        assertFalse(cmc.toString().contains(KEY));
    }

    @Test
    void withoutAKeyAsksNothing() {
        api.replies(PATH, Reply.of(200, TWO_DAYS));
        assertEquals(OptionalDouble.empty(), cmc(Optional.empty()).fearGreed(clock.instant()));
        assertTrue(api.requests.isEmpty());
    }
}
