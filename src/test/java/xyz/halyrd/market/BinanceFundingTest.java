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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.FakeApi.Reply;
import xyz.halyrd.market.control.BinanceFunding;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/** Binance USDⓈ-M funding rates against a local server speaking fundingRate and premiumIndex. */
class BinanceFundingTest {

    private static final String HISTORY = "/fapi/v1/fundingRate";
    private static final String PREMIUM = "/fapi/v1/premiumIndex";
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z"); // 1704067200000
    private static final Duration EIGHT_HOURS = Duration.ofHours(8);
    private static final Duration TTL = Duration.ofMinutes(5);

    /** Three fundings of 1 January, as Binance lists them (oldest first, rates as strings). */
    private static final String FUNDINGS = """
            [{"symbol": "ETHUSDT", "fundingTime": 1704067200000, "fundingRate": "0.00010000", "markPrice": "2281.87"},
             {"symbol": "ETHUSDT", "fundingTime": 1704096000000, "fundingRate": "-0.00037500", "markPrice": "2290.10"},
             {"symbol": "ETHUSDT", "fundingTime": 1704124800000, "fundingRate": "0.00030000", "markPrice": "2285.30"}]
            """;

    private static String premium(String symbol, String rate, Instant next, Instant time) {
        return """
                {"symbol": "%s", "markPrice": "2290.12000000", "indexPrice": "2289.50000000",
                 "estimatedSettlePrice": "2289.9", "lastFundingRate": "%s", "interestRate": "0.00010000",
                 "nextFundingTime": %d, "time": %d}
                """.formatted(symbol, rate, next.toEpochMilli(), time.toEpochMilli());
    }

    private FakeApi api;
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(10)));
    private final List<Duration> sleeps = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(5);

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(BinanceFunding.class);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private BinanceFunding feed() {
        return new BinanceFunding(api.baseUrl(), timeout, TTL, clock, sleeps::add);
    }

    private static void assertRate(double expected, OptionalDouble actual, String why) {
        assertTrue(actual.isPresent(), why + ": empty");
        assertEquals(expected, actual.getAsDouble(), 1e-12, why);
    }

    @Test
    void thePastRateIsTheLatestFundingAtOrBeforeTheTimeInPercent() {
        api.replies(HISTORY, Reply.of(200, FUNDINGS));
        BinanceFunding feed = feed();

        assertRate(0.01, feed.fundingRate(Token.ETH, T0.plus(Duration.ofHours(1))), "0.0001 is 0.01 %");
        assertRate(-0.0375, feed.fundingRate(Token.ETH, T0.plus(EIGHT_HOURS)), "exactly at a funding: the new rate");
        assertRate(0.01, feed.fundingRate(Token.ETH, T0.plus(EIGHT_HOURS).minusMillis(1)), "just before: the old one");
        assertRate(0.03, feed.fundingRate(Token.ETH, T0.plus(Duration.ofHours(20))), "in force until the next");
        assertEquals(1, api.requests.size(), "one window serves the later times; the past is not asked again");
        FakeApi.Request request = api.requests.get(0);
        assertEquals("ETHUSDT", request.param("symbol"));
        assertEquals(String.valueOf(T0.plus(Duration.ofHours(1)).minus(Duration.ofDays(2)).toEpochMilli()),
                request.param("startTime"), "from two days before: the rate in force then");
        assertEquals(String.valueOf(clock.instant().toEpochMilli()), request.param("endTime"), "never the future");
        assertEquals("1000", request.param("limit"));
        assertTrue(api.requests(PREMIUM).isEmpty(), "a time long past is not the current interval");

        assertEquals(OptionalDouble.empty(), feed.fundingRate(Token.ETH, T0.plus(Duration.ofDays(5))),
                "the last funding is more than two days old there");
    }

    @Test
    void btcbReadsTheBitcoinPerpetual() {
        api.replies(HISTORY, Reply.of(200, FUNDINGS.replace("ETHUSDT", "BTCUSDT")));
        feed().fundingRate(Token.BTCB, T0.plus(Duration.ofHours(1)));
        assertEquals("BTCUSDT", api.requests.get(0).param("symbol"));
        assertEquals(Optional.of("ETHUSDT"), BinanceFunding.perpetual(Token.ETH));
        assertEquals(Optional.of("BTCUSDT"), BinanceFunding.perpetual(Token.BTCB));
    }

    @Test
    void withinTheCurrentIntervalTheRateIsPremiumIndexsLastFundingRateCachedForTheTtl() {
        Instant next = T0.plus(Duration.ofDays(10));
        clock.set(next.minus(Duration.ofHours(1)));
        api.replies(PREMIUM, Reply.of(200, premium("ETHUSDT", "0.00012345", next, clock.instant())));
        api.replies(HISTORY, Reply.of(200, """
                [{"symbol": "ETHUSDT", "fundingTime": %d, "fundingRate": "0.00050000", "markPrice": "1"}]"""
                .formatted(next.minus(EIGHT_HOURS.multipliedBy(2)).toEpochMilli())));
        BinanceFunding feed = feed();

        assertRate(0.012345, feed.fundingRate(Token.ETH, clock.instant()), "now");
        assertRate(0.012345, feed.fundingRate(Token.ETH, next.minus(EIGHT_HOURS)), "the interval's first instant");
        assertEquals(1, api.requests(PREMIUM).size());
        assertEquals("ETHUSDT", api.requests(PREMIUM).get(0).param("symbol"));
        assertTrue(api.requests(HISTORY).isEmpty());
        assertRate(0.05, feed.fundingRate(Token.ETH, next.minus(EIGHT_HOURS).minusMillis(1)),
                "just before the interval: the settled history");
        assertEquals(1, api.requests(HISTORY).size());

        clock.advance(TTL.minusSeconds(1));
        feed.fundingRate(Token.ETH, clock.instant());
        assertEquals(1, api.requests(PREMIUM).size(), "the second read within the TTL makes no request");
        clock.advance(Duration.ofSeconds(1));
        api.replies(PREMIUM, Reply.of(200, premium("ETHUSDT", "0.00020000", next, clock.instant())));
        assertRate(0.02, feed.fundingRate(Token.ETH, clock.instant()), "asked again after the TTL");
        assertEquals(2, api.requests(PREMIUM).size());
    }

    @Test
    void anUnknownSymbolIsABinanceErrorThatGivesNothingAndIsNotRetried() {
        api.replies(HISTORY, Reply.of(400, "{\"code\": -1121, \"msg\": \"Invalid symbol.\"}"));
        BinanceFunding feed = feed();
        assertEquals(OptionalDouble.empty(), feed.fundingRate(Token.CAKE, T0));
        assertEquals(1, api.requests.size());
        assertTrue(api.messages().stream().anyMatch(m -> m.contains("Binance error -1121: Invalid symbol.")),
                api.messages().toString());
        assertEquals(OptionalDouble.empty(), feed.fundingRate(Token.CAKE, T0), "not asked again within the TTL");
        assertEquals(1, api.requests.size());
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedAndMalformedAnswersAreNot() {
        api.replies(HISTORY, Reply.of(500, "{}"));
        assertEquals(OptionalDouble.empty(), feed().fundingRate(Token.ETH, T0));
        assertEquals(3, api.requests.size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);

        api.replies(HISTORY, new Reply(429, "{\"code\": -1003, \"msg\": \"Too many requests.\"}",
                Map.of("Retry-After", "1"), false), Reply.of(200, FUNDINGS));
        assertRate(0.01, feed().fundingRate(Token.ETH, T0), "after the Retry-After");
        assertEquals(5, api.requests.size());

        api.replies(HISTORY, Reply.of(200, "[{\"fundingTime\": 17040"));
        assertEquals(OptionalDouble.empty(), feed().fundingRate(Token.ETH, T0), "malformed JSON");
        api.replies(HISTORY, Reply.of(200, "{\"symbol\": \"ETHUSDT\"}"));
        assertEquals(OptionalDouble.empty(), feed().fundingRate(Token.ETH, T0), "not a list");
        assertEquals(7, api.requests.size());

        clock.set(T0.plus(Duration.ofHours(1)));
        api.replies(PREMIUM, Reply.of(200, "{\"symbol\": \"ETHUSDT\", \"lastFundingRate\": \"\"}"));
        api.replies(HISTORY, Reply.of(500, "{}"));
        assertEquals(OptionalDouble.empty(), feed().fundingRate(Token.ETH, clock.instant()),
                "an unusable premiumIndex and no history");
    }

    @Test
    void aServerThatNeverAnswersGivesNothingAfterTheTimeout() {
        timeout = Duration.ofSeconds(1);
        api.replies(HISTORY, Reply.hanging());
        long started = System.nanoTime();
        assertEquals(OptionalDouble.empty(), feed().fundingRate(Token.ETH, T0));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(8)) < 0);
        assertEquals(3, api.requests.size(), "timeouts are retried");
    }

    @Test
    void aServerThatIsNotThereGivesNothingWithoutThrowing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        BinanceFunding feed = new BinanceFunding(URI.create("http://127.0.0.1:" + closedPort), timeout, TTL, clock,
                sleeps::add);
        assertEquals(OptionalDouble.empty(), feed.fundingRate(Token.ETH, clock.instant()));
        assertEquals(OptionalDouble.empty(), feed.fundingRate(Token.ETH, T0));
    }

    @Test
    void suppliesNothingElse() {
        BinanceFunding feed = feed();
        assertEquals(List.of(), feed.candles(Token.ETH, Duration.ofHours(1), clock.instant(), 10));
        assertEquals(Optional.empty(), feed.mid(Token.ETH));
        assertEquals(Optional.empty(), feed.quote(Token.ETH, Side.BUY, BigDecimal.TEN));
        assertEquals(OptionalDouble.empty(), feed.fearGreed(clock.instant()));
        assertTrue(api.requests.isEmpty());
    }
}
