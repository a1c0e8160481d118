package xyz.halyrd.market.entity;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An executable quote: what the DEX router would fill a buy or sell of {@code sizeUsdt} at, as of {@code ts},
 * with the liquidity behind it — the price impact of this size and the pool depth in USDT.
 */
public record Quote(Token token, BigDecimal sizeUsdt, BigDecimal price, BigDecimal priceImpactPct,
        BigDecimal depthUsdt, Instant ts) {
}
