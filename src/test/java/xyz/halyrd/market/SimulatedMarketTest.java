package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.QuoteRejection.Reason;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

class SimulatedMarketTest {

    private static final Instant START = Instant.parse("2026-11-22T12:34:56Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static SimulatedMarket market(MutableClock clock, long seed) {
        return new SimulatedMarket(clock, seed, Duration.ofDays(8), SimulatedMarket.Anomalies.REALISTIC);
    }

    @Test
    void theSameSeedAndClockGiveTheSameMarketAndAnotherSeedAnother() {
        SimulatedMarket a = market(new MutableClock(START), 7);
        SimulatedMarket b = market(new MutableClock(START), 7);
        SimulatedMarket c = market(new MutableClock(START), 8);
        assertEquals(a.candles(Token.ETH, HOUR, START, 200), b.candles(Token.ETH, HOUR, START, 200));
        assertEquals(a.quote(Token.CAKE, Side.BUY, new BigDecimal("250")), b.quote(Token.CAKE, Side.BUY, new BigDecimal("250")));
        assertEquals(a.mid(Token.LINK), b.mid(Token.LINK));
        assertNotEquals(a.candles(Token.ETH, HOUR, START, 200), c.candles(Token.ETH, HOUR, START, 200));
    }

    @Test
    void atLeastSevenDaysOfHourlyHistoryAreThereAtStartAndNothingFromTheFuture() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket market = market(clock, 42);
        List<Candle> candles = market.candles(Token.AVAX, HOUR, START.plus(Duration.ofDays(3)), 10_000);
        assertTrue(candles.size() >= 7 * 24, "history: " + candles.size());
        Candle last = candles.get(candles.size() - 1);
        assertTrue(!last.closeTime().isAfter(START), "the last bar closed by now: " + last.closeTime());
        assertEquals(Duration.ofHours(1), Duration.between(candles.get(0).openTime(), candles.get(1).openTime()));
        assertEquals(market.origin(), candles.get(0).openTime());
    }

    @Test
    void historyIsNeverRewrittenAsTimeMovesOn() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket market = market(clock, 42);
        List<Candle> before = market.candles(Token.CAKE, HOUR, START, 100);
        clock.advance(Duration.ofHours(5));
        List<Candle> after = market.candles(Token.CAKE, HOUR, START, 100);
        assertEquals(before, after);
        assertEquals(before.get(99), market.candles(Token.CAKE, HOUR, clock.instant(), 105).get(99));
        assertEquals(105, market.candles(Token.CAKE, HOUR, clock.instant(), 105).size());
    }

    @Test
    void candlesOfOtherResolutionsAggregateTheSameMinutes() {
        SimulatedMarket market = market(new MutableClock(START), 3);
        List<Candle> hours = market.candles(Token.ETH, HOUR, START, 4);
        List<Candle> fourHours = market.candles(Token.ETH, Duration.ofHours(4), START, 50);
        Candle four = fourHours.stream().filter(c -> c.openTime().equals(hours.get(0).openTime())).findFirst()
                .orElse(null);
        if (four != null) { // aligned: the 4 h bar is the four 1 h bars
            assertEquals(hours.get(0).open(), four.open());
            assertEquals(hours.get(3).close(), four.close());
            assertEquals(hours.stream().map(Candle::high).max(BigDecimal::compareTo).orElseThrow(), four.high());
        }
        assertTrue(fourHours.size() >= 7 * 6);
    }

    @Test
    void atSpeedNTheMarketLivesNSecondsPerSecondButStampsQuotesWithTheWallClock() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket fast = new SimulatedMarket(clock, 42, Duration.ofDays(8), 60);
        clock.advance(Duration.ofHours(1));
        List<Candle> candles = fast.candles(Token.ETH, HOUR, clock.instant(), 1);
        Instant marketNow = START.plus(Duration.ofHours(60));
        assertTrue(!candles.get(0).closeTime().isAfter(marketNow)
                && candles.get(0).closeTime().isAfter(marketNow.minus(HOUR)), "an hour at 60× is 60 market hours");
        fast.quote(Token.ETH, Side.BUY, BigDecimal.TEN); // a demo's first quote is late on purpose (tested below)
        assertEquals(clock.instant(), fast.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().ts());
        Instant midTs = fast.mid(Token.ETH).orElseThrow().ts(); // the wall clock, or a few minutes before it when lagging
        assertTrue(!midTs.isAfter(clock.instant()) && midTs.isAfter(clock.instant().minus(Duration.ofMinutes(6))),
                "mids are stamped with the wall clock: " + midTs);
    }

    @Test
    void aSpedUpMarketOpensWithASellOffSoADemoHasSomethingToShow() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket demo = new SimulatedMarket(clock, 42, Duration.ofDays(8), 720);
        clock.advance(Duration.ofSeconds(10 * 12)); // twelve market hours
        List<Candle> hours = demo.candles(Token.ETH, HOUR, clock.instant(), 12);
        BigDecimal high = hours.stream().map(Candle::high).max(BigDecimal::compareTo).orElseThrow();
        BigDecimal low = hours.stream().map(Candle::low).min(BigDecimal::compareTo).orElseThrow();
        assertTrue(low.compareTo(high.multiply(new BigDecimal("0.95"))) < 0, "a drop of more than 5 %: " + high + " → " + low);
        Instant late = demo.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().ts();
        assertEquals(clock.instant().minus(Duration.ofMinutes(3)), late, "the demo's first quote is late, on purpose");
    }

    @Test
    void longRunsKeepABoundedHistoryWithoutChangingWhatIsKept() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket market = new SimulatedMarket(clock, 42, Duration.ofDays(8), 1);
        clock.advance(Duration.ofDays(47));
        Instant then = clock.instant();
        List<Candle> before = market.candles(Token.LINK, HOUR, then, 120);
        clock.advance(Duration.ofDays(40)); // past 60 kept days: the oldest part is dropped
        assertEquals(before, market.candles(Token.LINK, HOUR, then, 120));
        assertEquals(720, market.candles(Token.LINK, HOUR, clock.instant(), 720).size());
    }

    @Test
    void oversoldSetupsOccur() {
        SimulatedMarket market = market(new MutableClock(START), 42);
        int setups = 0;
        for (Token token : List.of(Token.ETH, Token.CAKE, Token.LINK, Token.AVAX)) {
            List<Candle> candles = market.candles(token, HOUR, START, 10_000);
            for (int i = 48; i < candles.size(); i++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (int j = i - 48; j < i; j++) {
                    sum = sum.add(candles.get(j).close());
                }
                BigDecimal sma = sum.divide(BigDecimal.valueOf(48), MathContext.DECIMAL64);
                if (candles.get(i).close().compareTo(sma.multiply(new BigDecimal("0.95"))) <= 0) {
                    setups++;
                }
            }
        }
        assertTrue(setups >= 3, "hours with a price 5 % or more below its 48 h SMA in 8 days on 4 tokens: " + setups);
    }

    @Test
    void badQuotesOccurAtRealisticRatesAndTheVerifierCatchesThem() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket market = market(clock, 42);
        QuoteRules rules = new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0"));
        int[] counts = new int[Reason.values().length];
        int total = 6000;
        for (int i = 0; i < total; i++) {
            clock.advance(Duration.ofMinutes(1));
            Token token = List.of(Token.ETH, Token.CAKE, Token.LINK, Token.AVAX).get(i % 4);
            Quote quote = market.quote(token, Side.BUY, new BigDecimal("500")).orElseThrow();
            Optional<QuoteRules.Refusal> refusal = rules.judge(market.mid(token).orElseThrow(), quote, clock.instant());
            refusal.ifPresent(r -> counts[r.reason().ordinal()]++);
        }
        for (Reason reason : Reason.values()) {
            double rate = counts[reason.ordinal()] / (double) total;
            assertTrue(rate > 0.002 && rate < 0.05, reason + " rate " + rate);
        }
    }
}
