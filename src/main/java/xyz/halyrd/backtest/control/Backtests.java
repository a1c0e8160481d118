package xyz.halyrd.backtest.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.backtest.entity.BacktestCurve;
import xyz.halyrd.backtest.entity.BacktestPoint;
import xyz.halyrd.backtest.entity.BacktestTrade;
import xyz.halyrd.backtest.entity.Gate;
import xyz.halyrd.backtest.entity.Metrics;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.cycle.control.PassGate;
import xyz.halyrd.market.control.CsvReplay;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.control.QuoteVerifier;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.JsonP;
import xyz.halyrd.portfolio.control.PaperExecutor;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.strategy.control.IndicatorReadings;
import xyz.halyrd.strategy.entity.StrategySpec;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * Backtest runs: queued by a request, run one by one on a small pool of their own (never the trading cycle's
 * thread) through {@link Replay}, kept with their fills, curve and metrics. A run the server stopped in the
 * middle of is marked failed at the next start: it never ends half-done.
 */
@Startup
@Singleton
@DependsOn("ConfigVersions")
@Lock(LockType.READ) // each run's row is locked in the database by whoever changes it
@ManagedExecutorDefinition(name = Backtests.POOL, maxAsync = 1)
public class Backtests {

    /** The pool backtests run on: one at a time, so that on two cores the trading cycle always has one to itself. */
    public static final String POOL = "java:app/concurrent/halyrd-backtests";
    /** The longest window a run replays. */
    public static final Duration MAX_WINDOW = Duration.ofDays(5 * 366);
    /** The window when none is asked: the last week. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    /** The most steps (bars) a run replays: five years of minutes. */
    public static final long MAX_STEPS = 5L * 366 * 24 * 60;
    /** The least computing time between two progress writes of a run. */
    static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    static final String INTERRUPTED = "The server stopped before the run finished; nothing of it was kept. Run it again.";

    private static final Logger LOG = Logger.getLogger(Backtests.class.getName());

    /** A run was queued; it is handed to the pool once that is committed. */
    public record Queued(String backtestId) {
    }

    /** A run ended (done, failed or cancelled); observed once that is committed. */
    public record Ended(String backtestId) {
    }

    @Resource
    SessionContext context;

    @Resource(lookup = POOL)
    ManagedExecutorService pool;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    ConfigVersions versions;

    @Inject
    QuoteVerifier verifier;

    @Inject
    RiskEngine risk;

    @Inject
    PaperExecutor paper;

    @Inject
    PassGate passes;

    @Inject
    Event<Queued> queued;

    @Inject
    Event<Ended> ended;

    @Inject
    @ConfigProperty(name = "halyrd.market.seed", defaultValue = "42")
    long seed;

    @Inject
    @ConfigProperty(name = "halyrd.market.backfill", defaultValue = "P8D")
    Duration backfill;

    @Inject
    @ConfigProperty(name = "halyrd.market.csv.dir")
    Optional<String> csvDir;

    @Inject
    @ConfigProperty(name = "halyrd.paper.min-order-usdt", defaultValue = "10")
    BigDecimal minOrderUsdt;

    @Inject
    @ConfigProperty(name = "halyrd.paper.starting-equity", defaultValue = "1000")
    BigDecimal startingEquity;

    /** Runs asked to stop, by id: the replay looks before every step. */
    private final Map<String, AtomicBoolean> stops = new ConcurrentHashMap<>();

    /** Runs the last process left queued or running end as failed, with the reason. */
    @PostConstruct
    void failInterrupted() {
        Instant now = clock.instant();
        for (Backtest backtest : em.createNamedQuery(Backtest.UNFINISHED, Backtest.class)
                .setParameter("statuses", List.of(Backtest.Status.QUEUED, Backtest.Status.RUNNING))
                .getResultList()) {
            backtest.fail(INTERRUPTED, now);
        }
    }

    /** Queues a run of {@code request}, defaults filled in: it starts once the caller's transaction commits. */
    public Backtest submit(BacktestRequest request) {
        ConfigVersion version = versions.requireCurrent();
        Instant now = clock.instant();
        Duration resolution = request.resolution();
        Instant to = request.to().orElseGet(() -> request.from().map(f -> f.plus(DEFAULT_WINDOW))
                .orElse(truncated(now, resolution)));
        Instant from = request.from().orElse(to.minus(DEFAULT_WINDOW));
        if (!from.isBefore(to)) {
            throw ApiException.validation("from", "must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0
                || Duration.between(from, to).dividedBy(resolution) > MAX_STEPS) {
            throw ApiException.validation("to", "the window may be at most " + MAX_WINDOW.toDays() + " days and "
                    + MAX_STEPS + " bars");
        }
        if (Duration.between(from, to).compareTo(resolution) < 0) {
            throw ApiException.validation("to", "the window must hold at least one bar of " + resolution);
        }
        if (request.source() == Backtest.Source.CSV && csvDir.isEmpty()) {
            throw ApiException.validation("source", "csv needs halyrd.market.csv.dir (the kline directory) to be set");
        }
        String specJson = StrategySpecs.toJson(request.spec()).toString();
        if (specJson.length() > Backtest.MAX_SPEC_CHARS) {
            throw ApiException.validation(BacktestRequest.STRATEGY_SPEC, "is longer than "
                    + Backtest.MAX_SPEC_CHARS + " characters");
        }
        List<Token> tokens = request.tokens().orElseGet(() -> version.watchlist().stream()
                .map(s -> Token.bySymbol(s).orElseThrow()).toList());
        Backtest backtest = new Backtest(ids.next("bt"), now, request.spec().name(), specJson, tokens, from, to,
                resolution, request.startingEquity().orElse(startingEquity), request.source(),
                request.seed().orElse(seed));
        em.persist(backtest);
        queued.fire(new Queued(backtest.id()));
        return backtest;
    }

    private static Instant truncated(Instant now, Duration resolution) {
        long seconds = resolution.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
    }

    /** Hands a committed run to the pool. */
    public void whenQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued run) {
        Backtests self = context.getBusinessObject(Backtests.class);
        pool.execute(() -> self.execute(run.backtestId()));
    }

    /** Runs a queued run to its end (on the pool's thread); a cancelled one stops at the next step. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void execute(String id) {
        Backtests self = context.getBusinessObject(Backtests.class);
        AtomicBoolean stop = stops.computeIfAbsent(id, k -> new AtomicBoolean());
        try {
            Optional<Backtest> started = self.start(id);
            if (started.isEmpty()) {
                return;
            }
            Backtest backtest = started.get();
            ConfigVersion version = versions.requireCurrent();
            StrategySpec spec = StrategySpecs.fromJson(backtest.specJson());
            Replay.Plan plan = new Replay.Plan(id, spec, backtest.tokens(), backtest.from(), backtest.to(),
                    backtest.resolution(), backtest.startingEquity(), version.evaluation().riskRules(risk.cooldown()));
            Replay replay = new Replay(paper.fills(), verifier.rules(), minOrderUsdt, risk.worstCaseRule());
            BooleanSupplier passRunning = passes.running();
            Replay.Outcome outcome = replay.run(plan, market(backtest, spec), () -> givesWayThenStops(stop, passRunning),
                    new ProgressWrites(done -> self.progress(id, done)));
            if (!outcome.cancelled()) {
                self.finish(id, outcome, Gate.judge(outcome.outOfSample(), version.evaluation()), plan.splitAt());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Backtest " + id + " failed", e);
            self.fail(id, "The run failed (" + e.getClass().getSimpleName() + "); nothing of it was kept.");
        } finally {
            stops.remove(id);
        }
    }

    /**
     * A run's progress written at most every {@link #PROGRESS_EVERY} of the run's own computing time, and only when it
     * moved a hundredth: a run of a second writes none or one (each write is a commit, and a commit is a log flush),
     * a run of a minute still shows its progress moving.
     */
    static final class ProgressWrites implements DoubleConsumer {
        private final DoubleConsumer write;
        private final long every;
        private final LongSupplier nanoTime;
        private long last;
        private double written;

        ProgressWrites(DoubleConsumer write) {
            this(write, PROGRESS_EVERY, System::nanoTime);
        }

        /** {@code nanoTime}: a monotonic count of nanoseconds (a stopwatch, not a time of day). */
        ProgressWrites(DoubleConsumer write, Duration every, LongSupplier nanoTime) {
            this.write = write;
            this.every = every.toNanos();
            this.nanoTime = nanoTime;
            this.last = nanoTime.getAsLong();
        }

        @Override
        public void accept(double done) {
            long now = nanoTime.getAsLong();
            if (done - written >= 0.01 && now - last >= every) {
                written = done;
                last = now;
                write.accept(done);
            }
        }
    }

    /** Asked before every step of a run: it waits while a trading pass runs, then says whether to stop. */
    private boolean givesWayThenStops(AtomicBoolean stop, BooleanSupplier passRunning) {
        if (passRunning.getAsBoolean()) {
            passes.awaitNoPass();
        }
        return stop.get();
    }

    /** The market a run replays, on the replay's own clock. */
    private Function<Clock, MarketFeed> market(Backtest backtest, StrategySpec spec) {
        if (backtest.source() == Backtest.Source.CSV) {
            Path dir = Path.of(csvDir.orElseThrow());
            return replayClock -> new CsvReplay(replayClock, dir);
        }
        // history back to the configured backfill, and at least what the spec's indicators read before the first bar
        Duration history = backtest.resolution().multipliedBy(IndicatorReadings.history(spec) + 2L);
        Duration back = history.compareTo(backfill) > 0 ? history : backfill;
        return replayClock -> new SimulatedMarket(replayClock, backtest.seed(), back,
                SimulatedMarket.Anomalies.REALISTIC);
    }

    /** A queued run starts, detached for the replay; empty when it was cancelled meanwhile. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Backtest> start(String id) {
        Backtest backtest = em.find(Backtest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (backtest == null || !backtest.start(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(backtest);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void progress(String id, double done) {
        Backtest backtest = em.find(Backtest.class, id);
        if (backtest != null) {
            backtest.progress(done);
        }
    }

    /** A run's result is kept, unless it was cancelled meanwhile. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void finish(String id, Replay.Outcome outcome, Gate gate, Instant splitAt) {
        Backtest backtest = em.find(Backtest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (backtest == null || !backtest.done(result(outcome, gate, splitAt).toString(), gate.passed(),
                clock.instant())) {
            return;
        }
        outcome.trades().forEach(em::persist);
        em.persist(new BacktestCurve(id, outcome.curve()));
        ended.fire(new Ended(id));
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void fail(String id, String why) {
        Backtest backtest = em.find(Backtest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (backtest != null && backtest.fail(why, clock.instant())) {
            ended.fire(new Ended(id));
        }
    }

    /** Stops an unfinished run: it ends cancelled, and nothing of it is kept. */
    public Backtest cancel(String id) {
        Backtest backtest = em.find(Backtest.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (backtest == null) {
            throw notFound(id);
        }
        if (!backtest.cancel(clock.instant())) {
            throw ApiException.conflict("BACKTEST_FINISHED", "Backtest " + id + " is already "
                    + backtest.status().wire() + "; only a queued or running backtest can be cancelled.");
        }
        AtomicBoolean stop = stops.get(id); // a run not started yet finds itself cancelled when it starts
        if (stop != null) {
            stop.set(true);
        }
        ended.fire(new Ended(id));
        return backtest;
    }

    public Backtest require(String id) {
        Backtest backtest = em.find(Backtest.class, id);
        if (backtest == null) {
            throw notFound(id);
        }
        return backtest;
    }

    /** Runs newest first, from before {@code before} (an id) when given. */
    public List<Backtest> page(String before, int limit) {
        if (before == null) {
            return em.createNamedQuery(Backtest.NEWEST_FIRST, Backtest.class).setMaxResults(limit).getResultList();
        }
        return em.createNamedQuery(Backtest.NEWEST_BEFORE, Backtest.class).setParameter("before", before)
                .setMaxResults(limit).getResultList();
    }

    public List<BacktestTrade> trades(String id, long after, int limit) {
        require(id);
        return em.createNamedQuery(BacktestTrade.PAGE, BacktestTrade.class).setParameter("backtest", id)
                .setParameter("after", after).setMaxResults(limit).getResultList();
    }

    /** A page of a run's curve; empty until the run is done. */
    public List<BacktestPoint> curve(String id, long after, int limit) {
        require(id);
        BacktestCurve curve = em.find(BacktestCurve.class, id);
        return curve == null ? List.of() : curve.page(after, limit);
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("BACKTEST_NOT_FOUND", "No backtest " + id + ".");
    }

    /** What a done run shows: the metrics of the whole run and of both parts, and the gate's verdict. */
    static JsonObject result(Replay.Outcome outcome, Gate gate, Instant splitAt) {
        JsonArrayBuilder reasons = JsonP.createArrayBuilder();
        gate.reasons().forEach(reasons::add);
        return JsonP.createObjectBuilder()
                .add("split_at", splitAt.toString())
                .add("whole", outcome.whole().toJson())
                .add("in_sample", outcome.inSample().toJson())
                .add("out_of_sample", outcome.outOfSample().toJson())
                .add("quote_refusals", outcome.quoteRefusals())
                .add("risk_vetoes", outcome.vetoes())
                .add("gate", JsonP.createObjectBuilder().add("passed", gate.passed())
                        .add("trades_required", gate.tradesRequired()).add("reasons", reasons))
                .build();
    }
}
