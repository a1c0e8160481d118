package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.IndicatorValues.Key;

/** What is known of a token's indicators: a value by name and window, and nothing that is not a finite number. */
class IndicatorValuesTest {

    private static final Key RSI = new Key("rsi", OptionalInt.of(14));
    private static final Key SMA = new Key("price_vs_sma", OptionalInt.of(48));
    private static final Key FEAR_GREED = new Key("fear_greed", OptionalInt.empty());

    @Test
    void aReadingKeepsTheFiniteValuesAndLeavesTheRestUnknown() {
        IndicatorValues values = IndicatorValues.of("CAKE", List.of(RSI, SMA, FEAR_GREED),
                new double[] {23.5, Double.NaN, Double.POSITIVE_INFINITY});
        assertEquals("CAKE", values.token());
        assertEquals(OptionalDouble.of(23.5), values.value("rsi", OptionalInt.of(14)));
        assertEquals(OptionalDouble.empty(), values.value("rsi", OptionalInt.of(7)), "another window is another value");
        assertEquals(OptionalDouble.empty(), values.value("price_vs_sma", OptionalInt.of(48)));
        assertEquals(OptionalDouble.empty(), values.value("fear_greed", OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> IndicatorValues.of("CAKE", List.of(RSI), new double[2]));
    }

    @Test
    void withAddsReplacesAndForgetsWithoutChangingTheOriginal() {
        IndicatorValues first = IndicatorValues.of("BNB").with("rsi", 14, 40).with("fear_greed", 35);
        IndicatorValues replaced = first.with("rsi", 14, 20);
        IndicatorValues forgotten = replaced.with(RSI, OptionalDouble.of(Double.NaN));
        assertEquals(OptionalDouble.of(40), first.value("rsi", OptionalInt.of(14)));
        assertEquals(OptionalDouble.of(20), replaced.value("rsi", OptionalInt.of(14)));
        assertEquals(OptionalDouble.empty(), forgotten.value("rsi", OptionalInt.of(14)));
        assertEquals(OptionalDouble.of(35), forgotten.value("fear_greed", OptionalInt.empty()));
        assertEquals(forgotten, forgotten.with(SMA, OptionalDouble.empty()), "forgetting the unknown changes nothing");
    }
}
