package xyz.halyrd.strategy.control;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * Reads, from one token's candles and the market's fed figures, every indicator a strategy's conditions name —
 * and only those. What cannot be computed (too little history) stays unknown.
 */
public final class IndicatorReadings {

    private IndicatorReadings() {
    }

    /** The indicators the spec needs, each with its window: what the cycle must compute. */
    public static Set<IndicatorValues.Key> needed(StrategySpec spec) {
        Set<IndicatorValues.Key> keys = new LinkedHashSet<>();
        Stream.of(spec.signals().entry().conditions(), spec.signals().exit().conditions(),
                        spec.regimeFilter().standAsideWhen())
                .flatMap(List::stream)
                .forEach(c -> keys.add(new IndicatorValues.Key(c.indicator(), c.window())));
        return keys;
    }

    /** The most history any windowed indicator of the spec needs, in candles (RSI needs one more close). */
    public static int history(StrategySpec spec) {
        return needed(spec).stream().mapToInt(k -> k.window().orElse(0) + 1).max().orElse(1);
    }

    public static IndicatorValues read(StrategySpec spec, String token, List<Candle> candles, OptionalDouble fearGreed,
            OptionalDouble fundingRate) {
        IndicatorValues values = IndicatorValues.of(token);
        for (IndicatorValues.Key key : needed(spec)) {
            values = values.with(key, compute(key, candles, fearGreed, fundingRate));
        }
        return values;
    }

    /** One computed indicator ({@code sma}, {@code ema}, {@code rsi}, {@code price_vs_sma}) over the candles. */
    public static OptionalDouble value(String indicator, int window, List<Candle> candles) {
        return compute(new IndicatorValues.Key(indicator, OptionalInt.of(window)), candles, OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    private static OptionalDouble compute(IndicatorValues.Key key, List<Candle> candles, OptionalDouble fearGreed,
            OptionalDouble fundingRate) {
        OptionalInt window = key.window();
        switch (key.indicator()) {
            case "fear_greed":
                return fearGreed;
            case "funding_rate":
                return fundingRate;
            case "sma": {
                Sma sma = new Sma(window.orElseThrow());
                candles.forEach(sma::update);
                return sma.value();
            }
            case "ema": {
                Ema ema = new Ema(window.orElseThrow());
                candles.forEach(ema::update);
                return ema.value();
            }
            case "rsi": {
                Rsi rsi = new Rsi(window.orElseThrow());
                candles.forEach(rsi::update);
                return rsi.value();
            }
            case "price_vs_sma": {
                PriceVsSma deviation = new PriceVsSma(window.orElseThrow());
                candles.forEach(deviation::update);
                return deviation.value();
            }
            default:
                return OptionalDouble.empty();
        }
    }
}
