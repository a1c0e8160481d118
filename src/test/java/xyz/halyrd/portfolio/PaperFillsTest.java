package xyz.halyrd.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.PaperFills;

/** The fill model against hand-computed numbers (to the cent and beyond). */
class PaperFillsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static Quote quote(String price, String impactPct) {
        return new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal(price), new BigDecimal(impactPct),
                new BigDecimal("800000"), NOW);
    }

    @Test
    void aBuyPaysFeeGasAndSlippageAboveTheQuote() {
        // slippage = 0.05 % + 0.5 × 0.2 % = 0.15 %; price = 2.0000 × 1.0015 = 2.0030
        // fees = 100 × 0.25 % + 0.15 gas = 0.25 + 0.15 = 0.40; invested 99.60 → 99.60 / 2.003 = 49.72541188217673… → 49.725411882176 CAKE (rounded down)
        PaperFills.Fill fill = PaperFills.DEFAULT.buy(quote("2.0000", "0.2"), new BigDecimal("100"));
        assertEquals(0, new BigDecimal("2.003").compareTo(fill.price()));
        assertEquals(new BigDecimal("0.40000000"), fill.feesUsdt());
        assertEquals(new BigDecimal("49.725411882176"), fill.quantity());
        assertEquals(new BigDecimal("-100.00000000"), fill.cashDeltaUsdt());
    }

    @Test
    void aSellReceivesLessThanTheQuoteAndPaysFeeAndGas() {
        // price = 2.2000 × (1 − 0.0015) = 2.1967; gross = 49.725411882176 × 2.1967 = 109.23181228158… → 109.23181228
        // fees = 109.23181228 × 0.25 % = 0.27307953 (+0.15 gas) = 0.42307953; cash +108.80873275
        PaperFills.Fill fill = PaperFills.DEFAULT.sell(quote("2.2000", "0.2"), new BigDecimal("49.725411882176"));
        assertEquals(0, new BigDecimal("2.1967").compareTo(fill.price()));
        assertEquals(new BigDecimal("109.23181228"), fill.notionalUsdt());
        assertEquals(new BigDecimal("0.42307953"), fill.feesUsdt());
        assertEquals(new BigDecimal("108.80873275"), fill.cashDeltaUsdt());
        // round trip: spent 100, got back 108.80873275 → pnl 8.81 USDT to the cent
        assertEquals(new BigDecimal("8.81"), fill.cashDeltaUsdt().subtract(new BigDecimal("100"))
                .setScale(2, RoundingMode.HALF_EVEN));
    }

    @Test
    void aRoutersPriceAlreadyNetOfThePoolsFeeIsNotChargedItAgain() {
        Quote router = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0000"), new BigDecimal("0.2"),
                new BigDecimal("800000"), NOW, true);
        // price 2.003 as above; the fee is in the price: invested 100 − 0.15 gas = 99.85 → 49.850224663005 CAKE
        // (99.85 / 2.003 = 49.8502246630054…, rounded down); the fees still show the pool's 0.25 and the gas
        PaperFills.Fill buy = PaperFills.DEFAULT.buy(router, new BigDecimal("100"));
        assertEquals(new BigDecimal("49.850224663005"), buy.quantity());
        assertEquals(new BigDecimal("0.40000000"), buy.feesUsdt());
        assertEquals(new BigDecimal("-100.00000000"), buy.cashDeltaUsdt());
        // sell: gross 109.23181228 as above; only the gas is taken: +109.08181228; fees show 0.27307953 + 0.15
        Quote back = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.2000"), new BigDecimal("0.2"),
                new BigDecimal("800000"), NOW, true);
        PaperFills.Fill sell = PaperFills.DEFAULT.sell(back, new BigDecimal("49.725411882176"));
        assertEquals(new BigDecimal("109.23181228"), sell.notionalUsdt());
        assertEquals(new BigDecimal("0.42307953"), sell.feesUsdt());
        assertEquals(new BigDecimal("109.08181228"), sell.cashDeltaUsdt());
    }

    @Test
    void slippageGrowsWithThePriceImpactOfTheSize() {
        BigDecimal small = PaperFills.DEFAULT.buy(quote("2.0", "0.1"), new BigDecimal("100")).price();
        BigDecimal large = PaperFills.DEFAULT.buy(quote("2.0", "0.9"), new BigDecimal("100")).price();
        assertEquals(0, new BigDecimal("2.002").compareTo(small)); // 0.05 + 0.05 = 0.10 %
        assertEquals(0, new BigDecimal("2.01").compareTo(large)); // 0.05 + 0.45 = 0.50 %
    }

    @Test
    void theRoundTripCostAddsBothFeesGasesSlippagesAndImpacts() {
        // 2 × 0.25 % + 2 × 0.15 / 100 + 2 × 0.15 % + 2 × 0.2 % = 0.005 + 0.003 + 0.003 + 0.004 = 0.015
        assertEquals(0, new BigDecimal("0.015").compareTo(
                PaperFills.DEFAULT.roundTripCostFraction(quote("2.0", "0.2"), new BigDecimal("100"))));
    }

    @Test
    void aQuoteThatSaysItsGasIsChargedThatGasInsteadOfTheEstimate() {
        // the chain's gas for the swap: 250 000 gas × 3 gwei × 598.5 USDT per BNB = 0.44887500 USDT
        BigDecimal chainGas = new BigDecimal("0.448875");
        Quote router = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0000"), new BigDecimal("0.2"),
                new BigDecimal("800000"), NOW, true, chainGas);
        assertEquals(chainGas, PaperFills.DEFAULT.gasUsdt(router));
        assertEquals(PaperFills.DEFAULT.gasUsdt(), PaperFills.DEFAULT.gasUsdt(quote("2.0", "0.2")), "no chain: 0.15");
        // invested 100 − 0.448875 = 99.551125 at 2.003 → 49.701010983524 CAKE (49.70101098352471…, rounded down);
        // fees 0.25 pool + 0.448875 gas
        PaperFills.Fill buy = PaperFills.DEFAULT.buy(router, new BigDecimal("100"));
        assertEquals(new BigDecimal("49.701010983524"), buy.quantity());
        assertEquals(new BigDecimal("0.69887500"), buy.feesUsdt());
        // sell: gross 109.23181228 as above, less the chain's gas: +108.78293728; fees 0.27307953 + 0.448875
        Quote back = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.2000"), new BigDecimal("0.2"),
                new BigDecimal("800000"), NOW, true, chainGas);
        PaperFills.Fill sell = PaperFills.DEFAULT.sell(back, new BigDecimal("49.725411882176"));
        assertEquals(new BigDecimal("0.72195453"), sell.feesUsdt());
        assertEquals(new BigDecimal("108.78293728"), sell.cashDeltaUsdt());
        // the round trip: 0.005 fees + 2 × 0.448875 / 100 gas + 0.003 slippage + 0.004 impact = 0.0209775
        assertEquals(0, new BigDecimal("0.0209775").compareTo(
                PaperFills.DEFAULT.roundTripCostFraction(router, new BigDecimal("100"))));
    }

    @Test
    void anOrderThatCannotCoverItsFeesIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PaperFills.DEFAULT.buy(quote("2.0", "0.1"), new BigDecimal("0.15")));
    }
}
