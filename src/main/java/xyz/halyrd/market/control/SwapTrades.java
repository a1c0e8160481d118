package xyz.halyrd.market.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Token;

/**
 * A token's trades on its pool, in chain order, and the OHLCV candles they make at any resolution: bars aligned on the
 * epoch (an hour's bar opens on the hour, a day's at 00:00 UTC), each holding the trades whose time falls in it. A bar
 * without a trade is flat at the close before it, with no volume — the pool's price did not move — and there is no
 * bar before the first trade held: no price is made up. Not thread-safe: its owner guards it.
 */
final class SwapTrades {

    /** One swap as a trade: its block's time, its price in USDT per token, and the tokens that changed hands. */
    record Trade(Instant at, BigDecimal price, BigDecimal amount) {

        Trade {
            Objects.requireNonNull(at, "at");
            if (price.signum() <= 0 || amount.signum() <= 0) {
                throw new IllegalArgumentException("a trade has a positive price and amount: " + price + " × " + amount);
            }
        }
    }

    private final Token token;
    private final List<Trade> trades = new ArrayList<>();

    SwapTrades(Token token) {
        this.token = token;
    }

    /** Adds the next trade in chain order: never earlier than the last one added. */
    void add(Trade trade) {
        if (!trades.isEmpty() && trade.at().isBefore(trades.get(trades.size() - 1).at())) {
            throw new IllegalArgumentException("trades come in chain order: " + trade.at() + " after "
                    + trades.get(trades.size() - 1).at());
        }
        trades.add(trade);
    }

    /** How many trades are held. */
    int size() {
        return trades.size();
    }

    /** Forgets the trades before {@code from} but the last of them, whose price the bars after it carry. */
    void forgetBefore(Instant from) {
        trades.subList(0, Math.max(0, firstAtOrAfter(from.toEpochMilli()) - 1)).clear();
    }

    /**
     * The last {@code count} bars at {@code resolution} that had closed by {@code closedBy}, oldest first: open, high,
     * low and close of the prices traded in each, volume the tokens traded; fewer when the trades held begin later.
     */
    List<Candle> candles(Duration resolution, Instant closedBy, int count) {
        long width = resolution.toMillis();
        if (count <= 0 || width <= 0 || trades.isEmpty()) {
            return List.of();
        }
        long end = floor(closedBy.toEpochMilli(), width); // every bar that opened before this has closed
        long firstOpen = floor(trades.get(0).at().toEpochMilli(), width);
        long bars = Math.min(count, (end - firstOpen) / width);
        if (bars <= 0) {
            return List.of();
        }
        long open = end - bars * width;
        int next = firstAtOrAfter(open);
        BigDecimal close = next > 0 ? trades.get(next - 1).price() : null;
        List<Candle> candles = new ArrayList<>((int) bars);
        for (; open < end; open += width) {
            BigDecimal first = null;
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal volume = BigDecimal.ZERO;
            for (; next < trades.size() && trades.get(next).at().toEpochMilli() < open + width; next++) {
                Trade trade = trades.get(next);
                first = first == null ? trade.price() : first;
                high = high == null ? trade.price() : high.max(trade.price());
                low = low == null ? trade.price() : low.min(trade.price());
                close = trade.price();
                volume = volume.add(trade.amount());
            }
            // the first bar holds the first trade or carries the close before it, so close is set from here on
            candles.add(first == null
                    ? new Candle(token, Instant.ofEpochMilli(open), resolution, close, close, close, close, volume)
                    : new Candle(token, Instant.ofEpochMilli(open), resolution, first, high, low, close, volume));
        }
        return candles;
    }

    /** The index of the first trade at or after {@code millis} (the size when there is none). */
    private int firstAtOrAfter(long millis) {
        int low = 0;
        int high = trades.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (trades.get(middle).at().toEpochMilli() < millis) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static long floor(long millis, long width) {
        return Math.floorDiv(millis, width) * width;
    }
}
