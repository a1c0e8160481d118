package xyz.halyrd.backtest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/** A replay's remembered closes are, step after step, exactly what its market answers, gaps and all. */
class RecentBarsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    /** No bars open in this stretch: an exchange outage in the history. */
    private static final Instant GAP_FROM = T0.plus(Duration.ofHours(6));
    private static final Instant GAP_TO = GAP_FROM.plus(Duration.ofMinutes(35));

    /** Bars of any resolution from T0 on, none opening in the gap; counts what it is asked for. */
    private static final class History implements MarketFeed {
        final List<Integer> counts = new ArrayList<>();
        private int fearGreedAsked;

        @Override
        public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
            counts.add(count);
            List<Candle> bars = new ArrayList<>();
            for (Instant open = T0; !open.plus(resolution).isAfter(until); open = open.plus(resolution)) {
                if (open.isBefore(GAP_FROM) || !open.isBefore(GAP_TO)) {
                    BigDecimal close = BigDecimal.valueOf(100 + 10 * Math.sin(open.getEpochSecond() / 5_000.0)
                            + token.ordinal()).setScale(4, RoundingMode.HALF_EVEN);
                    bars.add(new Candle(token, open, resolution, close, close, close, close, BigDecimal.ONE));
                }
            }
            return List.copyOf(bars.subList(Math.max(0, bars.size() - count), bars.size()));
        }

        @Override
        public Optional<MidPrice> mid(Token token) {
            return Optional.empty();
        }

        @Override
        public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
            return Optional.empty();
        }

        @Override
        public OptionalDouble fearGreed(Instant at) {
            fearGreedAsked++;
            return OptionalDouble.of(at.getEpochSecond() % 100);
        }
    }

    private final History history = new History();
    private final RecentBars bars = new RecentBars(history);

    @Test
    void everyStepReadsTheSourcesOwnClosesAcrossAGapAndAsksItForOneBarMostly() {
        int steps = 0;
        for (Instant now = T0; now.isBefore(T0.plus(Duration.ofHours(12))); now = now.plus(FIVE_MINUTES)) {
            for (Token token : List.of(Token.BNB, Token.CAKE)) {
                assertEquals(Closes.of(history.candles(token, FIVE_MINUTES, now, 50)),
                        bars.closes(token, FIVE_MINUTES, now, 50), token + " at " + now);
            }
            steps++;
        }
        long windowReads = history.counts.stream().filter(c -> c == 50).count() - 2L * steps; // less the checks'
        assertTrue(windowReads <= 2 * 3, "a whole window read at the start and after the gap only: " + windowReads);
    }

    @Test
    void aWindowHandedOutNeverChangesAsLaterBarsComeIn() {
        List<Closes> handedOut = new ArrayList<>();
        List<double[]> asHandedOut = new ArrayList<>();
        Instant first = GAP_TO.plus(Duration.ofHours(2));
        for (Instant now = first; now.isBefore(first.plus(Duration.ofHours(36))); now = now.plus(FIVE_MINUTES)) {
            Closes window = bars.closes(Token.BNB, FIVE_MINUTES, now, 10); // 32 windows an array: several arrays
            handedOut.add(window);
            asHandedOut.add(window.toArray());
        }
        assertTrue(handedOut.size() > 32 * 10, "steps enough to fill an array: " + handedOut.size());
        for (int i = 0; i < handedOut.size(); i++) {
            assertEquals(Closes.of(asHandedOut.get(i)), handedOut.get(i), "window " + i);
        }
    }

    @Test
    void aLongerWindowOrAnotherResolutionIsReadAgainNotPatched() {
        Instant now = T0.plus(Duration.ofHours(10));
        bars.closes(Token.ETH, FIVE_MINUTES, now, 20);
        assertEquals(Closes.of(history.candles(Token.ETH, FIVE_MINUTES, now, 60)),
                bars.closes(Token.ETH, FIVE_MINUTES, now, 60));
        assertEquals(Closes.of(history.candles(Token.ETH, FIVE_MINUTES, now, 10)),
                bars.closes(Token.ETH, FIVE_MINUTES, now, 10), "a shorter window is the newest of the longer");
        Duration hour = Duration.ofHours(1);
        assertEquals(Closes.of(history.candles(Token.ETH, hour, now, 5)),
                bars.closes(Token.ETH, hour, now, 5));
        assertEquals(0, bars.closes(Token.ETH, hour, T0, 5).size(), "nothing had closed yet");
    }

    @Test
    void fearAndGreedIsAskedOncePerStepForEveryToken() {
        Instant now = T0.plus(Duration.ofHours(1));
        assertEquals(OptionalDouble.of(history.fearGreed(now).getAsDouble()), bars.fearGreed(now));
        bars.fearGreed(now);
        bars.fearGreed(now);
        assertEquals(2, history.fearGreedAsked, "the test's own read and the first step's");
        assertEquals(history.fearGreed(now.plus(FIVE_MINUTES)), bars.fearGreed(now.plus(FIVE_MINUTES)));
    }
}
