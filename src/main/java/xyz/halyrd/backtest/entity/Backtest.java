package xyz.halyrd.backtest.entity;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.JsonP;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * One backtest run: what was asked (the spec as canonical JSON, tokens, window, resolution, starting equity,
 * source), where it stands (queued → running → done | failed | cancelled; a finished run never changes again) and,
 * once done, its metrics (as the JSON the API shows) and whether it passed the gate.
 */
@Entity
@Table(name = "BACKTEST")
@NamedQuery(name = Backtest.NEWEST_FIRST, query = "SELECT b FROM Backtest b ORDER BY b.id DESC")
@NamedQuery(name = Backtest.NEWEST_BEFORE, query = "SELECT b FROM Backtest b WHERE b.id < :before ORDER BY b.id DESC")
@NamedQuery(name = Backtest.UNFINISHED, query = "SELECT b FROM Backtest b WHERE b.status IN :statuses")
@NamedQuery(name = Backtest.BY_STATUS_AND_NAME, query = "SELECT b FROM Backtest b WHERE b.status = :status"
        + " AND b.specName = :name ORDER BY b.id DESC")
public class Backtest {

    public static final String NEWEST_FIRST = "Backtest.newestFirst";
    public static final String NEWEST_BEFORE = "Backtest.newestBefore";
    public static final String UNFINISHED = "Backtest.unfinished";
    public static final String BY_STATUS_AND_NAME = "Backtest.byStatusAndName";
    public static final int MAX_SPEC_CHARS = 16_000;
    public static final int MAX_METRICS_CHARS = 8_000;

    /** Where a run stands; lower-case on the wire. */
    public enum Status {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** Where the history comes from; lower-case on the wire. */
    public enum Source {
        SIMULATED, CSV;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "CREATED_AT", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "SPEC_NAME", length = 200, nullable = false, updatable = false)
    private String specName;

    @Column(name = "SPEC_JSON", length = MAX_SPEC_CHARS, nullable = false, updatable = false)
    private String specJson;

    /** Symbols, comma-separated, in the order each step visits them. */
    @Column(name = "TOKENS", length = 200, nullable = false, updatable = false)
    private String tokens;

    @Column(name = "FROM_TS", nullable = false, updatable = false)
    private Instant from;

    @Column(name = "TO_TS", nullable = false, updatable = false)
    private Instant to;

    @Column(name = "RESOLUTION", length = 20, nullable = false, updatable = false)
    private String resolution;

    @Column(name = "STARTING_EQUITY", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal startingEquity;

    @Enumerated(EnumType.STRING)
    @Column(name = "SOURCE", length = 16, nullable = false, updatable = false)
    private Source source;

    @Column(name = "SEED", nullable = false, updatable = false)
    private long seed;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", length = 16, nullable = false)
    private Status status;

    @Column(name = "PROGRESS", precision = 5, scale = 4, nullable = false)
    private BigDecimal progress;

    @Column(name = "STARTED_AT")
    private Instant startedAt;

    @Column(name = "FINISHED_AT")
    private Instant finishedAt;

    @Column(name = "REASON", length = 1000)
    private String reason;

    @Column(name = "METRICS_JSON", length = MAX_METRICS_CHARS)
    private String metricsJson;

    @Column(name = "PASSED_GATE")
    private Boolean passedGate;

    protected Backtest() {
    }

    /** A run asked for now, queued. */
    public Backtest(String id, Instant createdAt, String specName, String specJson, List<Token> tokens, Instant from,
            Instant to, Duration resolution, BigDecimal startingEquity, Source source, long seed) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a backtest's window must not be empty: " + from + " to " + to);
        }
        this.id = Objects.requireNonNull(id);
        this.createdAt = createdAt;
        this.specName = specName;
        this.specJson = specJson;
        this.tokens = String.join(",", tokens.stream().map(Token::name).toList());
        this.from = from;
        this.to = to;
        this.resolution = resolution.toString();
        this.startingEquity = startingEquity;
        this.source = source;
        this.seed = seed;
        this.status = Status.QUEUED;
        this.progress = BigDecimal.ZERO;
    }

    /** A queued run starts; whether it did (a cancelled one does not). */
    public boolean start(Instant now) {
        if (status != Status.QUEUED) {
            return false;
        }
        status = Status.RUNNING;
        startedAt = now;
        return true;
    }

    /** How far a running run has come, 0 to 1. */
    public void progress(double done) {
        if (status == Status.RUNNING) {
            progress = BigDecimal.valueOf(Math.max(0, Math.min(1, done))).setScale(4, java.math.RoundingMode.DOWN);
        }
    }

    /** A running run is done with these metrics; whether it was still running to be done. */
    public boolean done(String metrics, boolean passed, Instant now) {
        if (status != Status.RUNNING) {
            return false;
        }
        status = Status.DONE;
        progress = BigDecimal.ONE;
        metricsJson = metrics;
        passedGate = passed;
        finishedAt = now;
        return true;
    }

    /** An unfinished run failed, for {@code why}; a finished one stays as it is. */
    public boolean fail(String why, Instant now) {
        if (status.finished()) {
            return false;
        }
        status = Status.FAILED;
        reason = why;
        finishedAt = now;
        return true;
    }

    /** An unfinished run is cancelled; whether it was unfinished. */
    public boolean cancel(Instant now) {
        if (status.finished()) {
            return false;
        }
        status = Status.CANCELLED;
        reason = "cancelled";
        finishedAt = now;
        return true;
    }

    /** The spec this run replayed, read back from its canonical JSON. */
    public StrategySpec spec() {
        return StrategySpecs.fromJson(specJson);
    }

    /** The out-of-sample part's figures, once done; empty otherwise. */
    public Optional<Metrics> outOfSample() {
        return part("out_of_sample").map(Metrics::fromJson);
    }

    /** The whole run's average winning move, once done with a winner; empty otherwise. */
    public Optional<BigDecimal> averageWinningMove() {
        return part("whole").map(whole -> whole.get("average_winning_move"))
                .filter(JsonNumber.class::isInstance).map(move -> ((JsonNumber) move).bigDecimalValue());
    }

    /** One part of a done run's metrics ({@code whole}, {@code in_sample}, {@code out_of_sample}). */
    private Optional<JsonObject> part(String name) {
        if (status != Status.DONE || metricsJson == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(JsonP.createReader(new StringReader(metricsJson)).readObject().getJsonObject(name));
    }

    public String id() {
        return id;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String specName() {
        return specName;
    }

    public String specJson() {
        return specJson;
    }

    public List<Token> tokens() {
        return Arrays.stream(tokens.split(",")).map(Token::valueOf).toList();
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public Duration resolution() {
        return Duration.parse(resolution);
    }

    public BigDecimal startingEquity() {
        return startingEquity;
    }

    public Source source() {
        return source;
    }

    public long seed() {
        return seed;
    }

    public Status status() {
        return status;
    }

    public BigDecimal progress() {
        return progress;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public String reason() {
        return reason;
    }

    public String metricsJson() {
        return metricsJson;
    }

    public Boolean passedGate() {
        return passedGate;
    }
}
