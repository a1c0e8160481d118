package xyz.halyrd.market.entity;

import java.math.BigDecimal;
import java.time.Instant;

/** The reference price of a token in USDT (what a market-data service such as CoinMarketCap reports), as of {@code ts}. */
public record MidPrice(Token token, BigDecimal price, Instant ts) {
}
