package xyz.halyrd.market.control;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.QuoteRejection.Reason;

/**
 * The QuoteVerifier's rules, as a pure function of a quote, its reference mid and the time: too old, too thin for
 * its size, or too far from the mid — checked in that order, so a thin pool is named as such even though its price
 * impact also moves the fill away from the mid. It fails closed — a missing price, size or timestamp is a rejection.
 */
public record QuoteRules(BigDecimal maxDivergencePct, Duration maxAge, BigDecimal maxSlippagePct) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Clocks of different sources disagree a little; a timestamp further ahead than this is not believed. */
    static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(5);

    /** Why the quote must not be used, or empty when it may go on to the risk engine. */
    public record Refusal(Reason reason, String detail) {
    }

    public Optional<Refusal> judge(MidPrice mid, Quote quote, Instant now) {
        if (quote == null || quote.price() == null || quote.ts() == null || quote.price().signum() <= 0) {
            return refuse(Reason.STALE, "No executable quote with a price and a timestamp; nothing to verify against.");
        }
        if (mid == null || mid.price() == null || mid.ts() == null || mid.price().signum() <= 0) {
            return refuse(Reason.STALE, "No reference mid price with a timestamp; the quote cannot be verified.");
        }
        Optional<Refusal> stale = age("Quote", quote.ts(), now).or(() -> age("Reference mid", mid.ts(), now));
        if (stale.isPresent()) {
            return stale;
        }
        if (quote.sizeUsdt() == null || quote.priceImpactPct() == null || quote.depthUsdt() == null) {
            return refuse(Reason.LIQUIDITY, "The quote reports no size, price impact or depth; liquidity unknown.");
        }
        if (quote.priceImpactPct().compareTo(maxSlippagePct) > 0) {
            return refuse(Reason.LIQUIDITY, "Price impact " + Decimals.percent(quote.priceImpactPct()) + " for "
                    + Decimals.usdt(quote.sizeUsdt()) + " exceeds the slippage bound " + Decimals.percent(maxSlippagePct)
                    + " (pool depth " + Decimals.usdt(quote.depthUsdt()) + ").");
        }
        if (quote.sizeUsdt().compareTo(quote.depthUsdt()) > 0) {
            return refuse(Reason.LIQUIDITY, "Order of " + Decimals.usdt(quote.sizeUsdt()) + " is larger than the pool depth "
                    + Decimals.usdt(quote.depthUsdt()) + ".");
        }
        BigDecimal divergence = quote.price().subtract(mid.price()).abs()
                .multiply(HUNDRED).divide(mid.price(), 6, RoundingMode.HALF_UP);
        if (divergence.compareTo(maxDivergencePct) > 0) {
            String side = quote.price().compareTo(mid.price()) > 0 ? "above" : "below";
            return refuse(Reason.DIVERGENCE, "Quote " + Decimals.percent(divergence) + " " + side + " the reference mid ("
                    + quote.price().toPlainString() + " vs " + mid.price().toPlainString() + "); threshold "
                    + Decimals.percent(maxDivergencePct) + ".");
        }
        return Optional.empty();
    }

    private Optional<Refusal> age(String what, Instant ts, Instant now) {
        Duration age = Duration.between(ts, now);
        if (age.compareTo(maxAge) > 0) {
            return refuse(Reason.STALE, what + " is " + seconds(age) + " old; bound " + seconds(maxAge) + ".");
        }
        if (age.negated().compareTo(FUTURE_TOLERANCE) > 0) {
            return refuse(Reason.STALE, what + " is dated " + seconds(age.negated()) + " in the future; not believed.");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(Reason reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }



    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + " s";
    }
}
