package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.strategy.entity.Indicators.Descriptor;
import xyz.halyrd.strategy.entity.Indicators.Parameter;
import xyz.halyrd.strategy.entity.Indicators;

class IndicatorsTest {

    @Test
    void theCatalogueNamesEveryIndicatorAStrategySpecMayUse() {
        assertEquals(List.of("sma", "ema", "rsi", "price_vs_sma", "fear_greed", "funding_rate"),
                Indicators.all().stream().map(Descriptor::name).toList());
    }

    @Test
    void windowDefaultsAreTheStrategyDefaults() {
        Parameter rsiWindow = Indicators.byName("rsi").orElseThrow().parameters().get(0);
        assertEquals("window", rsiWindow.name());
        assertEquals(14, rsiWindow.defaultValue());
        assertEquals(48, Indicators.byName("price_vs_sma").orElseThrow().parameters().get(0).defaultValue());
        assertEquals(48, Indicators.byName("sma").orElseThrow().parameters().get(0).defaultValue());
        for (Descriptor d : Indicators.all()) {
            for (Parameter p : d.parameters()) {
                assertTrue(p.min() <= p.defaultValue() && p.defaultValue() <= p.max(), d.name() + "." + p.name());
            }
        }
    }

    @Test
    void fedIndicatorsHaveNoWindow() {
        for (String name : List.of("fear_greed", "funding_rate")) {
            Descriptor d = Indicators.byName(name).orElseThrow();
            assertEquals(Indicators.FED, d.kind());
            assertTrue(d.parameters().isEmpty());
        }
        assertTrue(Indicators.byName("macd").isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> Indicators.all().clear());
    }
}
