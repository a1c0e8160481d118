package xyz.halyrd.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.strategy.entity.StrategySpec.Combinator;
import xyz.halyrd.strategy.entity.StrategySpec.Condition;
import xyz.halyrd.strategy.entity.StrategySpec.MarketMode;
import xyz.halyrd.strategy.entity.StrategySpec.Op;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/** Reading StrategySpecs from JSON and YAML: the documented example, equal results, and every refusal by path. */
class StrategySpecsTest {

    /** The POST /backtests body of product-notes "/api/backtests", character for character. */
    static final String PRODUCT_NOTES_BODY = """
            {"strategy_spec":{
              "market_mode":"spot","name":"mean-reversion-v1",
              "signals":{
                "entry":{"all_of":[
                  {"indicator":"price_vs_sma","op":"<=","value":-0.05,"window":48},
                  {"indicator":"rsi","op":"<=","value":25,"window":14},
                  {"indicator":"fear_greed","op":"<=","value":40}]},
                "exit":{"any_of":[
                  {"indicator":"price_vs_sma","op":">=","value":0.0},
                  {"indicator":"rsi","op":">=","value":65}]}},
              "regime_filter":{"stand_aside_when":[{"indicator":"funding_rate","op":">=","value":0.03}]},
              "params":{"position_size_pct":90,"max_concurrent":1}}}
            """;

    /** The same spec without the request wrapper, the base every invalid case below changes in one place. */
    static final String SPEC = """
            {"market_mode":"spot","name":"mean-reversion-v1",
             "signals":{
               "entry":{"all_of":[
                 {"indicator":"price_vs_sma","op":"<=","value":-0.05,"window":48},
                 {"indicator":"rsi","op":"<=","value":25,"window":14},
                 {"indicator":"fear_greed","op":"<=","value":40}]},
               "exit":{"any_of":[
                 {"indicator":"price_vs_sma","op":">=","value":0.0},
                 {"indicator":"rsi","op":">=","value":65}]}},
             "regime_filter":{"stand_aside_when":[{"indicator":"funding_rate","op":">=","value":0.03}]},
             "params":{"position_size_pct":90,"max_concurrent":1}}
            """;

    static final String YAML = """
            # mean reversion: buy well below the 48h average when oversold and fearful
            market_mode: spot
            name: mean-reversion-v1
            signals:
              entry:
                all_of:
                  - {indicator: price_vs_sma, op: "<=", value: -0.05, window: 48}
                  - indicator: rsi
                    op: "<="
                    value: 25
                    window: 14
                  - {indicator: fear_greed, op: "<=", value: 40}
              exit:
                any_of:
                  - {indicator: price_vs_sma, op: ">=", value: 0.0, window: 48}
                  - {indicator: rsi, op: ">=", value: 65.0}
            regime_filter:
              stand_aside_when:
                - {indicator: funding_rate, op: ">=", value: 0.03}
            params:
              position_size_pct: 90.0
              max_concurrent: 1
            """;

    /** SPEC with {@code from} replaced by {@code to}; {@code from} must occur exactly once. */
    static String spec(String from, String to) {
        int at = SPEC.indexOf(from);
        if (at < 0 || SPEC.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException("not exactly once in SPEC: " + from);
        }
        return SPEC.replace(from, to);
    }

    @Test
    void theCanonicalJsonReadsBackToAnEqualSpec() {
        StrategySpec spec = StrategySpec.meanReversion();
        String json = StrategySpecs.toJson(spec).toString();
        assertEquals(spec, StrategySpecs.fromJson(json));
        assertEquals("{\"market_mode\":\"spot\",\"name\":\"mean-reversion-v1\",\"signals\":{\"entry\":{\"all_of\":["
                + "{\"indicator\":\"price_vs_sma\",\"op\":\"<=\",\"value\":-0.05,\"window\":48},"
                + "{\"indicator\":\"rsi\",\"op\":\"<=\",\"value\":25,\"window\":14},"
                + "{\"indicator\":\"fear_greed\",\"op\":\"<=\",\"value\":40}]},"
                + "\"exit\":{\"any_of\":[{\"indicator\":\"price_vs_sma\",\"op\":\">=\",\"value\":0,\"window\":48},"
                + "{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65,\"window\":14}]}},"
                + "\"regime_filter\":{\"stand_aside_when\":[{\"indicator\":\"funding_rate\",\"op\":\">=\",\"value\":0.03}]},"
                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}", json);
    }

    @Test
    void aDeclaredExpectedMoveIsReadNormalisedAndWrittenBack() {
        StrategySpec spec = StrategySpecs.fromJson(spec("\"max_concurrent\":1",
                "\"max_concurrent\":1,\"expected_move_pct\":2.50"));
        assertEquals(Optional.of(new BigDecimal("2.5")), spec.params().expectedMovePct());
        JsonObject json = StrategySpecs.toJson(spec);
        assertEquals("{\"position_size_pct\":90,\"max_concurrent\":1,\"expected_move_pct\":2.5}",
                json.getJsonObject("params").toString());
        assertEquals(spec, StrategySpecs.fromJson(json.toString()));
        assertEquals(spec, StrategySpecs.fromYaml(YAML.replace("max_concurrent: 1",
                "max_concurrent: 1\n  expected_move_pct: 2.5")));
        assertNotEquals(StrategySpecs.fromJson(SPEC), spec);
    }

    @Test
    void theProductNotesExampleIsTheMeanReversionDefault() {
        JsonObject body = Json.createReader(new StringReader(PRODUCT_NOTES_BODY)).readObject();
        assertEquals(StrategySpec.meanReversion(), StrategySpecs.fromJson(body.get("strategy_spec")));
        assertEquals(StrategySpec.meanReversion(), StrategySpecs.fromJson(SPEC));
    }

    @Test
    void theMeanReversionDefaultHoldsExactlyTheDocumentedValues() {
        StrategySpec spec = StrategySpec.meanReversion();
        assertEquals(MarketMode.SPOT, spec.marketMode());
        assertEquals("mean-reversion-v1", spec.name());
        assertEquals(Combinator.ALL_OF, spec.signals().entry().combinator());
        assertEquals(List.of(
                new Condition("price_vs_sma", Op.LE, new BigDecimal("-0.05"), OptionalInt.of(48)),
                new Condition("rsi", Op.LE, new BigDecimal("25"), OptionalInt.of(14)),
                new Condition("fear_greed", Op.LE, new BigDecimal("40"), OptionalInt.empty())),
                spec.signals().entry().conditions());
        assertEquals(Combinator.ANY_OF, spec.signals().exit().combinator());
        assertEquals(List.of(
                new Condition("price_vs_sma", Op.GE, BigDecimal.ZERO, OptionalInt.of(48)),
                new Condition("rsi", Op.GE, new BigDecimal("65"), OptionalInt.of(14))),
                spec.signals().exit().conditions());
        assertEquals(List.of(new Condition("funding_rate", Op.GE, new BigDecimal("0.03"), OptionalInt.empty())),
                spec.regimeFilter().standAsideWhen());
        assertEquals(new BigDecimal("90"), spec.params().positionSizePct());
        assertEquals(1, spec.params().maxConcurrent());
    }

    @Test
    void aWindowLeftOutIsTheIndicatorsDefault() {
        // The documented exit writes price_vs_sma without a window: the catalogue's 48 candles.
        StrategySpec spec = StrategySpecs.fromJson(SPEC);
        assertEquals(OptionalInt.of(48), spec.signals().exit().conditions().get(0).window());
        assertEquals(OptionalInt.of(14), spec.signals().exit().conditions().get(1).window());
    }

    @Test
    void yamlAndJsonOfTheSameSpecGiveEqualRecords() {
        assertEquals(StrategySpecs.fromJson(SPEC), StrategySpecs.fromYaml(YAML));
        assertEquals(StrategySpec.meanReversion(), StrategySpecs.fromYaml(YAML));
        // JSON is YAML too, and reads the same
        assertEquals(StrategySpec.meanReversion(), StrategySpecs.fromYaml(SPEC));
    }

    @Test
    void boundariesThatAreAllowed() {
        StrategySpec spec = StrategySpecs.fromJson(spec("\"position_size_pct\":90,\"max_concurrent\":1",
                "\"position_size_pct\":100,\"max_concurrent\":14"));
        assertEquals(new BigDecimal("100"), spec.params().positionSizePct());
        assertEquals(14, spec.params().maxConcurrent());
        StrategySpec small = StrategySpecs.fromJson(spec("\"position_size_pct\":90", "\"position_size_pct\":0.0001"));
        assertEquals(new BigDecimal("0.0001"), small.params().positionSizePct());
        StrategySpec windows = StrategySpecs.fromJson(spec("\"value\":-0.05,\"window\":48", "\"value\":-0.05,\"window\":720")
                .replace("\"value\":25,\"window\":14", "\"value\":25,\"window\":2.0"));
        assertEquals(OptionalInt.of(720), windows.signals().entry().conditions().get(0).window());
        assertEquals(OptionalInt.of(2), windows.signals().entry().conditions().get(1).window());
        StrategySpec noFilter = StrategySpecs.fromJson(spec(
                "\"regime_filter\":{\"stand_aside_when\":[{\"indicator\":\"funding_rate\",\"op\":\">=\",\"value\":0.03}]},",
                ""));
        assertEquals(List.of(), noFilter.regimeFilter().standAsideWhen());
        StrategySpec strict = StrategySpecs.fromJson(spec("\"op\":\"<=\",\"value\":25", "\"op\":\"<\",\"value\":25")
                .replace("\"op\":\">=\",\"value\":65", "\"op\":\">\",\"value\":65"));
        assertEquals(Op.LT, strict.signals().entry().conditions().get(1).op());
        assertEquals(Op.GT, strict.signals().exit().conditions().get(1).op());
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of(spec("\"op\":\"<=\",\"value\":25", "\"op\":\"==\",\"value\":25"),
                        "signals.entry.all_of[1].op: must be one of <=, >=, <, >"),
                Arguments.of(spec("\"op\":\"<=\",\"value\":25", "\"op\":null,\"value\":25"),
                        "signals.entry.all_of[1].op: must not be null"),
                Arguments.of(spec("\"indicator\":\"fear_greed\"", "\"indicator\":\"macd\""),
                        "signals.entry.all_of[2].indicator: must be one of sma, ema, rsi, price_vs_sma, fear_greed,"
                                + " funding_rate"),
                Arguments.of(spec("\"indicator\":\"fear_greed\",", ""),
                        "signals.entry.all_of[2].indicator: is required"),
                Arguments.of(spec("\"market_mode\":\"spot\",", "\"market_mode\":\"spot\",\"leverage\":3,"),
                        "leverage: unknown field (expected market_mode, name, signals, regime_filter, params)"),
                Arguments.of(spec("\"op\":\">=\",\"value\":65}", "\"op\":\">=\",\"value\":65,\"weight\":2}"),
                        "signals.exit.any_of[1].weight: unknown field (expected indicator, op, value, window)"),
                Arguments.of(spec("\"signals\":{", "\"signals\":{\"hold\":{},"),
                        "signals.hold: unknown field (expected entry, exit)"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1,\"stop_loss\":0.1"),
                        "params.stop_loss: unknown field (expected position_size_pct, max_concurrent, expected_move_pct)"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1,\"expected_move_pct\":0"),
                        "params.expected_move_pct: must be more than 0 and at most 100 (got 0)"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1,\"expected_move_pct\":100.5"),
                        "params.expected_move_pct: must be more than 0 and at most 100 (got 100.5)"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1,\"expected_move_pct\":1.00001"),
                        "params.expected_move_pct: at most 4 decimal places"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1,\"expected_move_pct\":\"2\""),
                        "params.expected_move_pct: must be a number"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1,\"expected_move_pct\":null"),
                        "params.expected_move_pct: must not be null"),
                Arguments.of(spec("\"value\":25,", "\"value\":\"25\","),
                        "signals.entry.all_of[1].value: must be a number"),
                Arguments.of(spec("\"value\":25,", "\"value\":true,"),
                        "signals.entry.all_of[1].value: must be a number"),
                Arguments.of(spec("\"value\":25,", "\"value\":null,"),
                        "signals.entry.all_of[1].value: must not be null"),
                Arguments.of(spec("\"value\":25,", ""),
                        "signals.entry.all_of[1].value: is required"),
                Arguments.of(spec("\"value\":25,", "\"value\":150,"),
                        "signals.entry.all_of[1].value: rsi runs from 0 to 100 (got 150)"),
                Arguments.of(spec("\"op\":\"<=\",\"value\":40}", "\"op\":\"<=\",\"value\":-1}"),
                        "signals.entry.all_of[2].value: fear_greed runs from 0 to 100 (got -1)"),
                Arguments.of(spec("\"op\":\"<=\",\"value\":40}", "\"op\":\"<=\",\"value\":40,\"window\":7}"),
                        "signals.entry.all_of[2].window: fear_greed takes no window"),
                Arguments.of(spec("\"value\":0.03}", "\"value\":0.03,\"window\":8}"),
                        "regime_filter.stand_aside_when[0].window: funding_rate takes no window"),
                Arguments.of(spec("\"window\":48", "\"window\":1"),
                        "signals.entry.all_of[0].window: must be 2 to 720 candles (got 1)"),
                Arguments.of(spec("\"window\":48", "\"window\":721"),
                        "signals.entry.all_of[0].window: must be 2 to 720 candles (got 721)"),
                Arguments.of(spec("\"window\":14", "\"window\":14.5"),
                        "signals.entry.all_of[1].window: must be a whole number of candles"),
                Arguments.of(spec("\"window\":14", "\"window\":\"14\""),
                        "signals.entry.all_of[1].window: must be a number"),
                Arguments.of(spec("\"window\":14", "\"window\":null"),
                        "signals.entry.all_of[1].window: must not be null"),
                Arguments.of(spec("\"exit\":{\"any_of\":[", "\"exit\":{\"any_of\":[],\"x\":[")
                                .replace("\"x\":[", "\"all_of\":["),
                        "signals.exit: give either all_of or any_of, not both"),
                Arguments.of(spec("\"entry\":{\"all_of\":[", "\"entry\":{\"all_of\":[]},\"unused\":{\"all_of\":["),
                        "signals.unused: unknown field (expected entry, exit)"),
                Arguments.of(spec("\"all_of\":[", "\"all_of\":[],\"ignored\":["),
                        "signals.entry.ignored: unknown field (expected all_of, any_of)"),
                Arguments.of(spec("\"exit\":{\"any_of\":[", "\"exit\":{\"any_of\":[]},\"unused\":{\"any_of\":[")
                                .replace("\"unused\"", "\"later\""),
                        "signals.later: unknown field (expected entry, exit)"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":{\"entry\":{\"all_of\":[]},"
                                + "\"exit\":{\"any_of\":[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals.entry.all_of: must have at least one condition"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":{\"entry\":{},"
                                + "\"exit\":{\"any_of\":[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals.entry: needs all_of or any_of"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":{\"entry\":{\"all_of\":[null]},"
                                + "\"exit\":{\"any_of\":[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals.entry.all_of[0]: must not be null"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":{\"entry\":{\"all_of\":[1]},"
                                + "\"exit\":{\"any_of\":[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals.entry.all_of[0]: must be an object"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":{\"entry\":{\"all_of\":{}},"
                                + "\"exit\":{\"any_of\":[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals.entry.all_of: must be a list of conditions"),
                Arguments.of(spec("\"stand_aside_when\":[{\"indicator\":\"funding_rate\",\"op\":\">=\",\"value\":0.03}]",
                                "\"stand_aside_when\":[]"),
                        "regime_filter.stand_aside_when: must have at least one condition"),
                Arguments.of(spec("{\"stand_aside_when\":[{\"indicator\":\"funding_rate\",\"op\":\">=\",\"value\":0.03}]}",
                                "null"),
                        "regime_filter: must not be null"),
                Arguments.of(spec("{\"stand_aside_when\":[{\"indicator\":\"funding_rate\",\"op\":\">=\",\"value\":0.03}]}",
                                "{}"),
                        "regime_filter.stand_aside_when: is required"),
                Arguments.of(spec("\"market_mode\":\"spot\",", ""), "market_mode: is required"),
                Arguments.of(spec("\"market_mode\":\"spot\"", "\"market_mode\":\"SPOT\""),
                        "market_mode: must be one of spot, futures"),
                Arguments.of(spec("\"market_mode\":\"spot\"", "\"market_mode\":\"futures\""),
                        "market_mode: futures is not available yet; use spot"),
                Arguments.of(spec("\"name\":\"mean-reversion-v1\"", "\"name\":\"  \""), "name: must not be blank"),
                Arguments.of(spec("\"name\":\"mean-reversion-v1\"", "\"name\":7"), "name: must be a string"),
                Arguments.of(spec("\"name\":\"mean-reversion-v1\"", "\"name\":\"" + "n".repeat(101) + "\""),
                        "name: at most 100 characters"),
                Arguments.of(spec("\"name\":\"mean-reversion-v1\",", ""), "name: is required"),
                Arguments.of(spec("\"position_size_pct\":90", "\"position_size_pct\":0"),
                        "params.position_size_pct: must be more than 0 and at most 100 (got 0)"),
                Arguments.of(spec("\"position_size_pct\":90", "\"position_size_pct\":-5"),
                        "params.position_size_pct: must be more than 0 and at most 100 (got -5)"),
                Arguments.of(spec("\"position_size_pct\":90", "\"position_size_pct\":100.01"),
                        "params.position_size_pct: must be more than 0 and at most 100 (got 100.01)"),
                Arguments.of(spec("\"position_size_pct\":90", "\"position_size_pct\":12.34567"),
                        "params.position_size_pct: at most 4 decimal places"),
                Arguments.of(spec("\"position_size_pct\":90,", ""), "params.position_size_pct: is required"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":0"),
                        "params.max_concurrent: must be 1 to 14, one per tradable token at most (got 0)"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":15"),
                        "params.max_concurrent: must be 1 to 14, one per tradable token at most (got 15)"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":1.5"),
                        "params.max_concurrent: must be a whole number"),
                Arguments.of(spec("\"max_concurrent\":1", "\"max_concurrent\":\"one\""),
                        "params.max_concurrent: must be a number"),
                Arguments.of(spec("\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}", "\"params\":[]"),
                        "params: must be an object"),
                Arguments.of(spec(",\n \"params\":{\"position_size_pct\":90,\"max_concurrent\":1}", ""),
                        "params: is required"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":[],"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals: must be an object"),
                Arguments.of("{\"market_mode\":\"spot\",\"name\":\"x\",\"signals\":{\"exit\":{\"any_of\":"
                                + "[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":65}]}},"
                                + "\"params\":{\"position_size_pct\":90,\"max_concurrent\":1}}",
                        "signals.entry: is required"),
                Arguments.of(spec("\"window\":48", "\"short_window\":48"),
                        "signals.entry.all_of[0].short_window: unknown field (expected indicator, op, value, window)"),
                Arguments.of("[]", "strategy_spec: must be an object"),
                Arguments.of("null", "strategy_spec: must not be null"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void eachInvalidSpecIsRefusedNamingItsFieldInJsonAndInYamlAlike(String json, String message) {
        for (Function<String, StrategySpec> reader : List.<Function<String, StrategySpec>>of(
                StrategySpecs::fromJson, StrategySpecs::fromYaml)) {
            ApiException refused = assertThrows(ApiException.class, () -> reader.apply(json));
            assertEquals(400, refused.status().getStatusCode());
            assertEquals("VALIDATION_FAILED", refused.code());
            assertEquals(message, refused.getMessage());
        }
    }

    @Test
    void yamlOnlyMistakesAreRefusedByPathToo() {
        assertValidation("signals.entry.all_of[1].value: must be a finite number",
                () -> StrategySpecs.fromYaml(YAML.replace("value: 25", "value: .nan")));
        assertValidation("signals.entry.all_of[1].value: must be a number",
                () -> StrategySpecs.fromYaml(YAML.replace("value: 25", "value: 2025-01-01")));
        assertValidation("signals.entry.all_of[1].value: must not be null",
                () -> StrategySpecs.fromYaml(YAML.replace("value: 25", "value: ~")));
        assertValidation("signals.entry.all_of[1].value: must be a number",
                () -> StrategySpecs.fromYaml(YAML.replace("value: 25", "value: \"25\"")));
        assertValidation("params.max_concurrent: must be a whole number",
                () -> StrategySpecs.fromYaml(YAML.replace("max_concurrent: 1", "max_concurrent: 1.5")));
        assertValidation("strategy_spec: must not be null", () -> StrategySpecs.fromYaml(""));
        assertValidation("strategy_spec: must be an object", () -> StrategySpecs.fromYaml("- spot"));
    }

    @Test
    void textThatDoesNotParseIsMalformedNotInvalid() {
        ApiException json = assertThrows(ApiException.class, () -> StrategySpecs.fromJson("{\"market_mode\":"));
        assertEquals("MALFORMED_JSON", json.code());
        assertEquals(400, json.status().getStatusCode());
        ApiException duplicateJson = assertThrows(ApiException.class,
                () -> StrategySpecs.fromJson(spec("\"name\":\"mean-reversion-v1\"",
                        "\"name\":\"mean-reversion-v1\",\"name\":\"other\"")));
        assertEquals("MALFORMED_JSON", duplicateJson.code());
        ApiException yaml = assertThrows(ApiException.class, () -> StrategySpecs.fromYaml("market_mode: [spot"));
        assertEquals("MALFORMED_YAML", yaml.code());
        ApiException duplicateYaml = assertThrows(ApiException.class,
                () -> StrategySpecs.fromYaml(YAML + "name: other\n"));
        assertEquals("MALFORMED_YAML", duplicateYaml.code());
        ApiException typed = assertThrows(ApiException.class,
                () -> StrategySpecs.fromYaml("!!java.io.File [\"/etc\"]"));
        assertEquals("MALFORMED_YAML", typed.code(), "SafeConstructor builds no arbitrary classes");
    }

    static Stream<Arguments> shortSignals() {
        return Stream.of(
                Arguments.of(spec("\"signals\":{", "\"signals\":{\"short\":{\"all_of\":[{\"indicator\":\"rsi\","
                        + "\"op\":\">=\",\"value\":80}]},"), "signals.short"),
                Arguments.of(spec("{\"indicator\":\"rsi\",\"op\":\"<=\"", "{\"side\":\"SHORT\",\"indicator\":\"rsi\","
                        + "\"op\":\"<=\""), "signals.entry.all_of[1].side"),
                Arguments.of(spec("\"entry\":{", "\"entry\":{\"side\":\"short\","), "signals.entry.side"),
                Arguments.of(spec("\"exit\":{", "\"exit\":{\"direction\":\"sell_to_open\","), "signals.exit.direction"),
                Arguments.of(spec("\"signals\":{", "\"signals\":{\"Entry_Short\":{},"), "signals.Entry_Short"),
                Arguments.of(spec("\"exit\":{", "\"exit\":{\"position\":\"Sell-To-Open\","), "signals.exit.position"),
                // before anything else: the op and the unknown field here are never reported
                Arguments.of(spec("\"signals\":{", "\"signals\":{\"short\":{},")
                        .replace("\"op\":\"<=\",\"value\":25", "\"op\":\"==\",\"value\":25")
                        .replace("\"market_mode\":\"spot\",", "\"market_mode\":\"spot\",\"leverage\":5,"),
                        "signals.short"));
    }

    @ParameterizedTest
    @MethodSource("shortSignals")
    void aShortSignalUnderSpotIsAMarketModeMismatchBeforeAnythingElse(String json, String path) {
        for (Function<String, StrategySpec> reader : List.<Function<String, StrategySpec>>of(
                StrategySpecs::fromJson, StrategySpecs::fromYaml)) {
            ApiException refused = assertThrows(ApiException.class, () -> reader.apply(json));
            assertEquals(400, refused.status().getStatusCode());
            assertEquals("MARKET_MODE_MISMATCH", refused.code());
            assertEquals(path + ": a short signal cannot run under market_mode spot, which is long-only (buy with"
                    + " USDT, sell back to USDT); shorting needs futures, which is not available yet",
                    refused.getMessage());
        }
    }

    @Test
    void aShortSignalUnderFuturesIsRefusedBecauseFuturesIsNotAvailable() {
        ApiException refused = assertThrows(ApiException.class, () -> StrategySpecs.fromJson(
                spec("\"signals\":{", "\"signals\":{\"short\":{},").replace("\"spot\"", "\"futures\"")));
        assertEquals("VALIDATION_FAILED", refused.code());
        assertEquals("market_mode: futures is not available yet; use spot", refused.getMessage());
    }

    private static void assertValidation(String message, org.junit.jupiter.api.function.Executable executable) {
        ApiException refused = assertThrows(ApiException.class, executable);
        assertEquals("VALIDATION_FAILED", refused.code());
        assertEquals(message, refused.getMessage());
    }
}
