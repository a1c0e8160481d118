package xyz.halyrd.strategy.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of indicators a StrategySpec condition may name ({@code GET /indicators}), and the argument checks
 * the streaming indicators share.
 *
 * <p>{@code sma}, {@code ema}, {@code rsi} and {@code price_vs_sma} are computed here from closes ({@link Sma},
 * {@link Ema}, {@link Rsi}, {@link PriceVsSma}); {@code fear_greed} and {@code funding_rate} are fed in by the
 * market adapters as they are published, so they have no window.
 */
public final class Indicators {

    /** A value derived here from the candle closes. */
    public static final String COMPUTED = "computed";
    /** A value published elsewhere and passed through as received. */
    public static final String FED = "fed";

    /** The largest window accepted: 30 days of hourly candles. */
    public static final int MAX_WINDOW = 720;

    /** One indicator as a client sees it: {@code name} is what a condition's {@code indicator} field holds. */
    @JsonbPropertyOrder({"name", "description", "kind", "unit", "parameters"})
    public record Descriptor(String name, String description, String kind, String unit, List<Parameter> parameters) {

        public Descriptor {
            parameters = List.copyOf(parameters);
        }
    }

    /** A tunable of an indicator, an integer within [{@code min}, {@code max}]; {@code window} counts candles. */
    @JsonbPropertyOrder({"name", "description", "defaultValue", "min", "max"})
    public record Parameter(String name, String description, int defaultValue, int min, int max) {
    }

    private static final String WINDOW_HELP = "number of candles averaged; with hourly candles, hours";

    private static final List<Descriptor> CATALOGUE = catalogue(StrategySpec.meanReversion());

    private Indicators() {
    }

    /** Every indicator, in the order a client should list them. */
    public static List<Descriptor> all() {
        return CATALOGUE;
    }

    /** The indicator with this exact name ({@code rsi}, {@code price_vs_sma}, …). */
    public static Optional<Descriptor> byName(String name) {
        return CATALOGUE.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    // Defaults come from the strategy's own defaults so the catalogue and a fresh config never disagree.
    private static List<Descriptor> catalogue(StrategySpec defaults) {
        int smaWindow = defaults.entryWindowOf("price_vs_sma").orElse(48);
        int rsiWindow = defaults.entryWindowOf("rsi").orElse(14);
        return List.of(
                new Descriptor("sma", "Simple moving average of the closes over the window.", COMPUTED, "USDT",
                        List.of(new Parameter("window", WINDOW_HELP, smaWindow, 2, MAX_WINDOW))),
                new Descriptor("ema", "Exponential moving average of the closes, alpha = 2/(window+1), seeded with"
                        + " the simple average of the first window closes.", COMPUTED, "USDT",
                        List.of(new Parameter("window", WINDOW_HELP, smaWindow, 2, MAX_WINDOW))),
                new Descriptor("rsi", "Wilder's relative strength index of close-to-close changes: low means"
                        + " oversold, high overbought.", COMPUTED, "0 to 100",
                        List.of(new Parameter("window", "number of close-to-close changes smoothed", rsiWindow, 2,
                                MAX_WINDOW))),
                new Descriptor("price_vs_sma", "Deviation of the close from its simple moving average, close/SMA - 1:"
                        + " -0.05 is 5 % below.", COMPUTED, "fraction",
                        List.of(new Parameter("window", WINDOW_HELP, smaWindow, 2, MAX_WINDOW))),
                new Descriptor("fear_greed", "Crypto Fear & Greed Index as published: 0 extreme fear, 100 extreme"
                        + " greed.", FED, "0 to 100", List.of()),
                new Descriptor("funding_rate", "Perpetual-futures funding rate of the token as published, per"
                        + " funding interval; high values mean crowded longs.", FED, "percent per funding interval",
                        List.of()));
    }

    public static int requireWindow(int window, int min) {
        if (window < min || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be " + min + " to " + MAX_WINDOW + ", was " + window);
        }
        return window;
    }

    public static double requireFinite(double close) {
        if (!Double.isFinite(close)) {
            throw new IllegalArgumentException("close must be a finite number, was " + close);
        }
        return close;
    }
}
