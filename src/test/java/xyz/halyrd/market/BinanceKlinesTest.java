package xyz.halyrd.market;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xyz.halyrd.market.FakeBinance.KLINES;
import static xyz.halyrd.market.FakeBinance.close;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.FakeApi.Reply;
import xyz.halyrd.market.control.BinanceKlines;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/** Live candles from Binance's klines against a local server speaking its REST and WebSocket shapes. */
class BinanceKlinesTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration BAR = Duration.ofMinutes(5);
    /** Bar 1152 opens at the start of the fifth day; two minutes into it, the bars up to 1151 have closed. */
    private static final long OPEN_BAR = 1152;
    private static final Duration BACKFILL = Duration.ofDays(4);
    /** The bars four days hold, all but the one still open: the most a question asks for without reaching back. */
    private static final int HELD = (int) (OPEN_BAR - 1);
    private static final Duration FAILURE_WAIT = Duration.ofMinutes(1);
    private static final String STREAM = "/stream?streams=ethusdt@kline_5m";

    private final MutableClock clock = new MutableClock(T0.plus(BAR.multipliedBy(OPEN_BAR)).plusSeconds(120));
    private final List<Duration> sleeps = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private FakeBinance binance;
    private BinanceKlines feed;
    private Duration timeout = Duration.ofSeconds(5);
    /** Reconnects within the tests' patience; no test is silent for an hour. */
    private BinanceKlines.StreamTiming timing = new BinanceKlines.StreamTiming(Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofHours(1));

    @BeforeEach
    void start() throws IOException, InterruptedException {
        binance = new FakeBinance(clock, T0, BAR, "5m", BinanceKlines.class);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (feed != null) {
            feed.close();
        }
        scheduler.shutdownNow();
        binance.close();
    }

    private BinanceKlines feed() {
        return feed(BACKFILL);
    }

    private BinanceKlines feed(Duration backfill) {
        feed = new BinanceKlines(binance.restUrl(), binance.streamUrl(), timeout, FAILURE_WAIT, backfill, BAR, clock,
                sleeps::add, scheduler, timing);
        return feed;
    }

    private List<Candle> candles() {
        return feed.candles(Token.ETH, BAR, clock.instant(), HELD);
    }

    /** The bars' open times step by one bar: no hole, no bar twice. */
    private static void assertContiguous(List<Candle> candles) {
        for (int i = 1; i < candles.size(); i++) {
            assertEquals(candles.get(i - 1).openTime().plus(BAR), candles.get(i).openTime(), "bar " + i);
        }
    }

    private static Instant lastOpen(List<Candle> candles) {
        return candles.get(candles.size() - 1).openTime();
    }

    private List<FakeApi.Request> klineRequests() {
        return binance.rest.requests(KLINES);
    }

    /** Back-filled, connected, and the first message taken (so the catch-up of the connection is done). */
    private void backfilledAndStreaming() {
        assertEquals(OPEN_BAR - 1, candles().size());
        await().until(binance::connected);
        streams(new BigDecimal("3100.00000000"));
    }

    /** Pushes the bar still open at {@code price} and waits until the mid shows it. */
    private void streams(BigDecimal price) {
        binance.push(binance.event(OPEN_BAR, price, false, clock.instant()));
        await().until(() -> feed.mid(Token.ETH).orElseThrow().price().equals(price));
    }

    @Test
    void theBackfillPagesThroughRestOverTheHistoryTheMarketKeeps() {
        List<Candle> candles = feed().candles(Token.ETH, BAR, clock.instant(), HELD);

        assertEquals(OPEN_BAR - 1, candles.size(), "bars 1 to 1151: from four days back to the last closed one");
        assertEquals(binance.open(1), candles.get(0).openTime());
        assertEquals(binance.open(OPEN_BAR - 1), lastOpen(candles), "the bar still open is not a candle");
        assertContiguous(candles);
        Candle last = candles.get(candles.size() - 1);
        assertEquals(close(OPEN_BAR - 1), last.close());
        assertEquals(new BigDecimal("3152.50000000"), last.high(), "prices read from Binance's strings");
        assertEquals(new BigDecimal("10.00000000"), last.volume());
        assertEquals(BAR, last.resolution());

        List<FakeApi.Request> pages = klineRequests();
        assertEquals(2, pages.size(), "1000 bars a page");
        assertEquals("ETHUSDT", pages.get(0).param("symbol"));
        assertEquals("5m", pages.get(0).param("interval"));
        assertEquals("1000", pages.get(0).param("limit"));
        assertEquals(String.valueOf(clock.instant().minus(BACKFILL).toEpochMilli()), pages.get(0).param("startTime"));
        assertEquals(String.valueOf(binance.open(1001).toEpochMilli()), pages.get(1).param("startTime"),
                "the next page from the bar after the last one");

        assertEquals(candles.subList(candles.size() - 3, candles.size()),
                feed.candles(Token.ETH, BAR, clock.instant(), 3), "the newest three");
        assertEquals(binance.open(10), lastOpen(feed.candles(Token.ETH, BAR, binance.open(11), 5)),
                "closed by the time asked");
        assertEquals(2, klineRequests().size(), "what is held is not asked again");
        assertTrue(feed.candles(Token.ETH, Duration.ofMinutes(7), clock.instant(), 10).isEmpty(),
                "no Binance interval, no candles");
    }

    @Test
    void aQuestionForMoreBarsThanTheBackfillFetchesTheOlderOnesOnce() {
        List<Candle> day = feed(Duration.ofDays(1)).candles(Token.ETH, BAR, clock.instant(), 287);
        assertEquals(287, day.size(), "the bars that opened and closed within the last day");
        assertEquals(1, klineRequests().size());

        List<Candle> more = feed.candles(Token.ETH, BAR, clock.instant(), 500);
        assertEquals(500, more.size());
        assertEquals(binance.open(OPEN_BAR - 500), more.get(0).openTime());
        assertContiguous(more);
        assertEquals(2, klineRequests().size());
        assertEquals(String.valueOf(clock.instant().minus(Duration.ofDays(1)).toEpochMilli() - 1),
                klineRequests().get(1).param("endTime"), "only the bars before those held");

        assertEquals(more, feed.candles(Token.ETH, BAR, clock.instant(), 500));
        assertEquals(2, klineRequests().size(), "kept once fetched");
    }

    @Test
    void closedKlinesFromTheStreamBecomeCandlesAndTheBarStillOpenMovesMidAndQuotes() {
        feed();
        assertEquals(OPEN_BAR - 1, candles().size());
        assertEquals(Optional.of(new MidPrice(Token.ETH, close(OPEN_BAR - 1), binance.open(OPEN_BAR))),
                feed.mid(Token.ETH), "before the stream speaks: the last close, dated at the close");
        backfilledAndStreaming();
        assertEquals(List.of(STREAM), binance.attempts());

        BigDecimal live = new BigDecimal("3161.25000000");
        Instant at = clock.instant();
        binance.push(binance.event(OPEN_BAR, live, false, at));
        await().until(() -> feed.mid(Token.ETH).orElseThrow().price().equals(live));
        assertEquals(new MidPrice(Token.ETH, live, at), feed.mid(Token.ETH).orElseThrow(), "dated by its event");
        BigDecimal size = new BigDecimal("100");
        assertEquals(Optional.of(Quote.onPool(Token.ETH, Side.BUY, size, live, FakeBinance.quoteVolume(OPEN_BAR - 1),
                at)), feed.quote(Token.ETH, Side.BUY, size), "the live price on a pool as deep as the last bar's USDT turnover");
        assertEquals(OPEN_BAR - 1, candles().size(), "a bar still open is no candle");

        clock.advance(Duration.ofMinutes(3));
        binance.push(binance.closedEvent(OPEN_BAR));
        await().until(() -> lastOpen(candles()).equals(binance.open(OPEN_BAR)));
        Candle closed = candles().get(candles().size() - 1);
        assertEquals(close(OPEN_BAR), closed.close());
        assertEquals(close(OPEN_BAR), feed.mid(Token.ETH).orElseThrow().price(), "the closing kline is the latest price");
        assertContiguous(candles());
        assertEquals(2, klineRequests().size(), "the stream, not REST, brought it");
        assertEquals(0, feed.malformedMessages());
    }

    @Test
    void aDroppedStreamReconnectsWithBackoffAndFetchesTheBarsItMissedOverRest() {
        feed();
        backfilledAndStreaming();
        binance.refuseNext(2);
        clock.advance(Duration.ofMinutes(20)); // bars 1152 to 1155 close while it is down
        binance.drop();

        await().until(() -> binance.attempts().size() == 4 && binance.connected());
        assertEquals(List.of(STREAM, STREAM, STREAM, STREAM), binance.attempts(), "refused twice, then in");
        await().until(() -> klineRequests().size() == 3);
        assertEquals(String.valueOf(binance.open(OPEN_BAR).toEpochMilli()), klineRequests().get(2).param("startTime"),
                "from the first bar missed");

        List<Candle> candles = candles();
        assertEquals(binance.open(OPEN_BAR + 3), lastOpen(candles));
        assertEquals(close(OPEN_BAR + 3), candles.get(candles.size() - 1).close());
        assertContiguous(candles);
        assertEquals(3, klineRequests().size(), "nothing more to fetch");

        binance.push(binance.closedEvent(OPEN_BAR + 3)); // the stream repeats a bar REST brought: held once
        clock.advance(Duration.ofMinutes(3)); // bar 1156 closes, and the stream has its grace to bring it
        binance.push(binance.closedEvent(OPEN_BAR + 4));
        await().until(() -> lastOpen(candles()).equals(binance.open(OPEN_BAR + 4)));
        assertContiguous(candles());
        assertEquals(3, klineRequests().size());
    }

    @Test
    void aStreamThatFallsSilentIsDroppedAndMadeAgainAndGoesOnStreaming() {
        timing = new BinanceKlines.StreamTiming(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));
        feed();
        backfilledAndStreaming();
        // the server keeps the connection open and says nothing: as a connection that died unheard looks
        await().until(() -> binance.attempts().size() >= 2 && binance.connected());
        assertTrue(binance.attempts().stream().allMatch(STREAM::equals), "dropped for its silence, then made again: "
                + binance.attempts());
        streams(new BigDecimal("3111.00000000")); // and what the new connection brings is taken
    }

    @Test
    void aBarSkippedInTheStreamIsFetchedOverRestBeforeTheNextJoins() {
        feed();
        backfilledAndStreaming();
        clock.advance(Duration.ofMinutes(13)); // bars 1152 and 1153 have closed

        binance.push(binance.closedEvent(OPEN_BAR + 1)); // 1152 never came
        await().until(() -> klineRequests().size() == 3);
        FakeApi.Request gap = klineRequests().get(2);
        assertEquals(String.valueOf(binance.open(OPEN_BAR).toEpochMilli()), gap.param("startTime"));
        assertEquals(String.valueOf(binance.open(OPEN_BAR + 1).toEpochMilli() - 1), gap.param("endTime"));

        await().until(() -> lastOpen(candles()).equals(binance.open(OPEN_BAR + 1)));
        List<Candle> candles = candles();
        assertEquals(close(OPEN_BAR), candles.get(candles.size() - 2).close());
        assertContiguous(candles);
        assertEquals(HELD, candles.size(), "the newest of them");
    }

    @Test
    void aBanHoldsEveryRequestBackForItsRetryAfterAndAFailureForTheWait() {
        binance.rest.replies(KLINES, new Reply(418, "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}",
                Map.of("Retry-After", "120"), false));
        feed();
        assertTrue(candles().isEmpty(), "no candles, no exception");
        assertTrue(binance.rest.messages().stream().anyMatch(m -> m.contains("HTTP 418: Binance error -1003")),
                binance.rest.messages().toString());
        assertTrue(sleeps.isEmpty(), "a 418 is not retried at once");

        clock.advance(FAILURE_WAIT.plusSeconds(1));
        assertTrue(candles().isEmpty(), "still banned");
        assertEquals(1, klineRequests().size());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(OPEN_BAR - 1, candles().size(), "asked again once the ban is over");
    }

    @Test
    void errorsAreRetriedAndATimeoutGivesNothingUntilTheWaitIsOver() {
        binance.rest.replies(KLINES, Reply.of(429, "{\"code\":-1003,\"msg\":\"Too many requests.\"}"),
                Reply.of(502, "<html>bad gateway</html>"));
        feed();
        assertEquals(OPEN_BAR - 1, candles().size(), "the third attempt answers");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
        sleeps.clear();

        timeout = Duration.ofMillis(200);
        binance.rest.replies(KLINES, Reply.hanging(), Reply.hanging(), Reply.hanging());
        BinanceKlines slow = new BinanceKlines(binance.restUrl(), binance.streamUrl(), timeout, FAILURE_WAIT,
                BACKFILL, BAR, clock, sleeps::add, scheduler, timing);
        try {
            assertTrue(slow.candles(Token.ETH, BAR, clock.instant(), 10).isEmpty());
            assertTrue(binance.rest.messages().stream().anyMatch(m -> m.contains("no answer within PT0.2S")));
            int asked = klineRequests().size();
            assertTrue(slow.mid(Token.ETH).isEmpty());
            assertEquals(asked, klineRequests().size(), "a failure waits before the next request");

            clock.advance(FAILURE_WAIT);
            assertEquals(10, slow.candles(Token.ETH, BAR, clock.instant(), 10).size());
        } finally {
            slow.close();
        }
    }

    @Test
    void malformedMessagesAreIgnoredAndCounted() {
        feed();
        backfilledAndStreaming();
        binance.push("not json");
        binance.push("{\"stream\":\"ethusdt@kline_5m\",\"data\":{\"e\":\"kline\",\"E\":1}}");
        binance.push("{\"result\":null,\"id\":1}");
        binance.push(binance.event(OPEN_BAR, new BigDecimal("3000.2"), false, clock.instant())
                .replace("\"h\":\"", "\"h\":\"-"));
        streams(new BigDecimal("3001.5"));

        assertEquals(3, feed.malformedMessages(), "no JSON, no kline, a high below the low; a subscription's answer is none");
        assertTrue(binance.rest.messages().stream().anyMatch(m -> m.startsWith("Ignoring a malformed kline message (1")));
    }

    @Test
    void badSettingsStopTheDeploymentNamingTheKey() {
        IllegalArgumentException resolution = assertThrows(IllegalArgumentException.class,
                () -> new BinanceKlines(binance.restUrl(), binance.streamUrl(), timeout, FAILURE_WAIT, BACKFILL,
                        Duration.ofMinutes(7), clock, sleeps::add, scheduler, timing));
        assertTrue(resolution.getMessage().startsWith("halyrd.cycle.resolution must be one of Binance's kline"
                + " intervals"), resolution.getMessage());
        IllegalArgumentException stream = assertThrows(IllegalArgumentException.class,
                () -> new BinanceKlines(clock, "https://api.binance.com", "https://stream.binance.com:9443",
                        timeout, FAILURE_WAIT, BACKFILL, BAR));
        assertEquals("halyrd.market.binance.stream-url must be a ws(s) URL, not 'https://stream.binance.com:9443'",
                stream.getMessage());
        IllegalArgumentException rest = assertThrows(IllegalArgumentException.class,
                () -> new BinanceKlines(clock, "api.binance.com", "wss://stream.binance.com:9443", timeout,
                        FAILURE_WAIT, BACKFILL, BAR));
        assertEquals("halyrd.market.binance.url must be an http(s) URL, not 'api.binance.com'", rest.getMessage());
        assertEquals(Optional.of("1h"), BinanceKlines.interval(Duration.ofHours(1)));
        assertEquals(Optional.of("1w"), BinanceKlines.interval(Duration.ofDays(7)));
    }
}
