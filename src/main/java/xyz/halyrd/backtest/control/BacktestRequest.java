package xyz.halyrd.backtest.control;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.config.control.WatchlistRequest;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * A validated {@code POST /backtests} body: the spec (checked by the one validator, so an invalid spec is refused
 * before anything runs) and what to replay it on; the optional fields stay empty for {@link Backtests} to default.
 */
public record BacktestRequest(StrategySpec spec, Optional<List<Token>> tokens, Optional<Instant> from,
        Optional<Instant> to, Duration resolution, Optional<BigDecimal> startingEquity, Backtest.Source source,
        Optional<Long> seed) {

    public static final String STRATEGY_SPEC = "strategy_spec";
    /** Binance's kline intervals from a minute to a day, as the API writes them. */
    public static final Map<String, Duration> RESOLUTIONS = Map.of("1m", Duration.ofMinutes(1), "3m",
            Duration.ofMinutes(3), "5m", Duration.ofMinutes(5), "15m", Duration.ofMinutes(15), "30m",
            Duration.ofMinutes(30), "1h", Duration.ofHours(1), "2h", Duration.ofHours(2), "4h", Duration.ofHours(4),
            "12h", Duration.ofHours(12), "1d", Duration.ofDays(1));
    public static final Duration DEFAULT_RESOLUTION = Duration.ofMinutes(5);
    public static final BigDecimal MAX_STARTING_EQUITY = new BigDecimal("1000000000");
    private static final Set<String> FIELDS = Set.of(STRATEGY_SPEC, "tokens", "from", "to", "resolution",
            "starting_equity", "source", "seed");

    public static BacktestRequest parse(JsonValue body) {
        if (!(body instanceof JsonObject object)) {
            throw ApiException.validation("body", "an object with strategy_spec is required");
        }
        for (String key : object.keySet()) {
            if (!FIELDS.contains(key)) {
                throw ApiException.validation(key, "unknown field (expected strategy_spec, tokens, from, to, "
                        + "resolution, starting_equity, source, seed)");
            }
        }
        JsonValue spec = object.get(STRATEGY_SPEC);
        if (spec == null || spec.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.validation(STRATEGY_SPEC, spec == null ? "is required" : "must be an object");
        }
        StrategySpec parsed = StrategySpecs.fromJson(spec);
        Optional<List<Token>> tokens = present(object, "tokens").map(v -> WatchlistRequest.symbols("tokens", v)
                .stream().map(s -> Token.bySymbol(s).orElseThrow()).toList());
        Optional<Instant> from = present(object, "from").map(v -> instant("from", v));
        Optional<Instant> to = present(object, "to").map(v -> instant("to", v));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw ApiException.validation("to", "must be after from");
        }
        Duration resolution = present(object, "resolution").map(BacktestRequest::resolution).orElse(DEFAULT_RESOLUTION);
        Optional<BigDecimal> equity = present(object, "starting_equity").map(BacktestRequest::startingEquity);
        Backtest.Source source = present(object, "source").map(BacktestRequest::source)
                .orElse(Backtest.Source.SIMULATED);
        Optional<Long> seed = present(object, "seed").map(BacktestRequest::seed);
        if (seed.isPresent() && source != Backtest.Source.SIMULATED) {
            throw ApiException.validation("seed", "applies to the simulated source only");
        }
        return new BacktestRequest(parsed, tokens, from, to, resolution, equity, source, seed);
    }

    private static Optional<JsonValue> present(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value == null || value == JsonValue.NULL ? Optional.empty() : Optional.of(value);
    }

    private static Instant instant(String field, JsonValue value) {
        if (value instanceof JsonString text) {
            try {
                return Instant.parse(text.getString());
            } catch (DateTimeParseException e) {
                // falls through to the refusal
            }
        }
        throw ApiException.validation(field, "must be an ISO-8601 UTC instant such as \"2026-11-01T00:00:00Z\"");
    }

    private static Duration resolution(JsonValue value) {
        if (value instanceof JsonString text) {
            Duration known = RESOLUTIONS.get(text.getString().toLowerCase(Locale.ROOT));
            if (known != null) {
                return known;
            }
        }
        throw ApiException.validation("resolution", "must be one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 12h, 1d");
    }

    private static BigDecimal startingEquity(JsonValue value) {
        if (value instanceof JsonNumber number) {
            BigDecimal amount = number.bigDecimalValue();
            if (amount.signum() > 0 && amount.compareTo(MAX_STARTING_EQUITY) <= 0 && amount.scale() <= 8) {
                return amount;
            }
        }
        throw ApiException.validation("starting_equity", "must be a positive USDT amount up to "
                + MAX_STARTING_EQUITY.toPlainString() + " with at most 8 decimals");
    }

    private static Backtest.Source source(JsonValue value) {
        if (value instanceof JsonString text) {
            for (Backtest.Source source : Backtest.Source.values()) {
                if (source.wire().equals(text.getString())) {
                    return source;
                }
            }
        }
        throw ApiException.validation("source", "must be simulated or csv");
    }

    private static long seed(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.bigDecimalValue().longValueExact();
            } catch (ArithmeticException e) {
                // falls through to the refusal
            }
        }
        throw ApiException.validation("seed", "must be a whole number");
    }
}
