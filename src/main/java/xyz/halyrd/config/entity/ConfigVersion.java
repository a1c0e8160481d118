package xyz.halyrd.config.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PreRemove;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * One immutable configuration the agent ran with: evaluation thresholds, watchlist and strategy parameters,
 * with the period it was current and how that period ended. Only the end of the run is ever written after
 * creation, exactly once, by {@link #retire}.
 */
@Entity
@Table(name = "CONFIG_VERSION", indexes = @Index(name = "CONFIG_VERSION_OUTCOME", columnList = "OUTCOME"))
@NamedQuery(name = ConfigVersion.NEWEST_FIRST, query = "SELECT v FROM ConfigVersion v ORDER BY v.id DESC")
// Unordered: read on every pass and most requests for the one RUNNING version, where an ORDER BY costs Derby a sort
// each time; a reader wanting the newest of several takes the greatest id.
@NamedQuery(name = ConfigVersion.BY_OUTCOME, query = "SELECT v FROM ConfigVersion v WHERE v.outcome = :outcome")
public class ConfigVersion {

    public static final String NEWEST_FIRST = "ConfigVersion.newestFirst";
    public static final String BY_OUTCOME = "ConfigVersion.byOutcome";
    private static final String SEP = ",";

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "PARENT_ID", length = 40, updatable = false)
    private String parentId;

    @Column(name = "PARAMS_SUMMARY", length = 400, nullable = false, updatable = false)
    private String paramsSummary;

    @Column(name = "CREATED_AT", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "RUN_TO")
    private Instant runTo;

    @Enumerated(EnumType.STRING)
    @Column(name = "OUTCOME", length = 16, nullable = false)
    private Outcome outcome;

    @Embedded
    private EvaluationConfig evaluation;

    @Column(name = "WATCHLIST", length = 400, nullable = false, updatable = false)
    private String watchlist;

    /** The StrategySpec as its canonical JSON, so every version keeps exactly the strategy it ran with. */
    @Column(name = "STRATEGY_SPEC", length = 16_000, nullable = false, updatable = false)
    private String strategySpec;

    /** The strategy's expected edge as its passed backtest measured it (for a spec that declares none); or null. */
    @Column(name = "MEASURED_EDGE", precision = 24, scale = 8, updatable = false)
    private BigDecimal measuredEdge;

    @Column(name = "MEASURED_EDGE_BACKTEST", length = 40, updatable = false)
    private String measuredEdgeBacktestId;

    protected ConfigVersion() {
    }

    private ConfigVersion(String id, String parentId, String paramsSummary, Instant createdAt,
            EvaluationConfig evaluation, List<String> watchlist, StrategySpec strategy, Optional<MeasuredEdge> edge) {
        this.id = Objects.requireNonNull(id);
        this.parentId = parentId;
        this.paramsSummary = Objects.requireNonNull(paramsSummary);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.outcome = Outcome.RUNNING;
        this.evaluation = Objects.requireNonNull(evaluation);
        if (watchlist.isEmpty()) {
            throw new IllegalArgumentException("a watchlist holds at least one token");
        }
        this.watchlist = String.join(SEP, watchlist);
        this.strategySpec = StrategySpecs.toJson(Objects.requireNonNull(strategy)).toString();
        this.measuredEdge = edge.map(MeasuredEdge::fraction).orElse(null);
        this.measuredEdgeBacktestId = edge.map(MeasuredEdge::backtestId).orElse(null);
    }

    /** The first version of an installation. */
    public static ConfigVersion initial(String id, Instant at, EvaluationConfig evaluation, List<String> watchlist,
            StrategySpec strategy, String paramsSummary) {
        return new ConfigVersion(id, null, paramsSummary, at, evaluation, watchlist, strategy, Optional.empty());
    }

    /**
     * A new running version derived from this one, with its strategy and measured edge; this one must then be
     * {@link #retire retired}.
     */
    public ConfigVersion derive(String newId, Instant at, EvaluationConfig evaluation, List<String> watchlist,
            String paramsSummary) {
        return derive(newId, at, evaluation, watchlist, strategy(), measuredEdge(), paramsSummary);
    }

    /**
     * A new running version derived from this one with another strategy and the edge its passed backtest measured,
     * if any; this one must then be retired.
     */
    public ConfigVersion derive(String newId, Instant at, EvaluationConfig evaluation, List<String> watchlist,
            StrategySpec strategy, Optional<MeasuredEdge> edge, String paramsSummary) {
        return new ConfigVersion(newId, id, paramsSummary, at, evaluation, watchlist, strategy, edge);
    }

    /** Ends this run, once: its period closes at {@code at} with the given outcome. */
    public void retire(Instant at, Outcome how) {
        if (outcome != Outcome.RUNNING) {
            throw new IllegalStateException("Config version " + id + " already ended as " + outcome.wire());
        }
        if (how == Outcome.RUNNING) {
            throw new IllegalArgumentException("a run ends with an outcome other than running");
        }
        this.runTo = at.isBefore(createdAt) ? createdAt : at;
        this.outcome = how;
    }

    @PreRemove
    void refuseRemove() {
        throw new IllegalStateException("Config version " + id + " is part of the audit trail and cannot be removed");
    }

    public String id() {
        return id;
    }

    public String parentId() {
        return parentId;
    }

    public String paramsSummary() {
        return paramsSummary;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant runFrom() {
        return createdAt;
    }

    public Instant runTo() {
        return runTo;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean isRunning() {
        return outcome == Outcome.RUNNING;
    }

    public EvaluationConfig evaluation() {
        return evaluation;
    }

    public List<String> watchlist() {
        return Arrays.stream(watchlist.split(SEP)).toList();
    }

    /** The strategy's expected edge as its passed backtest measured it; empty when none was. */
    public Optional<MeasuredEdge> measuredEdge() {
        return measuredEdge == null ? Optional.empty()
                : Optional.of(new MeasuredEdge(measuredEdge, measuredEdgeBacktestId));
    }

    public StrategySpec strategy() {
        return StrategySpecs.stored(strategySpec);
    }
}
