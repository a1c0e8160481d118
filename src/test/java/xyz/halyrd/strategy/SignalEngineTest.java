package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.strategy.control.IndicatorReadings;
import xyz.halyrd.strategy.control.SignalEngine;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.Signal.Action;
import xyz.halyrd.strategy.entity.Signal;
import xyz.halyrd.strategy.entity.StrategySpec.Condition;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/** Entry, exit and regime filter of the mean-reversion spec with all, some and none of the data known. */
class SignalEngineTest {

    private static final StrategySpec SPEC = StrategySpec.meanReversion();
    private static final Condition BELOW_SMA = SPEC.signals().entry().conditions().get(0);
    private static final Condition RSI_LOW = SPEC.signals().entry().conditions().get(1);
    private static final Condition FEAR = SPEC.signals().entry().conditions().get(2);
    private static final Condition RSI_HIGH = SPEC.signals().exit().conditions().get(1);
    private static final Condition FUNDING = SPEC.regimeFilter().standAsideWhen().get(0);

    /** CAKE 5.2 % below its 48h SMA, RSI 23, fear & greed 35, funding calm: every entry condition holds. */
    private static IndicatorValues oversold() {
        return IndicatorValues.of("CAKE").with("price_vs_sma", 48, -0.052).with("rsi", 14, 23)
                .with("fear_greed", 35).with("funding_rate", 0.01);
    }

    private static Signal flat(IndicatorValues values) {
        return SignalEngine.HOURLY.decide(SPEC, values, false);
    }

    private static Signal holding(IndicatorValues values) {
        return SignalEngine.HOURLY.decide(SPEC, values, true);
    }

    @Test
    void allKnownAndMetEnters() {
        assertEquals(new Signal("CAKE", Action.ENTER,
                "Entry: price 5.2% below 48h SMA, RSI(14) 23, fear & greed 35", List.of()), flat(oversold()));
    }

    @Test
    void reasonsNameWindowsInBarsOnCandlesOtherThanHourly() {
        SignalEngine fiveMinutes = SignalEngine.on(Duration.ofMinutes(5));
        assertEquals("Entry: price 5.2% below 48-bar SMA, RSI(14) 23, fear & greed 35",
                fiveMinutes.decide(SPEC, oversold(), false).reason());
        assertEquals("Entry not taken, data missing: no value for price vs 48-bar SMA (entry at ≤ -5%)",
                fiveMinutes.decide(SPEC, IndicatorValues.of("CAKE").with("rsi", 14, 23).with("fear_greed", 35)
                        .with("funding_rate", 0.01), false).reason());
        assertEquals("Entry: price 5.2% below 48h SMA, RSI(14) 23, fear & greed 35",
                SignalEngine.on(Duration.ofHours(1)).decide(SPEC, oversold(), false).reason());
    }

    @Test
    void thresholdsAreInclusiveForLessOrEqual() {
        Signal atThresholds = flat(oversold().with("price_vs_sma", 48, -0.05).with("rsi", 14, 25)
                .with("fear_greed", 40));
        assertEquals(Action.ENTER, atThresholds.action());
        assertEquals("Entry: price 5% below 48h SMA, RSI(14) 25, fear & greed 40", atThresholds.reason());
    }

    @Test
    void oneConditionFalseIsNoEntryWithTheNumbersAndTheThreshold() {
        assertEquals(new Signal("CAKE", Action.HOLD, "No entry: RSI(14) 40.6 (entry at ≤ 25)", List.of()),
                flat(oversold().with("rsi", 14, 40.6)));
        assertEquals(new Signal("CAKE", Action.HOLD,
                "No entry: price 0.04% below 48h SMA (entry at ≤ -5%), fear & greed 61 (entry at ≤ 40)", List.of()),
                flat(oversold().with("price_vs_sma", 48, -0.0004).with("fear_greed", 61)));
    }

    @Test
    void anUnknownEntryConditionIsSkippedNeverGuessedAndNamed() {
        IndicatorValues noFear = oversold().with(new IndicatorValues.Key("fear_greed", OptionalInt.empty()),
                OptionalDouble.empty());
        assertEquals(new Signal("CAKE", Action.SKIP,
                "Entry not taken, data missing: no value for fear & greed (entry at ≤ 40)", List.of(FEAR)),
                flat(noFear));
        assertEquals(new Signal("CAKE", Action.SKIP, "Entry not taken, data missing: no value for price vs 48h SMA"
                + " (entry at ≤ -5%), no value for RSI(14) (entry at ≤ 25), no value for fear & greed (entry at ≤ 40)",
                List.of(BELOW_SMA, RSI_LOW, FEAR)), flat(IndicatorValues.of("CAKE").with("funding_rate", 0.01)));
    }

    @Test
    void aValueForAnotherWindowOrANaNIsUnknown() {
        Signal otherWindow = flat(IndicatorValues.of("CAKE").with("price_vs_sma", 48, -0.052).with("rsi", 7, 23)
                .with("fear_greed", 35).with("funding_rate", 0.01));
        assertEquals(Action.SKIP, otherWindow.action());
        assertEquals(List.of(RSI_LOW), otherWindow.unknown());
        Signal nan = flat(oversold().with("rsi", 14, Double.NaN));
        assertEquals(Action.SKIP, nan.action());
        assertEquals("Entry not taken, data missing: no value for RSI(14) (entry at ≤ 25)", nan.reason());
    }

    @Test
    void aFalseConditionDecidesAllOfEvenWithAnotherUnknown() {
        assertEquals(new Signal("CAKE", Action.HOLD,
                "No entry: RSI(14) 40 (entry at ≤ 25); no value for fear & greed (entry at ≤ 40)", List.of(FEAR)),
                flat(IndicatorValues.of("CAKE").with("price_vs_sma", 48, -0.052).with("rsi", 14, 40)
                        .with("funding_rate", 0.01)));
    }

    @Test
    void anActiveRegimeFilterStandsAsideEvenWhenTheEntryHolds() {
        assertEquals(new Signal("CAKE", Action.STAND_ASIDE,
                "Standing aside: funding rate 0.05% (stand aside at ≥ 0.03%)", List.of()),
                flat(oversold().with("funding_rate", 0.05)));
        assertEquals(Action.STAND_ASIDE, flat(oversold().with("funding_rate", 0.03)).action(), "≥ is inclusive");
        assertEquals(Action.ENTER, flat(oversold().with("funding_rate", 0.0299)).action());
    }

    @Test
    void anUndecidedRegimeFilterSkipsAnEntryButDoesNotInventOne() {
        IndicatorValues noFunding = IndicatorValues.of("CAKE").with("price_vs_sma", 48, -0.052).with("rsi", 14, 23)
                .with("fear_greed", 35);
        assertEquals(new Signal("CAKE", Action.SKIP, "Entry not taken, regime filter undecided: no value for funding"
                + " rate (stand aside at ≥ 0.03%); entry met: price 5.2% below 48h SMA, RSI(14) 23, fear & greed 35",
                List.of(FUNDING)), flat(noFunding));
        assertEquals(Action.HOLD, flat(noFunding.with("rsi", 14, 50)).action());
    }

    @Test
    void aSpecWithoutRegimeFilterNeverStandsAside() {
        StrategySpec unfiltered = new StrategySpec(SPEC.marketMode(), SPEC.name(), SPEC.signals(),
                StrategySpec.RegimeFilter.NONE, SPEC.params());
        IndicatorValues noFunding = IndicatorValues.of("CAKE").with("price_vs_sma", 48, -0.052).with("rsi", 14, 23)
                .with("fear_greed", 35);
        assertEquals(Action.ENTER, SignalEngine.HOURLY.decide(unfiltered, noFunding, false).action());
    }

    @Test
    void exitWhenAnyExitConditionHolds() {
        assertEquals(new Signal("CAKE", Action.EXIT, "Exit: price 0.3% above 48h SMA", List.of()),
                holding(oversold().with("price_vs_sma", 48, 0.003).with("rsi", 14, 50)));
        assertEquals(new Signal("CAKE", Action.EXIT, "Exit: price at 48h SMA, RSI(14) 71.2", List.of()),
                holding(oversold().with("price_vs_sma", 48, 0.0).with("rsi", 14, 71.24)));
    }

    @Test
    void oneTrueConditionDecidesAnyOfEvenWithAnotherUnknown() {
        assertEquals(new Signal("CAKE", Action.EXIT, "Exit: RSI(14) 66", List.of(SPEC.signals().exit()
                        .conditions().get(0))),
                holding(IndicatorValues.of("CAKE").with("rsi", 14, 66)));
    }

    @Test
    void holdWhileTheExitIsNotMetOrUndecided() {
        assertEquals(new Signal("CAKE", Action.HOLD, "Holding, exit not met: price 2.1% below 48h SMA (exit at ≥ 0%),"
                + " RSI(14) 50 (exit at ≥ 65)", List.of()),
                holding(oversold().with("price_vs_sma", 48, -0.021).with("rsi", 14, 50)));
        assertEquals(new Signal("CAKE", Action.HOLD, "Holding, exit undecided: no value for RSI(14) (exit at ≥ 65)",
                List.of(RSI_HIGH)), holding(IndicatorValues.of("CAKE").with("price_vs_sma", 48, -0.021)));
    }

    @Test
    void theRegimeFilterNeverBlocksAnExit() {
        assertEquals(Action.EXIT, holding(oversold().with("funding_rate", 0.2).with("rsi", 14, 70)).action());
    }

    @Test
    void aYamlSpecDrivesTheSameSignals() {
        StrategySpec yaml = StrategySpecs.fromYaml(StrategySpecsTest.YAML);
        assertEquals(flat(oversold()), SignalEngine.HOURLY.decide(yaml, oversold(), false));
    }

    @Test
    void otherIndicatorsReadPlainly() {
        StrategySpec trend = StrategySpecs.fromJson("""
                {"market_mode":"spot","name":"trend",
                 "signals":{"entry":{"all_of":[{"indicator":"ema","op":">","value":2.5,"window":20},
                                               {"indicator":"sma","op":"<","value":3,"window":48}]},
                            "exit":{"any_of":[{"indicator":"ema","op":"<","value":2.4,"window":20}]}},
                 "params":{"position_size_pct":50,"max_concurrent":2}}
                """);
        IndicatorValues values = IndicatorValues.of("LINK").with("ema", 20, 2.5123456789).with("sma", 48, 3.25);
        assertEquals(new Signal("LINK", Action.HOLD, "No entry: 48h SMA 3.25 (entry at < 3)", List.of()),
                SignalEngine.HOURLY.decide(trend, values, false));
        assertEquals(new Signal("LINK", Action.ENTER, "Entry: 20h EMA 2.51235, 48h SMA 2.9", List.of()),
                SignalEngine.HOURLY.decide(trend, values.with("sma", 48, 2.9), false));
    }

    @Test
    void aRuleDecidedByItsFirstConditionLeavesTheOthersUnreadUntilTheReasonIsRead() {
        List<IndicatorValues.Key> keys = List.copyOf(IndicatorReadings.needed(SPEC));
        List<String> read = new ArrayList<>();
        IndicatorValues values = IndicatorValues.onRead("CAKE", keys, i -> {
            read.add(keys.get(i).indicator());
            return switch (keys.get(i).indicator()) {
                case "price_vs_sma" -> -0.01; // 1 % below: the entry is decided, no
                case "rsi" -> 23;
                case "fear_greed" -> 35;
                default -> 0.01; // funding calm
            };
        });
        Signal signal = flat(values);
        assertEquals(Action.HOLD, signal.action());
        assertEquals(List.of("funding_rate", "price_vs_sma"), read, "the regime filter, then the entry's first");
        assertEquals("No entry: price 1% below 48h SMA (entry at ≤ -5%)", signal.reason());
        assertEquals(List.of(), signal.unknown());
        assertEquals(List.of("funding_rate", "price_vs_sma", "rsi", "fear_greed"), read, "the reason reads them all");
    }

    @Test
    void aReadingAsksTheMarketForFearAndGreedOrFundingOnlyWhenTheDecisionReadsThem() {
        double[] closes = new double[60];
        java.util.Arrays.fill(closes, 100);
        closes[59] = 99; // 1 % below the average: no entry, decided before fear & greed
        List<String> asked = new ArrayList<>();
        java.time.Instant now = java.time.Instant.parse("2026-11-22T12:00:00Z");
        MarketFeed market = new MarketFeed() {
            @Override
            public OptionalDouble fearGreed(java.time.Instant at) {
                asked.add("fear_greed");
                return at.equals(now) ? OptionalDouble.of(35) : OptionalDouble.empty();
            }

            @Override
            public OptionalDouble fundingRate(Token token, java.time.Instant at) {
                asked.add("funding_rate");
                return token == Token.CAKE && at.equals(now) ? OptionalDouble.of(0.01) : OptionalDouble.empty();
            }
        };
        IndicatorValues values = IndicatorReadings.of(SPEC).read(Token.CAKE, xyz.halyrd.market.entity.Closes.view(
                closes, 0, closes.length), market, now);
        assertEquals(List.of(), asked, "nothing asked before the decision reads it");
        Signal signal = flat(values);
        assertEquals(Action.HOLD, signal.action());
        assertEquals(List.of("funding_rate"), asked, "the regime filter's, once; fear & greed never");
        assertTrue(signal.reason().startsWith("No entry: price 1"), signal.reason());
        assertEquals(List.of("funding_rate", "fear_greed"), asked, "the reason's words ask for the rest, once");
    }
}
