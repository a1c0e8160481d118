package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.FakeApi.Reply;
import xyz.halyrd.market.control.CoinMarketCap;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/** CoinMarketCap against a local server that speaks CMC's v2 quotes/latest, with a hand-moved clock. */
class CoinMarketCapTest {

    private static final String KEY = "test-key-5ecr3t-0123456789";
    private static final String PATH = "/v2/cryptocurrency/quotes/latest";
    private static final Instant NOW = Instant.parse("2025-06-22T14:00:30Z");
    private static final Duration TTL = Duration.ofSeconds(60);

    private static final String GOOD = """
            {"status": {"timestamp": "2025-06-22T14:00:05.123Z", "error_code": 0, "error_message": null,
                        "elapsed": 12, "credit_count": 1, "notice": null},
             "data": {
               "1027": {"id": 1027, "name": "Ethereum", "symbol": "ETH",
                        "quote": {"USDT": {"price": 3421.5, "volume_24h": 1.5E10,
                                           "last_updated": "2025-06-22T14:00:00.000Z"}}},
               "1":    {"id": 1, "name": "Bitcoin", "symbol": "BTC",
                        "quote": {"USDT": {"price": 104250.12345678901234,
                                           "last_updated": "2025-06-22T13:59:00.000Z"}}},
               "74":   {"id": 74, "name": "Dogecoin", "symbol": "DOGE",
                        "quote": {"USDT": {"price": 0.000000000000123456789,
                                           "last_updated": "2025-06-22T14:00:01.250Z"}}},
               "2":    {"id": 2, "name": "Litecoin", "symbol": "LTC",
                        "quote": {"USDT": {"price": null, "last_updated": "2025-06-22T14:00:00.000Z"}}},
               "7186": {"id": 7186, "name": "PancakeSwap", "symbol": "CAKE",
                        "quote": {"USDT": {"price": 2.41}}},
               "5805": {"id": 5805, "name": "Avalanche", "symbol": "AVAX",
                        "quote": {"USD": {"price": 35.2, "last_updated": "2025-06-22T14:00:00.000Z"}}}
             }}
            """;

    private static final String ARRAY_FORM = """
            {"status": {"error_code": 0, "error_message": null},
             "data": {
               "1027": [{"id": 1027, "symbol": "ETH",
                         "quote": {"USDT": {"price": 3399.75, "last_updated": "2025-06-22T14:01:00Z"}}}],
               "1839": [{"id": 999999, "symbol": "IMPOSTOR",
                         "quote": {"USDT": {"price": 1, "last_updated": "2025-06-22T14:01:00Z"}}},
                        {"id": 1839, "symbol": "BNB",
                         "quote": {"USDT": {"price": 645.1, "last_updated": "2025-06-22T14:01:00Z"}}}]
             }}
            """;

    private static String eth(String price, String lastUpdated) {
        return """
                {"status": {"error_code": 0, "error_message": null},
                 "data": {"1027": {"id": 1027, "symbol": "ETH",
                                   "quote": {"USDT": {"price": %s, "last_updated": "%s"}}}}}
                """.formatted(price, lastUpdated);
    }

    private static String cmcError(int code, String message) {
        return """
                {"status": {"timestamp": "2025-06-22T14:00:30.000Z", "error_code": %d, "error_message": "%s",
                            "elapsed": 0, "credit_count": 0}}
                """.formatted(code, message);
    }

    private final List<Duration> sleeps = new ArrayList<>();
    private final MutableClock clock = new MutableClock(NOW);
    private FakeApi api;
    private List<FakeApi.Request> requests;
    private List<LogRecord> logged;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(CoinMarketCap.class);
        requests = api.requests;
        logged = api.logged;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** What the fake CMC answers from now on, in order; the last answer repeats. */
    private void replies(Reply... answers) {
        api.replies(PATH, answers);
    }

    /** The CMC ids a request asked for. */
    private static Set<String> ids(FakeApi.Request request) {
        return Set.of(request.param("id").split(","));
    }

    /**
     * Generous, so a busy machine never turns a good answer into a timeout and a retry; the tests of a hanging
     * server shorten it to {@link #SHORT_TIMEOUT}.
     */
    private Duration timeout = Duration.ofSeconds(5);
    /** Still long enough for a good first answer on a busy two-core machine (200 ms was not, under a parallel build). */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    private CoinMarketCap.Settings settings(Optional<String> key, int retries) {
        return new CoinMarketCap.Settings(api.baseUrl(), key,
                timeout, retries, Duration.ofMillis(500), TTL);
    }

    private CoinMarketCap cmc() {
        return cmc(2);
    }

    private CoinMarketCap cmc(int retries) {
        return new CoinMarketCap(settings(Optional.of(KEY), retries), clock, sleeps::add);
    }

    private static MidPrice mid(Token token, String price, String ts) {
        return new MidPrice(token, new BigDecimal(price), Instant.parse(ts));
    }

    @Test
    void readsPricesAndTheirTimesExactlyFromOneBatchedRequest() {
        replies(Reply.of(200, GOOD));
        CoinMarketCap cmc = cmc();

        assertEquals(Optional.of(mid(Token.ETH, "3421.5", "2025-06-22T14:00:00Z")), cmc.mid(Token.ETH));
        assertEquals(Optional.of(mid(Token.BTCB, "104250.12345678901234", "2025-06-22T13:59:00Z")),
                cmc.mid(Token.BTCB), "BTCB is priced as Bitcoin (id 1), to the last digit");
        assertEquals(new BigDecimal("0.000000000000123456789"), cmc.mid(Token.DOGE).orElseThrow().price());
        assertEquals(Instant.parse("2025-06-22T14:00:01.250Z"), cmc.mid(Token.DOGE).orElseThrow().ts());
        assertEquals(Optional.empty(), cmc.mid(Token.LTC), "null price");
        assertEquals(Optional.empty(), cmc.mid(Token.CAKE), "no last_updated: a price without a time is not used");
        assertEquals(Optional.empty(), cmc.mid(Token.AVAX), "only a USD quote: not taken for USDT");
        assertEquals(Optional.empty(), cmc.mid(Token.FIL), "not in the answer");

        assertEquals(1, requests.size(), "one request serves every token");
        FakeApi.Request request = requests.get(0);
        assertEquals(PATH, request.path());
        assertEquals(KEY, request.headers().getFirst("X-CMC_PRO_API_KEY"));
        assertEquals("application/json", request.headers().getFirst("Accept"));
        assertTrue(request.query().contains("convert=USDT"), request.query());
        Set<String> allIds = EnumSet.allOf(Token.class).stream().map(t -> String.valueOf(CoinMarketCap.cmcId(t)))
                .collect(Collectors.toSet());
        assertEquals(allIds, ids(request));
        assertEquals(Set.of("1839", "1", "1027", "7186", "1975", "5805", "2010", "6636", "52", "74", "7083", "2",
                "3794", "2280"), ids(request));
        assertTrue(sleeps.isEmpty());
    }

    @Test
    void everyTokenHasItsOwnCmcId() {
        Set<Integer> ids = new HashSet<>();
        for (Token token : Token.values()) {
            assertTrue(ids.add(CoinMarketCap.cmcId(token)), token + " shares its id");
        }
        assertEquals(1, CoinMarketCap.cmcId(Token.BTCB));
    }

    @Test
    void readsDataInArrayFormPickingTheEntryWithTheRightId() {
        replies(Reply.of(200, ARRAY_FORM));
        CoinMarketCap cmc = cmc();

        assertEquals(Optional.of(mid(Token.ETH, "3399.75", "2025-06-22T14:01:00Z")), cmc.mid(Token.ETH));
        assertEquals(Optional.of(mid(Token.BNB, "645.1", "2025-06-22T14:01:00Z")), cmc.mid(Token.BNB));
        assertEquals(1, requests.size());
    }

    @Test
    void cmcErrorBodiesGiveNothingAndAreNotRetried() {
        replies(Reply.of(401, cmcError(1002, "API key missing.")));
        CoinMarketCap cmc = cmc();
        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(1, requests.size(), "a refused key does not get better by asking again at once");

        clock.advance(TTL);
        replies(Reply.of(200, cmcError(1008, "You've exceeded your API Key's HTTP request rate limit.")));
        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(2, requests.size());
        assertTrue(sleeps.isEmpty());
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("API key missing")), "the reason is logged");
    }

    @Test
    void retriesAServerErrorWithDoublingBackoff() {
        replies(Reply.of(500, "oops"), Reply.of(502, "<html>bad gateway</html>"), Reply.of(200, GOOD));
        CoinMarketCap cmc = cmc();

        assertEquals(new BigDecimal("3421.5"), cmc.mid(Token.ETH).orElseThrow().price());
        assertEquals(3, requests.size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), sleeps);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        replies(Reply.of(503, ""));
        CoinMarketCap cmc = cmc();

        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(3, requests.size(), "1 + retries");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), sleeps);
        assertEquals(Optional.empty(), cmc.mid(Token.BNB));
        assertEquals(3, requests.size(), "a failed round also waits for the cache TTL before asking again");
    }

    @Test
    void honoursRetryAfterOnTooManyRequests() {
        replies(new Reply(429, cmcError(1008, "rate limit"), Map.of("Retry-After", "1"), false), Reply.of(200, GOOD));
        CoinMarketCap cmc = cmc();

        assertEquals(new BigDecimal("3421.5"), cmc.mid(Token.ETH).orElseThrow().price());
        assertEquals(2, requests.size());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps, "Retry-After, not the shorter first backoff");

        clock.advance(TTL);
        replies(new Reply(429, "", Map.of("Retry-After", "Sun, 22 Jun 2025 14:01:31 GMT"), false),
                Reply.of(200, eth("3430", "2025-06-22T14:01:00Z")));
        assertEquals(new BigDecimal("3430"), cmc.mid(Token.ETH).orElseThrow().price());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeps,
                "Retry-After as an HTTP date, one second after the clock");
    }

    @Test
    void aRetryAfterBeyondTheBackoffCapEndsTheRoundAndDefersTheNextOne() {
        replies(new Reply(429, cmcError(1008, "rate limit"), Map.of("Retry-After", "120"), false), Reply.of(200, GOOD));
        CoinMarketCap cmc = cmc();

        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(1, requests.size());
        assertTrue(sleeps.isEmpty(), "never waits two minutes inside a trading cycle");

        clock.advance(TTL.plusSeconds(1));
        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(1, requests.size(), "CMC asked for 120 s of quiet");

        clock.advance(Duration.ofSeconds(60));
        assertEquals(new BigDecimal("3421.5"), cmc.mid(Token.ETH).orElseThrow().price());
        assertEquals(2, requests.size());
    }

    @Test
    void aServerSlowerThanTheTimeoutGivesNothingQuickly() {
        replies(new Reply(200, GOOD, Map.of(), true));
        timeout = SHORT_TIMEOUT;
        CoinMarketCap cmc = cmc(1);

        long started = System.nanoTime();
        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // one backoff between two attempts: timed out, retried once, timed out again (the server may not even have
        // read the second request before the client gave up on it, so its count is no measure)
        assertEquals(List.of(Duration.ofMillis(500)), sleeps);
        assertTrue(requests.size() >= 1 && requests.size() <= 2, requests.size() + " requests");
        assertTrue(tookMillis < 3_000, "two 200 ms timeouts took " + tookMillis + " ms");
    }

    @Test
    void malformedJsonGivesNothing() {
        replies(Reply.of(200, "{\"status\": {\"error_code\": 0}, \"data\": {\"1027\": {\"id\": 10"));
        CoinMarketCap cmc = cmc();

        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(1, requests.size());

        clock.advance(TTL);
        replies(Reply.of(200, "[1, 2, 3]"));
        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        clock.advance(TTL);
        replies(Reply.of(200, "{\"status\": {\"error_code\": 0}, \"data\": {\"1027\": \"three thousand\"}}"));
        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(3, requests.size());
    }

    @Test
    void afterFailuresTheLastGoodPriceIsServedWithItsOriginalTime() {
        MidPrice good = mid(Token.ETH, "3421.5", "2025-06-22T14:00:00Z");
        replies(Reply.of(200, GOOD));
        timeout = SHORT_TIMEOUT; // one of the failures below is a server that never answers
        CoinMarketCap cmc = cmc(0);
        assertEquals(Optional.of(good), cmc.mid(Token.ETH));

        List<Reply> failures = List.of(Reply.of(500, "down"), Reply.of(200, "not json"),
                Reply.of(401, cmcError(1001, "This API Key is invalid.")), Reply.of(200, "{\"status\": {}}"),
                new Reply(200, GOOD, Map.of(), true));
        for (Reply failure : failures) {
            clock.advance(TTL);
            replies(failure);
            assertEquals(Optional.of(good), cmc.mid(Token.ETH), "after " + failure.status() + " " + failure.body());
        }
        assertEquals(1 + failures.size(), requests.size());

        clock.advance(TTL);
        replies(Reply.of(200, eth("3500.25", "2025-06-22T14:05:00Z")));
        assertEquals(Optional.of(mid(Token.ETH, "3500.25", "2025-06-22T14:05:00Z")), cmc.mid(Token.ETH));
        assertEquals(Optional.of(mid(Token.BTCB, "104250.12345678901234", "2025-06-22T13:59:00Z")),
                cmc.mid(Token.BTCB), "a token missing from a good answer keeps its last price and time");
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().contains("again")));
    }

    @Test
    void neverTakesAPriceBackInTime() {
        replies(Reply.of(200, eth("3421.5", "2025-06-22T14:00:00Z")));
        CoinMarketCap cmc = cmc();
        cmc.mid(Token.ETH);
        clock.advance(TTL);
        replies(Reply.of(200, eth("3000", "2025-06-22T13:00:00Z")));
        assertEquals(Optional.of(mid(Token.ETH, "3421.5", "2025-06-22T14:00:00Z")), cmc.mid(Token.ETH));
    }

    @Test
    void connectionRefusedGivesNothingWithoutThrowing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CoinMarketCap cmc = new CoinMarketCap(new CoinMarketCap.Settings(URI.create("http://127.0.0.1:" + closedPort),
                Optional.of(KEY), Duration.ofMillis(200), 2, Duration.ofMillis(500), TTL), clock, sleeps::add);

        assertEquals(Optional.empty(), cmc.mid(Token.ETH));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), sleeps, "refused is worth retrying");
    }

    @Test
    void withoutAKeyAnswersNothingAsksNothingAndSaysSoOnce() {
        replies(Reply.of(200, GOOD));
        CoinMarketCap cmc = new CoinMarketCap(settings(Optional.of("  "), 2), clock, sleeps::add);

        for (Token token : Token.values()) {
            assertEquals(Optional.empty(), cmc.mid(token));
        }
        assertEquals(0, requests.size());
        assertEquals(1, logged.stream().filter(r -> r.getMessage().contains("halyrd.cmc.api-key")).count());
    }

    @Test
    void oneRequestServesEveryCallForTheCacheTtl() {
        replies(Reply.of(200, GOOD));
        CoinMarketCap cmc = cmc();

        for (int second = 0; second < 60; second++) {
            for (Token token : Token.values()) {
                cmc.mid(token);
            }
            clock.advance(Duration.ofMillis(999));
        }
        assertEquals(1, requests.size());

        clock.set(NOW.plus(TTL));
        replies(Reply.of(200, eth("3430", "2025-06-22T14:01:00Z")));
        assertEquals(new BigDecimal("3430"), cmc.mid(Token.ETH).orElseThrow().price());
        assertEquals(2, requests.size());
    }

    @Test
    void theKeyNeverShowsInLogsOrToString() {
        // A server that echoes the key back in its error message: the adapter logs that message, redacted.
        replies(Reply.of(401, cmcError(1001, "The API key " + KEY + " is invalid.")));
        CoinMarketCap cmc = cmc();
        cmc.mid(Token.ETH);
        clock.advance(TTL);
        replies(Reply.of(500, "{}"));
        cmc.mid(Token.ETH);

        assertFalse(logged.isEmpty());
        for (LogRecord record : logged) {
            assertFalse(record.getMessage().contains(KEY), record.getMessage());
            assertTrue(record.getThrown() == null || !String.valueOf(record.getThrown()).contains(KEY));
        }
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("is invalid")));
        assertFalse(cmc.toString().contains(KEY), cmc.toString());
        assertFalse(settings(Optional.of(KEY), 2).toString().contains(KEY));
    }

    @Test
    void suppliesNoCandlesAndNoQuotes() {
        replies(Reply.of(200, GOOD));
        CoinMarketCap cmc = cmc();
        assertEquals(List.of(), cmc.candles(Token.ETH, Duration.ofHours(1), NOW, 48));
        assertEquals(Optional.empty(), cmc.quote(Token.ETH, Side.BUY, new BigDecimal("100")));
        assertEquals(0, requests.size());
    }
}
