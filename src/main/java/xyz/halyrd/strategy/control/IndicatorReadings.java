package xyz.halyrd.strategy.control;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * Reads, from one token's candles and the market's fed figures, every indicator a strategy's conditions name —
 * and only those. What cannot be computed (too little history) stays unknown. An instance is one spec's reading,
 * its indicators worked out once: a turn of the trading cycle or a backtest's step asks it again and again.
 */
public final class IndicatorReadings {

    private final StrategySpec spec;
    private final List<IndicatorValues.Key> needed;
    private final List<Kind> kinds;
    private final int history;

    private IndicatorReadings(StrategySpec spec) {
        this.spec = spec;
        this.needed = List.copyOf(needed(spec));
        this.kinds = needed.stream().map(k -> Kind.of(k.indicator())).toList();
        this.history = needed.stream().mapToInt(k -> k.window().orElse(0) + 1).max().orElse(1);
    }

    /** The reading of {@code spec}'s indicators. */
    public static IndicatorReadings of(StrategySpec spec) {
        return new IndicatorReadings(spec);
    }

    /** The spec this reads for. */
    public StrategySpec spec() {
        return spec;
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
        return of(spec).history();
    }

    /** The most history any windowed indicator of this spec needs, in candles. */
    public int history() {
        return history;
    }

    /**
     * Every indicator of the spec over a token's closes, oldest first, and the fed figures {@code market} gives for
     * {@code now}; each computed, and each fed figure asked for, when the decision first reads it (a rule decided before
     * it reads fear &amp; greed never asks the market for it).
     */
    public IndicatorValues read(Token token, Closes closes, MarketFeed market, Instant now) {
        return IndicatorValues.onRead(token.name(), needed, i -> { // the one object a reading makes besides its values
            OptionalDouble value = switch (kinds.get(i)) {
                case FEAR_GREED -> market.fearGreed(now);
                case FUNDING_RATE -> market.fundingRate(token, now);
                default -> compute(kinds.get(i), needed.get(i).window(), closes);
            };
            return value.isPresent() ? value.getAsDouble() : Double.NaN;
        });
    }

    /** One computed indicator ({@code sma}, {@code ema}, {@code rsi}, {@code price_vs_sma}) over the candles. */
    public static OptionalDouble value(String indicator, int window, List<Candle> candles) {
        return compute(Kind.of(indicator), OptionalInt.of(window), Closes.of(candles));
    }

    /** What computes an indicator, told apart once per spec rather than by its name on every read. */
    private enum Kind {
        FEAR_GREED, FUNDING_RATE, SMA, EMA, RSI, PRICE_VS_SMA, UNKNOWN;

        static Kind of(String indicator) {
            return switch (indicator) {
                case "fear_greed" -> FEAR_GREED;
                case "funding_rate" -> FUNDING_RATE;
                case "sma" -> SMA;
                case "ema" -> EMA;
                case "rsi" -> RSI;
                case "price_vs_sma" -> PRICE_VS_SMA;
                default -> UNKNOWN;
            };
        }
    }

    /** One indicator computed over the closes; the fed figures ({@code fear_greed}, {@code funding_rate}) are not. */
    private static OptionalDouble compute(Kind kind, OptionalInt window, Closes closes) {
        switch (kind) {
            case SMA:
                return Sma.ofLast(closes, window.orElseThrow());
            case EMA: {
                Ema ema = new Ema(window.orElseThrow());
                for (int i = 0; i < closes.size(); i++) {
                    ema.update(closes.get(i));
                }
                return ema.value();
            }
            case RSI:
                return Rsi.over(closes, window.orElseThrow());
            case PRICE_VS_SMA:
                return PriceVsSma.ofLast(closes, window.orElseThrow());
            default:
                return OptionalDouble.empty();
        }
    }
}
