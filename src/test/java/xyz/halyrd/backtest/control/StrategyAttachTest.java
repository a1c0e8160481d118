package xyz.halyrd.backtest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.backtest.entity.Gate;
import xyz.halyrd.backtest.entity.Metrics;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.control.StrategyPatch;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.config.entity.RunStarted;
import xyz.halyrd.cycle.InProcessCycle;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * Attaching a strategy on the database: by the id of a passed run, by an equal spec written differently, refused
 * (nothing changed) when the only done run of the spec failed the gate, and the backtests' evidence by value.
 */
class StrategyAttachTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private static final String RSI_SPEC = "{\"market_mode\":\"spot\",\"name\":\"rsi-dip\",\"signals\":{\"entry\":"
            + "{\"all_of\":[{\"indicator\":\"rsi\",\"op\":\"<=\",\"value\":30,\"window\":14}]},\"exit\":{\"any_of\":"
            + "[{\"indicator\":\"rsi\",\"op\":\">=\",\"value\":55,\"window\":14}]}},\"params\":"
            + "{\"position_size_pct\":50,\"max_concurrent\":2,\"expected_move_pct\":2}}";

    @Test
    void aSpecIsAttachedOnlyByThePassedRunOfExactlyIt() {
        StrategySpec rsi = StrategySpecs.fromJson(RSI_SPEC);
        StrategySpec other = StrategySpecs.fromJson(RSI_SPEC.replace("\"value\":30", "\"value\":31"));
        try (InProcessCycle.Database database = InProcessCycle.Database.inMemory("strategy-attach");
                InProcessCycle cycle = new InProcessCycle(database, new MutableClock(NOW), Map.of())) {
            cycle.withEntityManager(em -> {
                em.persist(done("bt_1", other, true, result(50, null)));
                em.persist(done("bt_2", rsi, false, result(0, null)));
                return null;
            });
            ConfigVersions versions = cycle.bean(ConfigVersions.class);
            String before = cycle.inTransaction(() -> versions.requireCurrent().id());

            ApiException refused = assertThrows(ApiException.class, () -> cycle.inTransaction(() ->
                    versions.attachStrategy(Agent.SEED_ID, patch("{\"backtest_id\":\"bt_2\"}"))));
            assertEquals("GATE_NOT_PASSED", refused.code());
            assertEquals("The strategy is not attached: backtest bt_2 of this spec does not pass the gate of the current"
                    + " evaluation config: expectancy after fees is unknown without trades; it must be positive; 0 trades"
                    + " out of sample; at least " + REQUIRED + " required (floor " + BALANCED.tradeFloor() + " in "
                    + BALANCED.evalWindowDays() + " days, scaled to the period)."
                    + " Run a backtest of this exact spec that passes the gate, or give \"force\": true.",
                    refused.getMessage());
            assertEquals(before, cycle.inTransaction(() -> versions.requireCurrent().id()));
            assertEquals(1, cycle.inTransaction(() -> versions.history().size()));

            ApiException unknown = assertThrows(ApiException.class, () -> cycle.inTransaction(() ->
                    versions.attachStrategy(Agent.SEED_ID, patch("{\"backtest_id\":\"bt_none\"}"))));
            assertEquals(404, unknown.status().getStatusCode());
            assertEquals("BACKTEST_NOT_FOUND", unknown.code());

            cycle.withEntityManager(em -> {
                em.persist(done("bt_3", rsi, true, result(50, null)));
                return null;
            });
            // the same spec written with other numerals and key order is the spec bt_3 ran
            String sameSpec = RSI_SPEC.replace("\"position_size_pct\":50,\"max_concurrent\":2",
                    "\"max_concurrent\":2,\"position_size_pct\":50.00");
            ConfigVersions.Change change = cycle.inTransaction(() ->
                    versions.attachStrategy(Agent.SEED_ID, patch("{\"strategy_spec\":" + sameSpec + "}")));
            assertTrue(change.created());
            ConfigVersion attached = change.version();
            assertEquals("strategy=rsi-dip", attached.paramsSummary());
            assertEquals(before, attached.parentId());
            assertEquals(rsi, cycle.inTransaction(() -> versions.requireCurrent().strategy()));
            assertEquals(1, cycle.events(RunStarted.class).size(), "a fresh evaluation run");
            JournalEntry entry = cycle.inTransaction(() -> cycle.bean(Journal.class)
                    .page(null, "CONFIG_CHANGE", null, 1).get(0));
            assertEquals(List.of("strategy"), entry.tags().subList(entry.tags().size() - 1, entry.tags().size()));
            assertEquals("Strategy changed (" + before + " → " + attached.id() + "): mean-reversion-v1 → rsi-dip."
                    + " Backtest bt_3 of this spec passes the gate of the current evaluation config. A fresh evaluation"
                    + " window starts.", entry.body());

            // attaching what already runs changes nothing
            assertFalse(cycle.inTransaction(() -> versions.attachStrategy(Agent.SEED_ID,
                    patch("{\"backtest_id\":\"bt_3\"}"))).created());
            // forced, without any run of the spec
            ConfigVersions.Change forced = cycle.inTransaction(() -> versions.attachStrategy(Agent.SEED_ID,
                    patch("{\"strategy_spec\":" + StrategySpecs.toJson(StrategySpec.meanReversion())
                            + ",\"force\":true}")));
            assertEquals("strategy=mean-reversion-v1", forced.version().paramsSummary());
            JournalEntry forcedEntry = cycle.inTransaction(() -> cycle.bean(Journal.class)
                    .page(null, "CONFIG_CHANGE", null, 1).get(0));
            assertTrue(forcedEntry.tags().contains("forced"), forcedEntry.tags().toString());
            assertTrue(forcedEntry.body().contains("Forced without a passed backtest: no done backtest of this exact"
                    + " spec (mean-reversion-v1) has passed the gate."), forcedEntry.body());
        }
    }

    @Test
    void aSpecWithoutAnEdgeAttachedByAPassedRunCarriesThatRunsAverageWinningMoveThroughLaterVersions() {
        StrategySpec noEdge = StrategySpecs.fromJson(RSI_SPEC.replace(",\"expected_move_pct\":2", ""));
        try (InProcessCycle.Database database = InProcessCycle.Database.inMemory("strategy-attach-edge");
                InProcessCycle cycle = new InProcessCycle(database, new MutableClock(NOW), Map.of())) {
            cycle.withEntityManager(em -> {
                em.persist(done("bt_9", noEdge, true, result(50, new BigDecimal("0.0213"))));
                return null;
            });
            ConfigVersions versions = cycle.bean(ConfigVersions.class);
            ConfigVersion attached = cycle.inTransaction(() -> versions.attachStrategy(Agent.SEED_ID,
                    patch("{\"backtest_id\":\"bt_9\"}"))).version();
            assertEquals(Optional.of(new MeasuredEdge(new BigDecimal("0.0213"), "bt_9")),
                    cycle.inTransaction(() -> versions.requireCurrent().measuredEdge()));
            JournalEntry entry = cycle.inTransaction(() -> cycle.bean(Journal.class)
                    .page(null, "CONFIG_CHANGE", null, 1).get(0));
            assertTrue(entry.body().endsWith("Backtest bt_9 of this spec passes the gate of the current evaluation"
                    + " config. Where the spec declares no edge, its entries expect the 2.13% average winning move of"
                    + " backtest bt_9. A fresh evaluation window starts."), entry.body());

            cycle.inTransaction(() -> versions.replaceWatchlist(Agent.SEED_ID, List.of("ETH", "BNB")));
            ConfigVersion later = cycle.inTransaction(versions::requireCurrent);
            assertEquals(attached.id(), later.parentId());
            assertEquals(Optional.of(new MeasuredEdge(new BigDecimal("0.0213"), "bt_9")), later.measuredEdge(),
                    "a watchlist change keeps the strategy and what its backtest measured");

            cycle.inTransaction(() -> versions.attachStrategy(Agent.SEED_ID, patch("{\"strategy_spec\":"
                    + StrategySpecs.toJson(StrategySpec.meanReversion()) + ",\"force\":true}")));
            assertEquals(Optional.empty(), cycle.inTransaction(() -> versions.requireCurrent().measuredEdge()),
                    "another strategy, forced: nothing measured");
        }
    }

    /** The out-of-sample part of a run from 7 days back: its last 2.1 days. */
    private static final Instant SPLIT = NOW.minus(Duration.ofMinutes(2 * 1440 + 144));
    private static final EvaluationConfig BALANCED = Preset.DEFAULT.config();
    private static final int REQUIRED = Gate.tradesRequired(Duration.between(SPLIT, NOW), BALANCED);

    /** What a done run keeps: figures whose out-of-sample part made {@code trades} trades of 2 USDT each. */
    private static String result(int trades, BigDecimal averageWinningMove) {
        BigDecimal equity = new BigDecimal("1000");
        BigDecimal expectancy = trades == 0 ? null : new BigDecimal("2");
        Metrics part = new Metrics(SPLIT, NOW, equity, equity, trades, null, expectancy, BigDecimal.ZERO,
                new BigDecimal("0.01"), null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, averageWinningMove);
        boolean passed = trades >= REQUIRED;
        return Json.createObjectBuilder().add("whole", part.toJson()).add("out_of_sample", part.toJson())
                .add("gate", Json.createObjectBuilder().add("passed", passed)).build().toString();
    }

    private static StrategyPatch patch(String body) {
        return StrategyPatch.parse(Json.createReader(new StringReader(body)).readObject());
    }

    private static Backtest done(String id, StrategySpec spec, boolean passed, String metrics) {
        Backtest backtest = new Backtest(id, NOW, spec.name(), StrategySpecs.toJson(spec).toString(),
                List.of(Token.ETH), NOW.minus(Duration.ofDays(7)), NOW, Duration.ofMinutes(5), new BigDecimal("1000"),
                Backtest.Source.SIMULATED, 42);
        backtest.start(NOW);
        backtest.done(metrics, passed, NOW);
        return backtest;
    }
}
