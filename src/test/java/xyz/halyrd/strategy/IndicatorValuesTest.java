package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Test
    void valuesGivenOnReadAreWorkedOutWhenFirstAskedForAndOnlyOnce() {
        int[] computed = new int[3];
        double[] answers = {23.5, Double.NaN, 35};
        IndicatorValues values = IndicatorValues.onRead("CAKE", List.of(RSI, SMA, FEAR_GREED), i -> {
            computed[i]++;
            return answers[i];
        });
        assertEquals(OptionalDouble.of(35), values.value("fear_greed", OptionalInt.empty()));
        assertEquals(OptionalDouble.of(35), values.value("fear_greed", OptionalInt.empty()));
        assertEquals(OptionalDouble.empty(), values.value("rsi", OptionalInt.of(7)), "not a key: nothing worked out");
        assertArrayEquals(new int[] {0, 0, 1}, computed, "only what was read, once");

        assertEquals(OptionalDouble.empty(), values.value("price_vs_sma", OptionalInt.of(48)), "NaN is unknown");
        assertEquals("IndicatorValues[CAKE, rsi(14)=23.5, fear_greed=35.0]", values.toString());
        assertArrayEquals(new int[] {1, 1, 1}, computed, "the words need every value");
        IndicatorValues replaced = values.with("fear_greed", 60);
        assertEquals(OptionalDouble.of(23.5), replaced.value("rsi", OptionalInt.of(14)));
        assertEquals(OptionalDouble.of(60), replaced.value("fear_greed", OptionalInt.empty()));
        assertArrayEquals(new int[] {1, 1, 1}, computed);
    }
}
