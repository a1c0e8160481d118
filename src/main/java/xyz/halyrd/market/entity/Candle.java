package xyz.halyrd.market.entity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One OHLCV bar of a TOKEN/USDT pair: prices in USDT, volume in the token, starting at {@code openTime}. */
public record Candle(Token token, Instant openTime, Duration resolution, BigDecimal open, BigDecimal high,
        BigDecimal low, BigDecimal close, BigDecimal volume) {

    public Candle {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(close, "close");
        if (high.compareTo(low) < 0 || high.compareTo(open.max(close)) < 0 || low.compareTo(open.min(close)) > 0) {
            throw new IllegalArgumentException("inconsistent candle " + token + " " + openTime + ": o=" + open
                    + " h=" + high + " l=" + low + " c=" + close);
        }
    }

    /** When the bar closed: its close price is known from then on. */
    public Instant closeTime() {
        return openTime.plus(resolution);
    }
}
