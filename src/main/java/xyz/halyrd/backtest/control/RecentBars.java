package xyz.halyrd.backtest.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.BarClose;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * A replayed market that remembers each token's recent closes, and the step's fear &amp; greed. A turn reads the
 * last fifty-odd closes on every step, and between two steps they differ by one bar: so a step asks the source only
 * for its newest bar's close and takes it in, and reads the whole window again only when that bar does not follow
 * the remembered ones (the first step, a gap in the history, another resolution or a longer window). The closes are
 * the source's own, in its order: the decision reads exactly what the source would have answered. Everything else
 * is the source's answer as is. Not thread-safe: one replay's.
 */
final class RecentBars implements MarketFeed {

    /**
     * One token's last closes at one resolution, and when the newest of their bars opened. The closes are appended to
     * an array many windows long, and a full array is followed by a fresh one holding the last window: a window
     * handed out is never written again, so it is handed out without a copy.
     */
    private static final class Window {
        /** How many windows an array holds before the next one starts. */
        private static final int WINDOWS_AN_ARRAY = 32;

        private final Duration resolution;
        private final int capacity;
        private double[] closes;
        private int size;
        private Instant newestOpen;

        Window(Duration resolution, int capacity, List<Candle> bars) {
            this.resolution = resolution;
            this.capacity = capacity;
            this.closes = new double[capacity * WINDOWS_AN_ARRAY];
            for (Candle bar : bars) {
                add(bar.openTime(), bar.close().doubleValue());
            }
        }

        boolean holds(Duration resolution, int count) {
            return this.resolution.equals(resolution) && capacity >= count;
        }

        /** Whether the window is still the source's answer once {@code latest} is taken in (which it then is). */
        boolean takesIn(Optional<BarClose> latest) {
            if (latest.isEmpty() || newestOpen == null) {
                return latest.isEmpty() && newestOpen == null;
            }
            BarClose bar = latest.get();
            if (bar.openTime().equals(newestOpen)) {
                return bar.close() == closes[size - 1];
            }
            if (!bar.openTime().equals(newestOpen.plus(resolution))) {
                return false;
            }
            add(bar.openTime(), bar.close());
            return true;
        }

        private void add(Instant openTime, double close) {
            if (size == closes.length) {
                double[] next = new double[closes.length];
                int kept = capacity - 1;
                System.arraycopy(closes, size - kept, next, 0, kept);
                closes = next;
                size = kept;
            }
            closes[size++] = close;
            newestOpen = openTime;
        }

        Closes last(int count) {
            return Closes.view(closes, Math.max(0, size - count), size);
        }
    }

    private final MarketFeed source;
    private final Map<Token, Window> windows = new EnumMap<>(Token.class);
    private Instant fearGreedAt;
    private OptionalDouble fearGreed;

    RecentBars(MarketFeed source) {
        this.source = source;
    }

    @Override
    public Closes closes(Token token, Duration resolution, Instant until, int count) {
        Window window = windows.get(token);
        if (window == null || !window.holds(resolution, count)
                || !window.takesIn(source.lastClose(token, resolution, until))) {
            window = new Window(resolution, count, source.candles(token, resolution, until, count));
            windows.put(token, window);
        }
        return window.last(count);
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        return source.candles(token, resolution, until, count);
    }

    /** The same for every token at one step: asked once. */
    @Override
    public OptionalDouble fearGreed(Instant at) {
        if (!at.equals(fearGreedAt)) {
            fearGreed = source.fearGreed(at);
            fearGreedAt = at;
        }
        return fearGreed;
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        return source.mid(token);
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        return source.quote(token, side, sizeUsdt);
    }

    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        return source.fundingRate(token, at);
    }
}
