package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.QuoteRejection.Reason;
import xyz.halyrd.market.entity.Token;

/** Each QuoteVerifier rule at, just inside and just outside its threshold, and failing closed. */
class QuoteRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final QuoteRules RULES =
            new QuoteRules(new BigDecimal("0.75"), Duration.ofSeconds(60), new BigDecimal("1.0"));
    private static final MidPrice MID = new MidPrice(Token.CAKE, new BigDecimal("2.0000"), NOW);

    private static Quote quote(String price) {
        return new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal(price), new BigDecimal("0.20"),
                new BigDecimal("250000"), NOW);
    }

    private static Optional<QuoteRules.Refusal> judge(MidPrice mid, Quote quote) {
        return RULES.judge(mid, quote, NOW);
    }

    @Test
    void aQuoteCloseToAFreshMidWithDepthPasses() {
        assertEquals(Optional.empty(), judge(MID, quote("2.0100")));
    }

    @Test
    void divergenceAtTheThresholdPassesAndJustAboveIsRejectedWithTheNumbers() {
        assertEquals(Optional.empty(), judge(MID, quote("2.0150")), "exactly 0.75 % is allowed");
        assertEquals(Optional.empty(), judge(MID, quote("1.9850")), "below the mid as well");
        QuoteRules.Refusal above = judge(MID, quote("2.0164")).orElseThrow();
        assertEquals(Reason.DIVERGENCE, above.reason());
        assertEquals("Quote 0.82% above the reference mid (2.0164 vs 2.0000); threshold 0.75%.", above.detail());
        QuoteRules.Refusal below = judge(MID, quote("1.9849")).orElseThrow();
        assertEquals(Reason.DIVERGENCE, below.reason());
        assertTrue(below.detail().startsWith("Quote 0.76% below"), below.detail());
    }

    @Test
    void staleAtTheBoundPassesAndOneMillisecondOlderIsRejected() {
        Quote atBound = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0"), new BigDecimal("0.2"),
                new BigDecimal("250000"), NOW.minusSeconds(60));
        assertEquals(Optional.empty(), judge(MID, atBound));
        Quote older = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0"), new BigDecimal("0.2"),
                new BigDecimal("250000"), NOW.minusSeconds(60).minusMillis(1));
        QuoteRules.Refusal refusal = judge(MID, older).orElseThrow();
        assertEquals(Reason.STALE, refusal.reason());
        assertEquals("Quote is 60.001 s old; bound 60 s.", refusal.detail());
        MidPrice oldMid = new MidPrice(Token.CAKE, new BigDecimal("2.0"), NOW.minusSeconds(95));
        assertEquals("Reference mid is 95 s old; bound 60 s.", judge(oldMid, quote("2.0")).orElseThrow().detail());
    }

    @Test
    void aTimestampFromTheFutureIsNotBelieved() {
        MidPrice future = new MidPrice(Token.CAKE, new BigDecimal("2.0"), NOW.plusSeconds(30));
        assertEquals(Reason.STALE, judge(future, quote("2.0")).orElseThrow().reason());
        MidPrice slightlyAhead = new MidPrice(Token.CAKE, new BigDecimal("2.0"), NOW.plusSeconds(5));
        assertEquals(Optional.empty(), judge(slightlyAhead, quote("2.0")), "small clock skew is tolerated");
    }

    @Test
    void liquidityAtTheSlippageBoundPassesAndAboveOrBeyondDepthIsRejected() {
        Quote atBound = new Quote(Token.CAKE, new BigDecimal("500"), new BigDecimal("2.0"), new BigDecimal("1.0"),
                new BigDecimal("40000"), NOW);
        assertEquals(Optional.empty(), judge(MID, atBound));
        Quote thin = new Quote(Token.CAKE, new BigDecimal("500"), new BigDecimal("2.0"), new BigDecimal("1.4"),
                new BigDecimal("40000"), NOW);
        QuoteRules.Refusal refusal = judge(MID, thin).orElseThrow();
        assertEquals(Reason.LIQUIDITY, refusal.reason());
        assertEquals("Price impact 1.40% for 500.00 USDT exceeds the slippage bound 1.00% (pool depth 40000.00 USDT).",
                refusal.detail());
        Quote tooBig = new Quote(Token.CAKE, new BigDecimal("500"), new BigDecimal("2.0"), new BigDecimal("0.5"),
                new BigDecimal("400"), NOW);
        assertEquals(Reason.LIQUIDITY, judge(MID, tooBig).orElseThrow().reason());
    }

    @Test
    void aThinPoolIsNamedAsSuchThoughItsImpactAlsoMovesTheFillAwayFromTheMid() {
        Quote thinAndFar = new Quote(Token.CAKE, new BigDecimal("500"), new BigDecimal("2.40"), new BigDecimal("20"),
                new BigDecimal("2000"), NOW);
        assertEquals(Reason.LIQUIDITY, judge(MID, thinAndFar).orElseThrow().reason());
    }

    @Test
    void missingDataFailsClosed() {
        assertEquals(Reason.STALE, judge(null, quote("2.0")).orElseThrow().reason());
        assertEquals(Reason.STALE, judge(new MidPrice(Token.CAKE, null, NOW), quote("2.0")).orElseThrow().reason());
        assertEquals(Reason.STALE, judge(new MidPrice(Token.CAKE, new BigDecimal("2"), null), quote("2.0"))
                .orElseThrow().reason());
        assertEquals(Reason.STALE, judge(MID, null).orElseThrow().reason());
        assertEquals(Reason.STALE, judge(MID, new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0"),
                new BigDecimal("0.1"), new BigDecimal("1000"), null)).orElseThrow().reason());
        assertEquals(Reason.STALE, judge(new MidPrice(Token.CAKE, BigDecimal.ZERO, NOW), quote("2.0"))
                .orElseThrow().reason());
        assertEquals(Reason.LIQUIDITY, judge(MID, new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0"),
                null, new BigDecimal("1000"), NOW)).orElseThrow().reason());
    }
}
