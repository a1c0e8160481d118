package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.BarClose;
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
    void theLastCloseIsTheNewestBarsCloseAndOpenTimeWithoutTheBar() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket market = market(clock, 42);
        assertEquals(Optional.empty(), market.lastClose(Token.ETH, HOUR, market.origin()), "no bar closed yet");
        for (Duration resolution : List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), HOUR)) {
            for (int step = 0; step < 500; step++) {
                clock.set(START.plusSeconds(37L * step));
                for (Token token : List.of(Token.BTCB, Token.CAKE)) {
                    Candle newest = market.candles(token, resolution, clock.instant(), 1).get(0);
                    assertEquals(Optional.of(new BarClose(newest.openTime(), newest.close().doubleValue())),
                            market.lastClose(token, resolution, clock.instant().plusSeconds(step)),
                            token + " " + resolution + " at " + clock.instant() + ": nothing from the future either");
                }
            }
        }
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
    void aDemoMarketOpensWithASellOffSoADemoHasSomethingToShow() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket demo = new SimulatedMarket(clock, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.REALISTIC,
                START);
        clock.advance(Duration.ofHours(12));
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
        SimulatedMarket market = market(clock, 42);
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

    @Test
    void fearAndGreedAndFundingMoveWithTheMarketsMood() {
        MutableClock clock = new MutableClock(START);
        SimulatedMarket market = market(clock, 42);
        Map<SimulatedMarket.Mood, double[]> sums = new EnumMap<>(SimulatedMarket.Mood.class); // F&G, funding, hours
        int sellOffs = 0;
        SimulatedMarket.Mood before = SimulatedMarket.Mood.CALM;
        for (int hour = 0; hour < 180 * 24; hour++) {
            clock.advance(HOUR);
            SimulatedMarket.Mood mood = market.moodAt(clock.instant());
            double[] sum = sums.computeIfAbsent(mood, m -> new double[3]);
            sum[0] += market.fearGreed(clock.instant()).orElseThrow();
            for (Token token : List.of(Token.ETH, Token.CAKE, Token.LINK, Token.AVAX)) {
                sum[1] += market.fundingRate(token, clock.instant()).orElseThrow() / 4;
            }
            sum[2]++;
            if (mood == SimulatedMarket.Mood.SELL_OFF && before != SimulatedMarket.Mood.SELL_OFF) {
                sellOffs++;
            }
            before = mood;
        }
        double calmFear = mean(sums, SimulatedMarket.Mood.CALM, 0);
        assertTrue(mean(sums, SimulatedMarket.Mood.SELL_OFF, 0) < calmFear - 10, "fear in a sell-off: " + describe(sums));
        assertTrue(mean(sums, SimulatedMarket.Mood.RALLY, 0) > calmFear + 5, "greed in a rally (smaller than a sell-off's fear): " + describe(sums));
        assertTrue(mean(sums, SimulatedMarket.Mood.SELL_OFF, 1) < 0, "funding turns negative in a sell-off: "
                + describe(sums));
        assertTrue(mean(sums, SimulatedMarket.Mood.RALLY, 1) > mean(sums, SimulatedMarket.Mood.CALM, 1) + 0.01,
                "longs pay more in a rally: " + describe(sums));
        double calm = mean(sums, SimulatedMarket.Mood.CALM, 1);
        assertTrue(calm > 0.005 && calm < 0.02, "funding near 0.01 % when calm: " + calm);
        // a sell-off about every five days (half a year: 36 expected), not every day nor once a season
        assertTrue(sellOffs >= 18 && sellOffs <= 60, "sell-offs in 180 days: " + sellOffs);
    }

    @Test
    void aDemoIsTheSameStoryWhateverDayAndHourItBegins() {
        Instant evening = Instant.parse("2026-11-29T21:00:00Z");
        Instant otherDay = Instant.parse("2027-03-31T04:00:00Z");
        MutableClock a = new MutableClock(evening);
        MutableClock b = new MutableClock(otherDay);
        SimulatedMarket first = new SimulatedMarket(a, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.REALISTIC, evening);
        SimulatedMarket second = new SimulatedMarket(b, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.REALISTIC, otherDay);
        a.advance(Duration.ofHours(30));
        b.advance(Duration.ofHours(30));
        List<BigDecimal> closesA = first.candles(Token.AVAX, HOUR, a.instant(), 250).stream().map(Candle::close).toList();
        List<BigDecimal> closesB = second.candles(Token.AVAX, HOUR, b.instant(), 250).stream().map(Candle::close).toList();
        assertEquals(closesA, closesB);
        assertEquals(first.fearGreed(a.instant()), second.fearGreed(b.instant()));
        assertEquals(SimulatedMarket.Mood.SELL_OFF, first.moodAt(evening.plus(Duration.ofHours(3))));
        assertEquals(SimulatedMarket.Mood.RALLY, first.moodAt(evening.plus(Duration.ofHours(10))));
    }

    private static double mean(Map<SimulatedMarket.Mood, double[]> sums, SimulatedMarket.Mood mood, int which) {
        double[] sum = sums.get(mood);
        return sum[which] / sum[2];
    }

    private static String describe(Map<SimulatedMarket.Mood, double[]> sums) {
        StringBuilder out = new StringBuilder();
        sums.forEach((mood, sum) -> out.append(mood).append(": fear & greed ").append(sum[0] / sum[2])
                .append(", funding ").append(sum[1] / sum[2]).append(" over ").append((int) sum[2]).append(" h; "));
        return out.toString();
    }
}
