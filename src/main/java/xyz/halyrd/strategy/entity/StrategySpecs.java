package xyz.halyrd.strategy.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.JsonP;
import xyz.halyrd.strategy.entity.StrategySpec.Combinator;
import xyz.halyrd.strategy.entity.StrategySpec.Condition;
import xyz.halyrd.strategy.entity.StrategySpec.MarketMode;
import xyz.halyrd.strategy.entity.StrategySpec.Op;
import xyz.halyrd.strategy.entity.StrategySpec.Params;
import xyz.halyrd.strategy.entity.StrategySpec.RegimeFilter;
import xyz.halyrd.strategy.entity.StrategySpec.Rule;
import xyz.halyrd.strategy.entity.StrategySpec.Signals;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * Reads a StrategySpec from JSON or YAML and refuses anything that is not exactly one, naming the field by its path
 * ({@code signals.entry.all_of[1].op: must be one of <=, >=, <, >}).
 *
 * <p>Both formats are first turned into the same plain tree (maps, lists, strings, BigDecimal numbers, booleans,
 * nulls) and then checked by one validator, so a spec means the same whichever format it came in.
 *
 * <p>Refusals: {@code MARKET_MODE_MISMATCH} (400) for a short signal under {@code spot}, checked before anything
 * else; {@code VALIDATION_FAILED} (400) for everything else, including {@code market_mode: futures}, which is known
 * but not available yet (a field value the client can fix, like any other); {@code MALFORMED_JSON} or
 * {@code MALFORMED_YAML} (400) when the text does not parse at all.
 */
public final class StrategySpecs {

    static final String ROOT = "strategy_spec";
    static final String MARKET_MODE = "market_mode";
    static final String NAME = "name";
    static final String SIGNALS = "signals";
    static final String REGIME_FILTER = "regime_filter";
    static final String PARAMS = "params";
    static final String ENTRY = "entry";
    static final String EXIT = "exit";
    static final String STAND_ASIDE_WHEN = "stand_aside_when";
    static final String POSITION_SIZE_PCT = "position_size_pct";
    static final String MAX_CONCURRENT = "max_concurrent";
    public static final String EXPECTED_MOVE_PCT = "expected_move_pct";
    static final String INDICATOR = "indicator";
    static final String OP = "op";
    static final String VALUE = "value";
    static final String WINDOW = "window";

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_CONDITIONS = 20;
    /** One position per token at most, so more concurrent positions than tradable tokens is a typo. */
    public static final int MAX_CONCURRENT_LIMIT = Token.values().length;
    private static final int MAX_PCT_SCALE = 4; // the scale strategy percentages are stored with

    // Indicators bounded by definition; a threshold outside can never (or always) hold, which is a mistake.
    private static final Map<String, BigDecimal> UPPER_BOUND_100 =
            Map.of("rsi", BigDecimal.valueOf(100), "fear_greed", BigDecimal.valueOf(100));
    // A section named for a short, or any value saying short; not every key with "short" in it, because
    // "short_window" is a plausible typo that deserves an unknown-field answer, not a mismatch.
    private static final Set<String> SHORT_KEYS =
            Set.of("short", "shorts", "short_entry", "entry_short", "sell_to_open", "sell-to-open");
    private static final Set<String> SHORT_VALUES = Set.of("short", "sell_to_open", "sell-to-open");
    // Parsson's switch; other JSON-P providers ignore keys they do not know.
    private static final Map<String, ?> JSON_CONFIG = Map.of("org.eclipse.parsson.rejectDuplicateKeys", true);
    // Looked up once: finding the JSON-P provider is a service-loader search on every JsonP.create… call.
    private static final JsonReaderFactory READERS = JsonP.createReaderFactory(JSON_CONFIG);
    /** Specs parsed from the canonical JSON of config versions: a handful per installation, read every turn. */
    private static final Map<String, StrategySpec> STORED = new ConcurrentHashMap<>();
    private static final int MAX_STORED = 64;

    private StrategySpecs() {
    }

    /** A spec from JSON text, the object itself (not wrapped in {@code strategy_spec}). */
    public static StrategySpec fromJson(String json) {
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return fromJson(reader.readValue());
        } catch (JsonException | IllegalStateException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, "MALFORMED_JSON",
                    "The strategy spec is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * A spec from the canonical JSON a config version stored (see {@link #toJson}), parsed once: specs are immutable,
     * and the trading cycle reads the running one on every turn.
     */
    public static StrategySpec stored(String canonicalJson) {
        StrategySpec spec = STORED.get(canonicalJson);
        if (spec == null) {
            spec = fromJson(canonicalJson);
            if (STORED.size() >= MAX_STORED) {
                STORED.clear(); // only after many config changes; the running spec is parsed again on the next turn
            }
            STORED.put(canonicalJson, spec);
        }
        return spec;
    }

    /** A spec from an already parsed JSON value, such as the {@code strategy_spec} of a request body. */
    public static StrategySpec fromJson(JsonValue json) {
        return fromTree(plain(json));
    }

    /** A spec from YAML text: one document, plain YAML types only, no duplicate keys. */
    public static StrategySpec fromYaml(String yaml) {
        return fromTree(yamlTree(yaml));
    }

    /** A YAML document as plain values (maps, lists, strings, BigDecimal numbers, booleans), as fromTree reads. */
    private static Object yamlTree(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(1_000_000);
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new ApiException(Response.Status.BAD_REQUEST, "MALFORMED_YAML",
                    "The strategy spec is not valid YAML: " + firstLine(e.getMessage()));
        }
        return plainYaml(tree);
    }

    /**
     * A YAML document as the JSON value it writes (a YAML timestamp becomes its ISO-8601 instant): how a request
     * body in YAML is read as the JSON one it stands for.
     */
    public static JsonValue yamlAsJson(String yaml) {
        return json(yamlTree(yaml));
    }

    private static JsonValue json(Object node) {
        if (node instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonP.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), json(v)));
            return object.build();
        }
        if (node instanceof List<?> list) {
            JsonArrayBuilder array = JsonP.createArrayBuilder();
            list.forEach(v -> array.add(json(v)));
            return array.build();
        }
        if (node == null) {
            return JsonValue.NULL;
        }
        if (node instanceof BigDecimal number) {
            return JsonP.createValue(number);
        }
        if (node instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (node instanceof java.util.Date date) {
            return JsonP.createValue(date.toInstant().toString());
        }
        return JsonP.createValue(String.valueOf(node));
    }

    /** The canonical JSON of a spec: what {@link #fromJson(String)} reads back to an equal spec. */
    public static JsonObject toJson(StrategySpec spec) {
        JsonObjectBuilder signals = JsonP.createObjectBuilder()
                .add(ENTRY, rule(spec.signals().entry()))
                .add(EXIT, rule(spec.signals().exit()));
        JsonObjectBuilder root = JsonP.createObjectBuilder()
                .add(MARKET_MODE, spec.marketMode().wire())
                .add(NAME, spec.name())
                .add(SIGNALS, signals);
        if (!spec.regimeFilter().standAsideWhen().isEmpty()) {
            root.add(REGIME_FILTER, JsonP.createObjectBuilder()
                    .add(STAND_ASIDE_WHEN, conditions(spec.regimeFilter().standAsideWhen())));
        }
        JsonObjectBuilder params = JsonP.createObjectBuilder()
                .add(POSITION_SIZE_PCT, spec.params().positionSizePct())
                .add(MAX_CONCURRENT, spec.params().maxConcurrent());
        spec.params().expectedMovePct().ifPresent(move -> params.add(EXPECTED_MOVE_PCT, move));
        return root.add(PARAMS, params).build();
    }

    private static JsonObjectBuilder rule(StrategySpec.Rule rule) {
        return JsonP.createObjectBuilder().add(rule.combinator().wire(), conditions(rule.conditions()));
    }

    private static JsonArrayBuilder conditions(List<StrategySpec.Condition> conditions) {
        JsonArrayBuilder array = JsonP.createArrayBuilder();
        for (StrategySpec.Condition c : conditions) {
            JsonObjectBuilder condition = JsonP.createObjectBuilder().add(INDICATOR, c.indicator())
                    .add(OP, c.op().wire()).add(VALUE, c.value());
            c.window().ifPresent(w -> condition.add(WINDOW, w));
            array.add(condition);
        }
        return array;
    }

    // ---- the one validator ------------------------------------------------------------------------------------

    static StrategySpec fromTree(Object tree) {
        Map<String, Object> root = object(ROOT, tree);
        MarketMode mode = marketMode(root);
        if (root.get(SIGNALS) != null) {
            String shortAt = findShort(SIGNALS, root.get(SIGNALS));
            if (shortAt != null) {
                throw new ApiException(Response.Status.BAD_REQUEST, "MARKET_MODE_MISMATCH", shortAt
                        + ": a short signal cannot run under market_mode spot, which is long-only (buy with USDT,"
                        + " sell back to USDT); shorting needs futures, which is not available yet");
            }
        }
        onlyKnown("", root, MARKET_MODE, NAME, SIGNALS, REGIME_FILTER, PARAMS);
        String name = name(root);
        Map<String, Object> signals = object(SIGNALS, required("", root, SIGNALS));
        onlyKnown(SIGNALS, signals, ENTRY, EXIT);
        Rule entry = rule(SIGNALS + "." + ENTRY, required(SIGNALS, signals, ENTRY));
        Rule exit = rule(SIGNALS + "." + EXIT, required(SIGNALS, signals, EXIT));
        RegimeFilter filter = regimeFilter(root);
        Params params = params(object(PARAMS, required("", root, PARAMS)));
        return new StrategySpec(mode, name, new Signals(entry, exit), filter, params);
    }

    private static MarketMode marketMode(Map<String, Object> root) {
        Object value = required("", root, MARKET_MODE);
        String known = Stream.of(MarketMode.values()).map(MarketMode::wire).collect(Collectors.joining(", "));
        MarketMode mode = MarketMode.byWire(value instanceof String s ? s : null).orElseThrow(
                () -> ApiException.validation(MARKET_MODE, "must be one of " + known));
        if (!mode.available()) {
            throw ApiException.validation(MARKET_MODE, mode.wire() + " is not available yet; use spot");
        }
        return mode;
    }

    /** The path of the first thing under signals that declares a short, or null. */
    static String findShort(String path, Object node) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                String key = String.valueOf(field.getKey());
                String at = path + "." + key;
                if (SHORT_KEYS.contains(normal(key))
                        || field.getValue() instanceof String s && SHORT_VALUES.contains(normal(s))) {
                    return at;
                }
                String inner = findShort(at, field.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String inner = findShort(path + "[" + i + "]", list.get(i));
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static String normal(String word) {
        return word.trim().toLowerCase(Locale.ROOT);
    }

    private static String name(Map<String, Object> root) {
        if (!(required("", root, NAME) instanceof String name)) {
            throw ApiException.validation(NAME, "must be a string");
        }
        if (name.isBlank()) {
            throw ApiException.validation(NAME, "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.validation(NAME, "at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static Rule rule(String path, Object node) {
        Map<String, Object> rule = object(path, node);
        onlyKnown(path, rule, Combinator.ALL_OF.wire(), Combinator.ANY_OF.wire());
        if (rule.size() != 1) {
            throw ApiException.validation(path, rule.isEmpty() ? "needs all_of or any_of"
                    : "give either all_of or any_of, not both");
        }
        Combinator combinator = rule.containsKey(Combinator.ALL_OF.wire()) ? Combinator.ALL_OF : Combinator.ANY_OF;
        String listPath = path + "." + combinator.wire();
        return new Rule(combinator, conditions(listPath, required(path, rule, combinator.wire())));
    }

    private static RegimeFilter regimeFilter(Map<String, Object> root) {
        if (!root.containsKey(REGIME_FILTER)) {
            return RegimeFilter.NONE;
        }
        Map<String, Object> filter = object(REGIME_FILTER, required("", root, REGIME_FILTER));
        onlyKnown(REGIME_FILTER, filter, STAND_ASIDE_WHEN);
        String path = REGIME_FILTER + "." + STAND_ASIDE_WHEN;
        return new RegimeFilter(conditions(path, required(REGIME_FILTER, filter, STAND_ASIDE_WHEN)));
    }

    private static List<Condition> conditions(String path, Object node) {
        if (!(node instanceof List<?> list)) {
            throw ApiException.validation(path, "must be a list of conditions");
        }
        if (list.isEmpty()) {
            throw ApiException.validation(path, "must have at least one condition");
        }
        if (list.size() > MAX_CONDITIONS) {
            throw ApiException.validation(path, "at most " + MAX_CONDITIONS + " conditions");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            conditions.add(condition(path + "[" + i + "]", list.get(i)));
        }
        return conditions;
    }

    private static Condition condition(String path, Object node) {
        Map<String, Object> condition = object(path, node);
        onlyKnown(path, condition, INDICATOR, OP, VALUE, WINDOW);

        String indicatorPath = path + "." + INDICATOR;
        String known = Indicators.all().stream().map(Indicators.Descriptor::name).collect(Collectors.joining(", "));
        Object indicatorValue = required(path, condition, INDICATOR);
        Indicators.Descriptor indicator = Indicators.byName(indicatorValue instanceof String s ? s : null)
                .orElseThrow(() -> ApiException.validation(indicatorPath, "must be one of " + known));

        String ops = Stream.of(Op.values()).map(Op::wire).collect(Collectors.joining(", "));
        Object opValue = required(path, condition, OP);
        Op op = Op.byWire(opValue instanceof String s ? s : null)
                .orElseThrow(() -> ApiException.validation(path + "." + OP, "must be one of " + ops));

        String valuePath = path + "." + VALUE;
        BigDecimal value = number(valuePath, required(path, condition, VALUE));
        BigDecimal upper = UPPER_BOUND_100.get(indicator.name());
        if (upper != null && (value.signum() < 0 || value.compareTo(upper) > 0)) {
            throw ApiException.validation(valuePath, indicator.name() + " runs from 0 to 100 (got "
                    + value.toPlainString() + ")");
        }

        return new Condition(indicator.name(), op, value, window(path + "." + WINDOW, indicator, condition));
    }

    /**
     * A computed indicator's window, defaulting to the catalogue's default when left out: the documented example
     * writes {@code price_vs_sma} without a window in its exit, meaning the usual 48-candle average.
     */
    private static OptionalInt window(String path, Indicators.Descriptor indicator, Map<String, Object> condition) {
        Indicators.Parameter parameter = indicator.parameters().stream().filter(p -> p.name().equals(WINDOW))
                .findFirst().orElse(null);
        if (parameter == null) {
            if (condition.containsKey(WINDOW)) {
                throw ApiException.validation(path, indicator.name() + " takes no window");
            }
            return OptionalInt.empty();
        }
        if (!condition.containsKey(WINDOW)) {
            return OptionalInt.of(parameter.defaultValue());
        }
        if (condition.get(WINDOW) == null) {
            throw ApiException.validation(path, "must not be null");
        }
        BigDecimal window = number(path, condition.get(WINDOW));
        if (window.stripTrailingZeros().scale() > 0) {
            throw ApiException.validation(path, "must be a whole number of candles");
        }
        if (window.compareTo(BigDecimal.valueOf(parameter.min())) < 0
                || window.compareTo(BigDecimal.valueOf(parameter.max())) > 0) {
            throw ApiException.validation(path, "must be " + parameter.min() + " to " + parameter.max()
                    + " candles (got " + window.toPlainString() + ")");
        }
        return OptionalInt.of(window.intValueExact());
    }

    private static Params params(Map<String, Object> params) {
        onlyKnown(PARAMS, params, POSITION_SIZE_PCT, MAX_CONCURRENT, EXPECTED_MOVE_PCT);
        String sizePath = PARAMS + "." + POSITION_SIZE_PCT;
        BigDecimal size = number(sizePath, required(PARAMS, params, POSITION_SIZE_PCT));
        if (size.signum() <= 0 || size.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiException.validation(sizePath, "must be more than 0 and at most 100 (got "
                    + size.toPlainString() + ")");
        }
        if (size.stripTrailingZeros().scale() > MAX_PCT_SCALE) {
            throw ApiException.validation(sizePath, "at most " + MAX_PCT_SCALE + " decimal places");
        }
        String concurrentPath = PARAMS + "." + MAX_CONCURRENT;
        BigDecimal concurrent = number(concurrentPath, required(PARAMS, params, MAX_CONCURRENT));
        if (concurrent.stripTrailingZeros().scale() > 0) {
            throw ApiException.validation(concurrentPath, "must be a whole number");
        }
        if (concurrent.compareTo(BigDecimal.ONE) < 0
                || concurrent.compareTo(BigDecimal.valueOf(MAX_CONCURRENT_LIMIT)) > 0) {
            throw ApiException.validation(concurrentPath, "must be 1 to " + MAX_CONCURRENT_LIMIT
                    + ", one per tradable token at most (got " + concurrent.toPlainString() + ")");
        }
        return new Params(size, concurrent.intValueExact(), expectedMove(params));
    }

    /** The declared move an entry expects, in percent: more than 0, at most 100, the scale of the other percentages. */
    private static Optional<BigDecimal> expectedMove(Map<String, Object> params) {
        if (!params.containsKey(EXPECTED_MOVE_PCT)) {
            return Optional.empty();
        }
        String path = PARAMS + "." + EXPECTED_MOVE_PCT;
        BigDecimal move = number(path, required(PARAMS, params, EXPECTED_MOVE_PCT));
        if (move.signum() <= 0 || move.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiException.validation(path, "must be more than 0 and at most 100 (got " + move.toPlainString()
                    + ")");
        }
        if (move.stripTrailingZeros().scale() > MAX_PCT_SCALE) {
            throw ApiException.validation(path, "at most " + MAX_PCT_SCALE + " decimal places");
        }
        return Optional.of(move);
    }

    // ---- tree helpers -----------------------------------------------------------------------------------------

    /** The field's value, refusing a missing field and a null alike. */
    private static Object required(String parent, Map<String, Object> object, String key) {
        String path = parent.isEmpty() ? key : parent + "." + key;
        if (!object.containsKey(key)) {
            throw ApiException.validation(path, "is required");
        }
        Object value = object.get(key);
        if (value == null) {
            throw ApiException.validation(path, "must not be null");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String path, Object node) {
        if (node == null) {
            throw ApiException.validation(path, "must not be null");
        }
        if (!(node instanceof Map<?, ?>)) {
            throw ApiException.validation(path, "must be an object");
        }
        return (Map<String, Object>) node;
    }

    private static void onlyKnown(String path, Map<String, Object> object, String... known) {
        List<String> allowed = List.of(known);
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw ApiException.validation(path.isEmpty() ? key : path + "." + key,
                        "unknown field (expected " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static BigDecimal number(String path, Object node) {
        if (node instanceof BigDecimal number) {
            return number;
        }
        if (node instanceof Double || node instanceof Float) {
            throw ApiException.validation(path, "must be a finite number");
        }
        throw ApiException.validation(path, "must be a number");
    }

    // ---- one plain tree for both formats ----------------------------------------------------------------------

    private static Object plain(JsonValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, plain(v)));
                yield Collections.unmodifiableMap(map);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(); // not toUnmodifiableList: a null element is refused later, by path
                ((JsonArray) value).forEach(v -> list.add(plain(v)));
                yield Collections.unmodifiableList(list);
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    // Numbers become BigDecimal as in JSON; anything else YAML can make (dates, binary, sets) stays as it is and
    // is refused as the wrong type by the validator.
    private static Object plainYaml(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), plainYaml(v)));
            return Collections.unmodifiableMap(plain);
        }
        if (node instanceof List<?> list) {
            List<Object> plain = new ArrayList<>();
            list.forEach(v -> plain.add(plainYaml(v)));
            return Collections.unmodifiableList(plain);
        }
        if (node instanceof Integer || node instanceof Long) {
            return BigDecimal.valueOf(((Number) node).longValue());
        }
        if (node instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (node instanceof Double d && Double.isFinite(d)) {
            // Double.toString is the shortest decimal that reads back as this double: -0.05 stays -0.05
            return new BigDecimal(Double.toString(d));
        }
        return node;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("unreadable");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
