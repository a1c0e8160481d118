package xyz.halyrd.strategy.control;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.Signal;
import xyz.halyrd.strategy.entity.Signal.Action;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpec.Combinator;
import xyz.halyrd.strategy.entity.StrategySpec.Condition;
import xyz.halyrd.strategy.entity.StrategySpec.Rule;

/**
 * Turns a StrategySpec and one token's indicator values into a {@link Signal}, the same way live, on the simulated
 * market and in a backtest. Pure: no clock, no state.
 *
 * <p>Conditions are three-valued: true, false, or unknown when the value is missing. A rule is decided only when the
 * known values decide it ({@code all_of} is false as soon as one condition is false, {@code any_of} true as soon as
 * one is true); otherwise it is unknown, and an unknown entry is never taken. The regime filter stands aside when
 * any of its conditions holds; if it is undecided an entry is skipped rather than risked.
 *
 * <p>Windows count candles: reasons name them in hours on hourly candles ("48h SMA"), in bars on any other
 * ("48-bar SMA"). Position size and {@code max_concurrent} are the cycle's business, not decided here.
 */
public final class SignalEngine {

    private static final Duration HOUR = Duration.ofHours(1);
    /** The engine on hourly candles, the cycle's default resolution. */
    public static final SignalEngine HOURLY = new SignalEngine(HOUR);

    /** What follows a window's length in a reason: "h" on hourly candles, "-bar" on any other. */
    private final String windowUnit;

    private enum Truth { TRUE, FALSE, UNKNOWN }

    private record Outcome(Condition condition, OptionalDouble actual, Truth truth) {
    }

    private SignalEngine(Duration resolution) {
        this.windowUnit = unit(resolution);
    }

    /** The engine on candles of {@code resolution}: what its reasons call a window. */
    public static SignalEngine on(Duration resolution) {
        return resolution.equals(HOUR) ? HOURLY : new SignalEngine(resolution);
    }

    /** A window of {@code bars} candles of {@code resolution} as a reason names it: "48h" when hourly, else "48-bar". */
    public static String window(int bars, Duration resolution) {
        return bars + unit(resolution);
    }

    private static String unit(Duration resolution) {
        return resolution.equals(HOUR) ? "h" : "-bar";
    }

    /** The signal for a token that is flat ({@code holding} false) or has an open position ({@code holding} true). */
    public Signal decide(StrategySpec spec, IndicatorValues values, boolean holding) {
        return holding ? whileHolding(spec, values) : whileFlat(spec, values);
    }

    private Signal whileHolding(StrategySpec spec, IndicatorValues values) {
        Rule exit = spec.signals().exit();
        String token = values.token();
        Supplier<List<Condition>> unknown = () -> unknown(outcomes(exit.conditions(), values));
        return switch (truth(exit.combinator(), exit.conditions(), values)) {
            case TRUE -> new Signal(token, Action.EXIT,
                    () -> "Exit: " + actuals(with(outcomes(exit.conditions(), values), Truth.TRUE)), unknown);
            case FALSE -> new Signal(token, Action.HOLD,
                    () -> notMet("Holding, exit not met: ", exit.conditions(), values, "exit at"), unknown);
            case UNKNOWN -> new Signal(token, Action.HOLD, () -> "Holding, exit undecided: "
                    + missingList(unknown(outcomes(exit.conditions(), values)), "exit at"), unknown);
        };
    }

    private Signal whileFlat(StrategySpec spec, IndicatorValues values) {
        String token = values.token();
        List<Condition> regime = spec.regimeFilter().standAsideWhen();
        Truth standAside = regime.isEmpty() ? Truth.FALSE : truth(Combinator.ANY_OF, regime, values);
        if (standAside == Truth.TRUE) {
            return new Signal(token, Action.STAND_ASIDE, () -> "Standing aside: "
                    + against(with(outcomes(regime, values), Truth.TRUE), "stand aside at"), List::of);
        }
        Rule entry = spec.signals().entry();
        Supplier<List<Condition>> unknown = () -> unknown(outcomes(entry.conditions(), values));
        return switch (truth(entry.combinator(), entry.conditions(), values)) {
            case FALSE -> new Signal(token, Action.HOLD,
                    () -> notMet("No entry: ", entry.conditions(), values, "entry at"), unknown);
            case UNKNOWN -> new Signal(token, Action.SKIP, () -> "Entry not taken, data missing: "
                    + missingList(unknown(outcomes(entry.conditions(), values)), "entry at"), unknown);
            case TRUE -> {
                if (standAside == Truth.UNKNOWN) {
                    Supplier<List<Condition>> regimeUnknown = () -> unknown(outcomes(regime, values));
                    yield new Signal(token, Action.SKIP, () -> "Entry not taken, regime filter undecided: "
                            + missingList(regimeUnknown.get(), "stand aside at") + "; entry met: "
                            + actuals(with(outcomes(entry.conditions(), values), Truth.TRUE)), regimeUnknown);
                }
                yield new Signal(token, Action.ENTER,
                        () -> "Entry: " + actuals(with(outcomes(entry.conditions(), values), Truth.TRUE)), unknown);
            }
        };
    }

    // The steps below run for every token on every pass and every backtest bar: plain loops, no streams.

    /**
     * A rule's truth, its conditions read in order only until one decides it ({@code all_of}: a false one,
     * {@code any_of}: a true one); the rest are left unread, and unknown values undecide it only when nothing does.
     */
    private static Truth truth(Combinator combinator, List<Condition> conditions, IndicatorValues values) {
        Truth decisive = combinator == Combinator.ALL_OF ? Truth.FALSE : Truth.TRUE;
        boolean undecided = false;
        for (int i = 0; i < conditions.size(); i++) { // indexed: no iterator on every bar
            Condition condition = conditions.get(i);
            Truth truth = truth(condition, values.valueOrNaN(condition.indicator(), condition.window()));
            if (truth == decisive) {
                return decisive;
            }
            undecided |= truth == Truth.UNKNOWN;
        }
        if (undecided) {
            return Truth.UNKNOWN;
        }
        return decisive == Truth.FALSE ? Truth.TRUE : Truth.FALSE;
    }

    /** A condition's truth for its indicator's value, NaN when unknown. */
    private static Truth truth(Condition condition, double actual) {
        return Double.isNaN(actual) ? Truth.UNKNOWN : condition.holdsFor(actual) ? Truth.TRUE : Truth.FALSE;
    }

    /** Every condition with its value and truth: what a reason is worded from, once it is read. */
    private static List<Outcome> outcomes(List<Condition> conditions, IndicatorValues values) {
        List<Outcome> outcomes = new ArrayList<>(conditions.size());
        for (Condition c : conditions) {
            OptionalDouble actual = values.value(c.indicator(), c.window());
            outcomes.add(new Outcome(c, actual, truth(c, actual.orElse(Double.NaN))));
        }
        return outcomes;
    }

    private static List<Outcome> with(List<Outcome> outcomes, Truth truth) {
        List<Outcome> matching = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            if (outcome.truth() == truth) {
                matching.add(outcome);
            }
        }
        return matching;
    }

    private static List<Condition> unknown(List<Outcome> outcomes) {
        List<Condition> unknown = null;
        for (Outcome outcome : outcomes) {
            if (outcome.truth() == Truth.UNKNOWN) {
                if (unknown == null) {
                    unknown = new ArrayList<>(outcomes.size());
                }
                unknown.add(outcome.condition());
            }
        }
        return unknown == null ? List.of() : unknown;
    }

    // ---- plain English ----------------------------------------------------------------------------------------

    /** "price 5.2% below 48h SMA, RSI(14) 23, fear & greed 35" */
    private String actuals(List<Outcome> outcomes) {
        return outcomes.stream().map(o -> actual(o.condition(), o.actual().getAsDouble()))
                .collect(Collectors.joining(", "));
    }

    /** A rule not met: {@code lead}, then the false conditions against their thresholds, then the unknown ones. */
    private String notMet(String lead, List<Condition> conditions, IndicatorValues values, String verb) {
        List<Outcome> outcomes = outcomes(conditions, values);
        return lead + against(with(outcomes, Truth.FALSE), verb) + missing(unknown(outcomes), verb);
    }

    /** "RSI(14) 40 (entry at ≤ 25)" */
    private String against(List<Outcome> outcomes, String verb) {
        return outcomes.stream().map(o -> actual(o.condition(), o.actual().getAsDouble()) + " ("
                + verb + " " + threshold(o.condition()) + ")").collect(Collectors.joining(", "));
    }

    private String missing(List<Condition> unknown, String verb) {
        return unknown.isEmpty() ? "" : "; " + missingList(unknown, verb);
    }

    /** "no value for fear & greed (entry at ≤ 40)" */
    private String missingList(List<Condition> unknown, String verb) {
        return unknown.stream().map(c -> "no value for " + subject(c) + " (" + verb + " " + threshold(c) + ")")
                .collect(Collectors.joining(", "));
    }

    String subject(Condition c) {
        int window = c.window().orElse(0);
        return switch (c.indicator()) {
            case "price_vs_sma" -> "price vs " + window + windowUnit + " SMA";
            case "rsi" -> "RSI(" + window + ")";
            case "sma" -> window + windowUnit + " SMA";
            case "ema" -> window + windowUnit + " EMA";
            case "fear_greed" -> "fear & greed";
            case "funding_rate" -> "funding rate";
            default -> c.indicator();
        };
    }

    String actual(Condition c, double value) {
        return switch (c.indicator()) {
            case "price_vs_sma" -> priceVsSma(value, c.window().orElse(0));
            case "funding_rate" -> subject(c) + " " + decimals(BigDecimal.valueOf(value), 4) + "%";
            case "sma", "ema" -> subject(c) + " " + Decimals.plain(BigDecimal.valueOf(value)
                    .round(new MathContext(6, RoundingMode.HALF_UP))).toPlainString();
            default -> subject(c) + " " + decimals(BigDecimal.valueOf(value), 1);
        };
    }

    /** The condition's operator and threshold in the unit the reader sees: "≤ -5%", "≥ 0.03%", "≤ 25". */
    static String threshold(Condition c) {
        String value = switch (c.indicator()) {
            case "price_vs_sma" -> decimals(c.value().movePointRight(2), 2) + "%";
            case "funding_rate" -> c.value().toPlainString() + "%";
            default -> c.value().toPlainString();
        };
        return c.op().symbol() + " " + value;
    }

    /** -0.052 → "price 5.2% below 48h SMA"; a deviation too small for one decimal keeps two significant digits. */
    private String priceVsSma(double fraction, int window) {
        String sma = window + windowUnit + " SMA";
        if (fraction == 0) {
            return "price at " + sma;
        }
        BigDecimal pct = BigDecimal.valueOf(Math.abs(fraction)).movePointRight(2);
        BigDecimal rounded = pct.setScale(1, RoundingMode.HALF_UP);
        if (rounded.signum() == 0) {
            rounded = pct.round(new MathContext(2, RoundingMode.HALF_UP));
        }
        return "price " + Decimals.plain(rounded).toPlainString() + "% " + (fraction < 0 ? "below " : "above ") + sma;
    }

    private static String decimals(BigDecimal value, int scale) {
        return Decimals.plain(value.setScale(scale, RoundingMode.HALF_UP)).toPlainString();
    }
}
