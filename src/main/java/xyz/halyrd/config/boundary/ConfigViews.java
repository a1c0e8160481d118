package xyz.halyrd.config.boundary;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.signer.entity.SignerPolicy;
import xyz.halyrd.strategy.entity.StrategySpecs;

/** How config versions and the current config look on the wire. */
public final class ConfigViews {

    private ConfigViews() {
    }

    /** The answer to a change: the version now current. */
    @JsonbPropertyOrder({"id", "parentId", "paramsSummary", "createdAt"})
    public record VersionCreated(String id, String parentId, String paramsSummary, Instant createdAt) {
        public static VersionCreated of(ConfigVersion v) {
            return new VersionCreated(v.id(), v.parentId(), v.paramsSummary(), v.createdAt());
        }
    }

    @JsonbPropertyOrder({"from", "to"})
    public record RunPeriod(Instant from, Instant to) {
    }

    /** One entry of the version history: the contract's fields, then what the version ran with. */
    @JsonbPropertyOrder({"id", "parentId", "paramsSummary", "runPeriod", "outcome", "createdAt", "evaluationConfig",
            "watchlist", "strategy"})
    public record Version(String id, String parentId, String paramsSummary, RunPeriod runPeriod, String outcome,
            Instant createdAt, Evaluation evaluationConfig, List<String> watchlist, JsonObject strategy) {
        public static Version of(ConfigVersion v) {
            return new Version(v.id(), v.parentId(), v.paramsSummary(), new RunPeriod(v.runFrom(), v.runTo()),
                    v.outcome().wire(), v.createdAt(), Evaluation.of(v.evaluation()), v.watchlist(),
                    StrategySpecs.toJson(v.strategy()));
        }
    }

    @JsonbPropertyOrder({"maxDrawdownPct", "dailyDrawdownPct", "maxConsecutiveLosses", "evalWindowDays", "tradeFloor"})
    public record Evaluation(BigDecimal maxDrawdownPct, BigDecimal dailyDrawdownPct, int maxConsecutiveLosses,
            int evalWindowDays, int tradeFloor) {
        public static Evaluation of(EvaluationConfig c) {
            return new Evaluation(c.maxDrawdownPct(), c.dailyDrawdownPct(), c.maxConsecutiveLosses(),
                    c.evalWindowDays(), c.tradeFloor());
        }
    }

    /** A preset by its wire name, whether it is the default, and the evaluation config it stands for. */
    @JsonbPropertyOrder({"name", "isDefault", "evaluationConfig"})
    public record PresetView(String name, @JsonbProperty("default") boolean isDefault, Evaluation evaluationConfig) {
        public static PresetView of(Preset preset) {
            return new PresetView(preset.wire(), preset == Preset.DEFAULT, Evaluation.of(preset.config()));
        }
    }

    /** The signing layer's limits, as the config screen shows them. */
    @JsonbPropertyOrder({"allowlist", "perTradeCapUsdt", "dailyCapUsdt", "maxSlippagePct"})
    public record TwakPolicy(List<String> allowlist, BigDecimal perTradeCapUsdt, BigDecimal dailyCapUsdt,
            BigDecimal maxSlippagePct) {
        public static TwakPolicy of(SignerPolicy p) {
            return new TwakPolicy(p.allowlist(), p.perTradeCapUsdt(), p.dailyCapUsdt(), p.maxSlippagePct());
        }
    }

    /** {@code GET /agents/{id}/config}: everything the agent currently runs with. */
    @JsonbPropertyOrder({"configVersionId", "parentId", "paramsSummary", "createdAt", "evaluationConfig", "watchlist",
            "strategy", "twakPolicy"})
    public record Current(String configVersionId, String parentId, String paramsSummary, Instant createdAt,
            Evaluation evaluationConfig, List<String> watchlist, JsonObject strategy, TwakPolicy twakPolicy) {
        public static Current of(ConfigVersion v, SignerPolicy policy) {
            return new Current(v.id(), v.parentId(), v.paramsSummary(), v.createdAt(), Evaluation.of(v.evaluation()),
                    v.watchlist(), StrategySpecs.toJson(v.strategy()), TwakPolicy.of(policy));
        }
    }

    /** {@code GET /agents/{id}/watchlist}. */
    @JsonbPropertyOrder({"tokens", "configVersionId"})
    public record Watchlist(List<String> tokens, String configVersionId) {
    }
}
