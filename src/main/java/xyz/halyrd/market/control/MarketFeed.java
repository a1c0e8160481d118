package xyz.halyrd.market.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import xyz.halyrd.market.entity.BarClose;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * Where prices come from: a port with several adapters (the simulated market, kline CSV replay, Binance klines,
 * CoinMarketCap, the configured chain's router quotes, the fear &amp; greed and funding feeds). An adapter answers what it can; everything else is empty by default — an
 * unavailable price is never an exception and never a guess.
 */
public interface MarketFeed {

    /**
     * The last {@code count} bars of TOKEN/USDT at {@code resolution} that had closed by {@code until}, oldest
     * first; fewer (or none) when the feed has less history.
     */
    default List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        return List.of();
    }

    /** The closes of {@link #candles}' bars, oldest first, in {@code double}: what the indicators read. */
    default Closes closes(Token token, Duration resolution, Instant until, int count) {
        return Closes.of(candles(token, resolution, until, count));
    }

    /**
     * The close of the newest bar {@link #candles} would answer, and when that bar opened; empty when there is none.
     * A feed that can tell it without building the bar says so here: a backtest asks on every bar of every token.
     */
    default Optional<BarClose> lastClose(Token token, Duration resolution, Instant until) {
        List<Candle> last = candles(token, resolution, until, 1);
        return last.isEmpty() ? Optional.empty()
                : Optional.of(new BarClose(last.get(0).openTime(), last.get(0).close().doubleValue()));
    }

    /** The reference mid price of the token in USDT, as recent as the feed has it. */
    default Optional<MidPrice> mid(Token token) {
        return Optional.empty();
    }

    /** What a swap of {@code sizeUsdt} would fill at now, with its liquidity figures. */
    default Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        return Optional.empty();
    }

    /** The crypto Fear &amp; Greed index (0–100) at a time, where the feed provides it. */
    default OptionalDouble fearGreed(Instant at) {
        return OptionalDouble.empty();
    }

    /** The perpetual funding rate of the token, in percent per 8 h funding interval (0.01 = calm), where provided. */
    default OptionalDouble fundingRate(Token token, Instant at) {
        return OptionalDouble.empty();
    }
}
