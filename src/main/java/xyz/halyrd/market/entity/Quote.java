package xyz.halyrd.market.entity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/**
 * An executable quote: what the DEX router would fill a buy or sell of {@code sizeUsdt} at, as of {@code ts},
 * with the liquidity behind it — the price impact of this size and the pool depth in USDT. {@code feeInPrice}: the
 * price is already net of the pool's swap fee, as the router's own quote is ({@code getAmountsOut}); a quote worked
 * out from a mid ({@link #onPool}, the simulated market) is before it. {@code gasUsdt}: what the swap would cost in
 * gas, in USDT, as the chain prices it now (a router's quote); null where the source knows no chain, and the fill
 * model estimates it.
 */
public record Quote(Token token, BigDecimal sizeUsdt, BigDecimal price, BigDecimal priceImpactPct,
        BigDecimal depthUsdt, Instant ts, boolean feeInPrice, BigDecimal gasUsdt) {

    private static final MathContext PRICE = MathContext.DECIMAL64;

    /** A quote whose price is before the pool's swap fee. */
    public Quote(Token token, BigDecimal sizeUsdt, BigDecimal price, BigDecimal priceImpactPct, BigDecimal depthUsdt,
            Instant ts) {
        this(token, sizeUsdt, price, priceImpactPct, depthUsdt, ts, false, null);
    }

    /** A quote without the chain's gas. */
    public Quote(Token token, BigDecimal sizeUsdt, BigDecimal price, BigDecimal priceImpactPct, BigDecimal depthUsdt,
            Instant ts, boolean feeInPrice) {
        this(token, sizeUsdt, price, priceImpactPct, depthUsdt, ts, feeInPrice, null);
    }

    /**
     * The quote of a constant-product pool {@code depthUsdt} deep around {@code mid}: {@code sizeUsdt} moves the price
     * by size / (depth + size) — up for a buy, down for a sell — the model the simulated market quotes by, for a
     * source that has prices but no pool to ask.
     */
    public static Quote onPool(Token token, Side side, BigDecimal sizeUsdt, BigDecimal mid, BigDecimal depthUsdt,
            Instant ts) {
        BigDecimal reach = depthUsdt.add(sizeUsdt);
        BigDecimal impact = reach.signum() <= 0 ? BigDecimal.ZERO : sizeUsdt.divide(reach, PRICE);
        BigDecimal moved = side == Side.BUY ? BigDecimal.ONE.add(impact) : BigDecimal.ONE.subtract(impact);
        return new Quote(token, sizeUsdt, mid.multiply(moved, PRICE), impact.movePointRight(2).round(PRICE),
                depthUsdt, ts);
    }
}
