package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.strategy.control.FeeFilter;
import xyz.halyrd.strategy.control.FeeFilter.Verdict;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;

/** The fee filter at, just above and just below 3× the round-trip cost, with the documented reason text. */
class FeeFilterTest {

    // swap fee 0.1 %, gas 0.05 %, slippage 0.05 %: a round trip costs 0.2 %, so 3× is 0.6 %
    private static Verdict judge(String edge) {
        return FeeFilter.DEFAULT.judge(new BigDecimal(edge), new BigDecimal("0.001"), new BigDecimal("0.0005"),
                new BigDecimal("0.0005"));
    }

    @Test
    void theDocumentedExampleIsSkippedWithBothNumbers() {
        Verdict verdict = judge("0.004");
        assertFalse(verdict.passes());
        assertEquals("expected edge 0.4% < 3× cost 0.6%", verdict.reason());
        assertEquals(new BigDecimal("0.0020"), verdict.cost());
        assertEquals(0, new BigDecimal("0.006").compareTo(verdict.threshold()));
        assertEquals(new BigDecimal("0.004"), verdict.expectedEdge());
    }

    @Test
    void exactlyAtTheThresholdPasses() {
        Verdict verdict = judge("0.006");
        assertTrue(verdict.passes());
        assertEquals("expected edge 0.6% ≥ 3× cost 0.6%", verdict.reason());
    }

    @Test
    void justAbovePassesAndJustBelowIsSkippedWithEnoughDigitsToTellThemApart() {
        Verdict above = judge("0.0060001");
        assertTrue(above.passes());
        assertEquals("expected edge 0.60001% ≥ 3× cost 0.6%", above.reason());
        Verdict below = judge("0.0059999");
        assertFalse(below.passes());
        assertEquals("expected edge 0.59999% < 3× cost 0.6%", below.reason());
    }

    @Test
    void aNegativeEdgeNeverPassesAndAFreeTradeWithAnEdgeDoes() {
        assertEquals("expected edge -1.25% < 3× cost 0.6%", judge("-0.0125").reason());
        Verdict free = FeeFilter.DEFAULT.judge(new BigDecimal("0.0001"), BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);
        assertTrue(free.passes());
        assertEquals("expected edge 0.01% ≥ 3× cost 0%", free.reason());
    }

    @Test
    void anotherMultipleIsNamedInTheReason() {
        Verdict verdict = new FeeFilter(new BigDecimal("2.5")).judge(new BigDecimal("0.004"),
                new BigDecimal("0.0025"), new BigDecimal("0.0005"), new BigDecimal("0.0002"));
        assertFalse(verdict.passes());
        assertEquals("expected edge 0.4% < 2.5× cost 0.8%", verdict.reason());
    }

    @Test
    void nonsenseInputsAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> FeeFilter.DEFAULT.judge(new BigDecimal("0.01"),
                new BigDecimal("-0.001"), BigDecimal.ZERO, BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FeeFilter(BigDecimal.ZERO));
        assertThrows(NullPointerException.class, () -> FeeFilter.DEFAULT.judge(new BigDecimal("0.01"),
                null, BigDecimal.ZERO, BigDecimal.ZERO));
    }

    @Test
    void theEdgeOfAFullReversionToTheSma() {
        assertEquals(new BigDecimal("0.052631578947368"), FeeFilter.reversionEdge(new BigDecimal("-0.05")));
        assertEquals(0, FeeFilter.reversionEdge(BigDecimal.ZERO).signum());
        assertTrue(FeeFilter.reversionEdge(new BigDecimal("0.01")).signum() < 0);
        assertThrows(IllegalArgumentException.class, () -> FeeFilter.reversionEdge(new BigDecimal("-1")));
    }

    @Test
    void aRoundTripsCostIsSplitIntoSwapFeesGasAndTheRestAsSlippage() {
        // 0.25 % a swap, 0.15 USDT gas a swap on 100 USDT: fees 0.5 %, gas 0.3 %; of a 1 % round trip 0.2 % is slippage
        Verdict verdict = FeeFilter.DEFAULT.judgeRoundTrip(new BigDecimal("0.03"), new BigDecimal("0.01"),
                new BigDecimal("0.25"), new BigDecimal("0.15"), new BigDecimal("100"));
        assertTrue(verdict.passes());
        assertEquals(0, new BigDecimal("0.01").compareTo(verdict.cost()));
        assertEquals("expected edge 3% ≥ 3× cost 3%", verdict.reason());
        // a cost below fees and gas (rounding) counts no negative slippage
        assertEquals(0, new BigDecimal("0.008").compareTo(FeeFilter.DEFAULT.judgeRoundTrip(BigDecimal.ONE,
                new BigDecimal("0.005"), new BigDecimal("0.25"), new BigDecimal("0.15"), new BigDecimal("100")).cost()));
    }

    @Test
    void aDeclaredExpectedMoveIsTheEdgeWhateverTheIndicators() {
        StrategySpec rsiOnly = rsiOnly(Optional.of(new BigDecimal("2.5")));
        FeeFilter.Edge edge = FeeFilter.expectedEdge(rsiOnly, IndicatorValues.of("ETH"), MEASURED).orElseThrow();
        assertEquals(0, new BigDecimal("0.025").compareTo(edge.fraction()));
        assertEquals("declared params.expected_move_pct 2.5%", edge.source());
        // declared wins over the reversion distance, so the author's number is the one judged
        StrategySpec declared = withMove(StrategySpec.meanReversion(), new BigDecimal("1"));
        assertEquals(0, new BigDecimal("0.01").compareTo(FeeFilter.expectedEdge(declared,
                IndicatorValues.of("ETH").with("price_vs_sma", 48, -0.05), MEASURED).orElseThrow().fraction()));
    }

    @Test
    void withoutADeclaredMoveTheEdgeIsTheReversionToTheEntrysSma() {
        FeeFilter.Edge edge = FeeFilter.expectedEdge(StrategySpec.meanReversion(),
                IndicatorValues.of("ETH").with("price_vs_sma", 48, -0.05), MEASURED).orElseThrow();
        assertEquals(FeeFilter.reversionEdge(BigDecimal.valueOf(-0.05)), edge.fraction());
        assertEquals("reversion to the 48-candle SMA", edge.source());
        // the reading of the entry's window only; unknown is no edge, not a guess
        assertTrue(FeeFilter.expectedEdge(StrategySpec.meanReversion(),
                IndicatorValues.of("ETH").with("price_vs_sma", 20, -0.05), Optional.empty()).isEmpty());
    }

    @Test
    void withNeitherTheEdgeIsThePassedBacktestsAverageWinningMove() {
        FeeFilter.Edge edge = FeeFilter.expectedEdge(rsiOnly(Optional.empty()), IndicatorValues.of("ETH"), MEASURED)
                .orElseThrow();
        assertEquals(new BigDecimal("0.0213"), edge.fraction());
        assertEquals("measured: the 2.13% average winning move of backtest bt_01", edge.source());
    }

    @Test
    void aSpecWithNeitherHasNoEdgeAndTheSkipSaysWhatToDeclare() {
        assertTrue(FeeFilter.expectedEdge(rsiOnly(Optional.empty()),
                IndicatorValues.of("ETH").with("price_vs_sma", 48, -0.05), Optional.empty()).isEmpty());
        assertEquals("no expected edge: declare params.expected_move_pct (the move an entry expects, in percent),"
                + " enter on price_vs_sma, or attach the spec by a backtest that passed the gate (its average winning"
                + " move is the edge)", FeeFilter.NO_EDGE);
    }

    private static final Optional<MeasuredEdge> MEASURED = Optional.of(new MeasuredEdge(new BigDecimal("0.0213"),
            "bt_01"));

    private static StrategySpec rsiOnly(Optional<BigDecimal> move) {
        StrategySpec base = StrategySpec.meanReversion();
        return new StrategySpec(base.marketMode(), "rsi-only", new StrategySpec.Signals(
                new StrategySpec.Rule(StrategySpec.Combinator.ALL_OF, List.of(
                        StrategySpec.Condition.windowed("rsi", StrategySpec.Op.LE, "25", 14))),
                base.signals().exit()), base.regimeFilter(),
                new StrategySpec.Params(base.params().positionSizePct(), 1, move));
    }

    private static StrategySpec withMove(StrategySpec spec, BigDecimal move) {
        return new StrategySpec(spec.marketMode(), spec.name(), spec.signals(), spec.regimeFilter(),
                new StrategySpec.Params(spec.params().positionSizePct(), spec.params().maxConcurrent(),
                        Optional.of(move)));
    }
}
