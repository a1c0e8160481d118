package xyz.halyrd.strategy.entity;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import xyz.halyrd.platform.Decimals;

/**
 * A declarative trading strategy, the same for backtests and the live signal engine: when to enter, when to leave,
 * when to stand aside, and how much to trade. Immutable; build one with {@code StrategySpecs} from JSON or YAML, which
 * checks everything with field paths, or take {@link #meanReversion()}.
 */
public record StrategySpec(MarketMode marketMode, String name, Signals signals, RegimeFilter regimeFilter,
        Params params) {

    public StrategySpec {
        Objects.requireNonNull(marketMode, "marketMode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signals, "signals");
        Objects.requireNonNull(regimeFilter, "regimeFilter");
        Objects.requireNonNull(params, "params");
    }

    /**
     * The documented mean-reversion example: buy when a token is 5 % below its 48-hour average, oversold and the
     * market fearful; leave at the average or when RSI recovers; stay out while funding is crowded.
     */
    public static StrategySpec meanReversion() {
        return new StrategySpec(MarketMode.SPOT, "mean-reversion-v1",
                new Signals(
                        new Rule(Combinator.ALL_OF, List.of(
                                Condition.windowed("price_vs_sma", Op.LE, "-0.05", 48),
                                Condition.windowed("rsi", Op.LE, "25", 14),
                                Condition.unwindowed("fear_greed", Op.LE, "40"))),
                        new Rule(Combinator.ANY_OF, List.of(
                                Condition.windowed("price_vs_sma", Op.GE, "0.0", 48),
                                Condition.windowed("rsi", Op.GE, "65", 14)))),
                new RegimeFilter(List.of(Condition.unwindowed("funding_rate", Op.GE, "0.03"))),
                new Params(new BigDecimal("90"), 1));
    }

    /** The window the entry rule uses for {@code indicator}, if it names one: what a screen of the same setup should use. */
    public OptionalInt entryWindowOf(String indicator) {
        return signals.entry().conditions().stream().filter(c -> c.indicator().equals(indicator))
                .map(Condition::window).filter(OptionalInt::isPresent).findFirst().orElse(OptionalInt.empty());
    }

    /** Spot is long-only (buy with USDT, sell back to USDT); futures is named so it can be refused, not run. */
    public enum MarketMode {
        SPOT("spot", true),
        FUTURES("futures", false);

        private final String wire;
        private final boolean available;

        MarketMode(String wire, boolean available) {
            this.wire = wire;
            this.available = available;
        }

        public String wire() {
            return wire;
        }

        public boolean available() {
            return available;
        }

        public static Optional<MarketMode> byWire(String wire) {
            return Stream.of(values()).filter(m -> m.wire.equals(wire)).findFirst();
        }
    }

    /** When to open a position and when to close it. */
    public record Signals(Rule entry, Rule exit) {

        public Signals {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(exit, "exit");
        }
    }

    /** Conditions any one of which suppresses new entries; exits are never suppressed. Empty: never stands aside. */
    public record RegimeFilter(List<Condition> standAsideWhen) {

        public static final RegimeFilter NONE = new RegimeFilter(List.of());

        public RegimeFilter {
            standAsideWhen = List.copyOf(standAsideWhen);
        }
    }

    /**
     * How much to trade: the share of available capital per trade, how many positions may be open at once, and
     * optionally the move an entry expects (percent of the entry price, the fee filter's expected edge).
     */
    public record Params(BigDecimal positionSizePct, int maxConcurrent, Optional<BigDecimal> expectedMovePct) {

        public Params {
            // Normalised so that 90, 90.0 and 9E+1 make equal specs whichever format they were read from.
            positionSizePct = Decimals.plain(Objects.requireNonNull(positionSizePct, "positionSizePct"));
            expectedMovePct = Objects.requireNonNull(expectedMovePct, "expectedMovePct").map(Decimals::plain);
        }

        /** Without a declared expected move. */
        public Params(BigDecimal positionSizePct, int maxConcurrent) {
            this(positionSizePct, maxConcurrent, Optional.empty());
        }
    }

    /** A non-empty list of conditions joined by {@code all_of} (every one) or {@code any_of} (at least one). */
    public record Rule(Combinator combinator, List<Condition> conditions) {

        public Rule {
            Objects.requireNonNull(combinator, "combinator");
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("a rule needs at least one condition");
            }
        }
    }

    public enum Combinator {
        ALL_OF("all_of"),
        ANY_OF("any_of");

        private final String wire;

        Combinator(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * One comparison of an indicator with a threshold, {@code rsi <= 25}. {@code window} counts candles and is present
     * exactly for the indicators computed from candles ({@code rsi}, {@code sma}, {@code ema}, {@code price_vs_sma}).
     */
    public record Condition(String indicator, Op op, BigDecimal value, OptionalInt window) {

        public Condition {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(op, "op");
            value = Decimals.plain(Objects.requireNonNull(value, "value"));
            Objects.requireNonNull(window, "window");
        }

        public static Condition windowed(String indicator, Op op, String value, int window) {
            return new Condition(indicator, op, new BigDecimal(value), OptionalInt.of(window));
        }

        public static Condition unwindowed(String indicator, Op op, String value) {
            return new Condition(indicator, op, new BigDecimal(value), OptionalInt.empty());
        }

        /** Whether a known indicator value satisfies this condition. */
        public boolean holdsFor(double actual) {
            return op.test(actual, value.doubleValue());
        }
    }

    /**
     * The comparisons a condition may use. There is no {@code ==}: indicators are continuous values computed in
     * floating point, so equality would almost never hold and would fire or not by rounding accident.
     */
    public enum Op {
        LE("<=", "≤"),
        GE(">=", "≥"),
        LT("<", "<"),
        GT(">", ">");

        private final String wire;
        private final String symbol;

        Op(String wire, String symbol) {
            this.wire = wire;
            this.symbol = symbol;
        }

        public String wire() {
            return wire;
        }

        /** The sign as a reader writes it, for plain-English reasons. */
        public String symbol() {
            return symbol;
        }

        public boolean test(double actual, double threshold) {
            return switch (this) {
                case LE -> actual <= threshold;
                case GE -> actual >= threshold;
                case LT -> actual < threshold;
                case GT -> actual > threshold;
            };
        }

        public static Optional<Op> byWire(String wire) {
            return Stream.of(values()).filter(o -> o.wire.equals(wire)).findFirst();
        }
    }
}
