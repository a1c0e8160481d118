package xyz.halyrd.portfolio.entity;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;
import xyz.halyrd.market.entity.Quote;

/**
 * The paper executor's fill model, deliberately pessimistic: on top of the verified quote (whose price already
 * carries the pool's price impact) every fill pays the swap fee, gas, and extra slippage that grows with the
 * order's share of the pool — so paper results do not flatter what live trading would do.
 *
 * @param swapFeePct   PancakeSwap's pool fee, percent of the notional (0.25)
 * @param gasUsdt      gas of one swap, in USDT, where the quote does not say ({@link Quote#gasUsdt()})
 * @param baseSlipPct  slippage every fill suffers beyond the quote, percent
 * @param impactShare  further slippage as a share of the quote's own price impact
 */
public record PaperFills(BigDecimal swapFeePct, BigDecimal gasUsdt, BigDecimal baseSlipPct, BigDecimal impactShare) {

    public static final PaperFills DEFAULT = new PaperFills(new BigDecimal("0.25"), new BigDecimal("0.15"),
            new BigDecimal("0.05"), new BigDecimal("0.5"));

    /** USDT amounts are kept to 8 decimals; token quantities to 12. */
    public static final int USDT_SCALE = 8;
    public static final int QUANTITY_SCALE = 12;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Fill prices keep ten significant digits: finer than any quote, short enough to read. */
    private static final MathContext PRICE = new MathContext(10);

    /** A simulated fill: the price paid or received, the token quantity, the USDT notional and all fees. */
    public record Fill(BigDecimal price, BigDecimal quantity, BigDecimal notionalUsdt, BigDecimal feesUsdt,
            BigDecimal cashDeltaUsdt) {
    }

    public PaperFills {
        Objects.requireNonNull(swapFeePct);
        Objects.requireNonNull(gasUsdt);
        Objects.requireNonNull(baseSlipPct);
        Objects.requireNonNull(impactShare);
    }

    /**
     * Spends {@code spendUsdt} (fees included) on the token. The pool's swap fee counts among the fees either way; it
     * is taken out of what is invested only when the quote's price is before it (a router's price is net of it).
     */
    public Fill buy(Quote quote, BigDecimal spendUsdt) {
        BigDecimal price = quote.price().multiply(BigDecimal.ONE.add(slipFraction(quote)), PRICE);
        BigDecimal swapFee = spendUsdt.multiply(swapFeePct).divide(HUNDRED, USDT_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal gas = gasUsdt(quote);
        BigDecimal fees = swapFee.add(gas).setScale(USDT_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal invested = spendUsdt.subtract(quote.feeInPrice() ? gas : fees);
        if (invested.signum() <= 0) {
            throw new IllegalArgumentException("an order of " + spendUsdt + " USDT does not cover its fees " + fees);
        }
        BigDecimal quantity = invested.divide(price, QUANTITY_SCALE, RoundingMode.DOWN);
        return new Fill(price, quantity, spendUsdt.setScale(USDT_SCALE, RoundingMode.HALF_EVEN), fees,
                spendUsdt.negate().setScale(USDT_SCALE, RoundingMode.HALF_EVEN));
    }

    /**
     * Sells {@code quantity} of the token back to USDT. The pool's swap fee counts among the fees either way; it is
     * taken out of what is received only when the quote's price is before it (a router's price is net of it).
     */
    public Fill sell(Quote quote, BigDecimal quantity) {
        BigDecimal price = quote.price().multiply(BigDecimal.ONE.subtract(slipFraction(quote)), PRICE);
        BigDecimal gross = quantity.multiply(price).setScale(USDT_SCALE, RoundingMode.DOWN);
        BigDecimal swapFee = gross.multiply(swapFeePct).divide(HUNDRED, USDT_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal gas = gasUsdt(quote);
        BigDecimal fees = swapFee.add(gas).setScale(USDT_SCALE, RoundingMode.HALF_EVEN);
        return new Fill(price, quantity, gross, fees, gross.subtract(quote.feeInPrice() ? gas : fees));
    }

    /** The round-trip cost of an order as a fraction of its size: both swap fees, both gases, both slippages. */
    public BigDecimal roundTripCostFraction(Quote quote, BigDecimal sizeUsdt) {
        BigDecimal fees = swapFeePct.multiply(BigDecimal.valueOf(2)).divide(HUNDRED, PRICE);
        BigDecimal gas = gasUsdt(quote).multiply(BigDecimal.valueOf(2)).divide(sizeUsdt, PRICE);
        BigDecimal slip = slipFraction(quote).multiply(BigDecimal.valueOf(2));
        BigDecimal impact = quote.priceImpactPct() == null ? BigDecimal.ZERO
                : quote.priceImpactPct().multiply(BigDecimal.valueOf(2)).divide(HUNDRED, PRICE);
        return fees.add(gas).add(slip).add(impact);
    }

    /** The gas of one swap: the quote's, as the chain prices it, or this model's estimate where it has none. */
    public BigDecimal gasUsdt(Quote quote) {
        return quote.gasUsdt() == null ? gasUsdt : quote.gasUsdt();
    }

    private BigDecimal slipFraction(Quote quote) {
        BigDecimal impact = quote.priceImpactPct() == null ? BigDecimal.ZERO : quote.priceImpactPct();
        return baseSlipPct.add(impact.multiply(impactShare)).divide(HUNDRED, PRICE);
    }
}
