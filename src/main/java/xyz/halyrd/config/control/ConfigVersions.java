package xyz.halyrd.config.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.config.entity.Outcome;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.config.entity.RunStarted;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.signer.control.Signer;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * The agent's configuration history: exactly one running ConfigVersion at any time, each change a new version
 * whose parent is retired in the same transaction, with the signer's allowlist synced alongside.
 */
@Startup
@Singleton
@DependsOn("AgentRegistry")
@Lock(LockType.READ) // changes serialize on the agent row (PESSIMISTIC_WRITE), which also holds across processes
public class ConfigVersions {

    public static final List<String> DEFAULT_WATCHLIST = List.of("ETH", "CAKE", "LINK", "AVAX");

    /** What a change request led to: a new version, or the current one when the request changed nothing. */
    public record Change(ConfigVersion version, boolean created) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    Journal journal;

    @Inject
    Signer signer;

    @Inject
    AgentRegistry agents;

    @Inject
    Event<RunStarted> runs;

    @Inject
    StrategyEvidence evidence;

    /** First start: the Balanced preset, the default watchlist, the mean-reversion strategy, and a signer policy covering it. */
    @PostConstruct
    void ensureInitial() {
        // nodes starting together on a new database: the first makes the initial version, the others then find it
        agents.lockForChange(Agent.SEED_ID);
        Optional<ConfigVersion> current = current();
        if (current.isPresent()) {
            signer.policy(Agent.SEED_ID, current.get().watchlist());
            signer.session(Agent.SEED_ID);
            return;
        }
        ConfigVersion initial = ConfigVersion.initial(ids.next("cfv"), clock.instant(), Preset.DEFAULT.config(),
                DEFAULT_WATCHLIST, StrategySpec.meanReversion(), Preset.DEFAULT.wire() + " preset");
        em.persist(initial);
        signer.policy(Agent.SEED_ID, initial.watchlist());
        signer.session(Agent.SEED_ID);
        journal.append(JournalType.CONFIG_CHANGE, List.of("initial", "preset:" + Preset.DEFAULT.wire()),
                "Initial configuration " + initial.id() + ": Balanced preset (" + initial.evaluation().summary()
                        + "), watchlist " + initial.watchlist() + ". Evaluation starts now.", initial.id());
    }

    public Optional<ConfigVersion> current() {
        // One runs at a time (a new version retires the old in the same transaction); the newest, should that fail.
        return em.createNamedQuery(ConfigVersion.BY_OUTCOME, ConfigVersion.class)
                .setParameter("outcome", Outcome.RUNNING).getResultList().stream()
                .max(Comparator.comparing(ConfigVersion::id));
    }

    public ConfigVersion requireCurrent() {
        return current().orElseThrow(() -> new IllegalStateException("No running config version"));
    }

    /** Every version, newest first. */
    public List<ConfigVersion> history() {
        return em.createNamedQuery(ConfigVersion.NEWEST_FIRST, ConfigVersion.class).getResultList();
    }

    /** Applies an evaluation-config patch; a patch that would change nothing creates nothing. */
    public Change patchEvaluation(String agentId, EvaluationPatch patch) {
        Agent agent = agents.lockForChange(agentId);
        ConfigVersion current = requireCurrent();
        EvaluationConfig next = patch.applyTo(current.evaluation());
        if (next.equals(current.evaluation())) {
            return new Change(current, false);
        }
        ConfigVersion version = replace(current, next, current.watchlist(), patch.summaryOf(next));
        List<String> tags = new ArrayList<>(List.of("evaluation_config"));
        patch.preset().ifPresent(p -> tags.add("preset:" + p.wire()));
        journal.append(JournalType.CONFIG_CHANGE, tags, "Evaluation config changed (" + current.id() + " → "
                + version.id() + "): " + current.evaluation().summary() + " → " + next.summary()
                + ". A fresh evaluation window starts.", version.id());
        freshEvaluation(agent, version);
        return new Change(version, true);
    }

    /**
     * Attaches a strategy: a new version running its spec, when a done backtest of exactly that spec passed the gate
     * or the patch is forced (409 {@code GATE_NOT_PASSED} otherwise, nothing changed). The spec already running
     * creates nothing.
     */
    public Change attachStrategy(String agentId, StrategyPatch patch) {
        StrategySpec spec = patch.specFrom(evidence);
        Agent agent = agents.lockForChange(agentId);
        ConfigVersion current = requireCurrent();
        StrategySpec running = current.strategy();
        if (spec.equals(running)) {
            return new Change(current, false);
        }
        StrategyEvidence.Proof proof = evidence.proofOf(spec, current.evaluation());
        String why = patch.admit(proof);
        ConfigVersion version = replace(current, current.evaluation(), current.watchlist(), spec, proof.edge(),
                "strategy=" + spec.name());
        List<String> tags = new ArrayList<>(List.of("strategy"));
        if (patch.force()) {
            tags.add("forced");
        }
        journal.append(JournalType.CONFIG_CHANGE, tags, "Strategy changed (" + current.id() + " → " + version.id()
                + "): " + running.name() + " → " + spec.name() + ". " + why + proof.edge().map(edge -> " Where the spec"
                + " declares no edge, its entries expect " + edge + ".").orElse("") + " A fresh evaluation window starts.",
                version.id());
        freshEvaluation(agent, version);
        return new Change(version, true);
    }

    /** Replaces the watchlist and syncs the signer's allowlist in the same transaction. */
    public Change replaceWatchlist(String agentId, List<String> tokens) {
        Agent agent = agents.lockForChange(agentId);
        ConfigVersion current = requireCurrent();
        if (new HashSet<>(tokens).equals(new HashSet<>(current.watchlist()))) {
            return new Change(current, false);
        }
        ConfigVersion version = replace(current, current.evaluation(), tokens,
                "watchlist=[" + String.join(", ", tokens) + "]");
        signer.syncAllowlist(agentId, tokens);
        List<String> tags = new ArrayList<>(List.of("watchlist"));
        tags.addAll(tokens.subList(0, Math.min(tokens.size(), 14))); // with the type and "watchlist": 16 at most
        journal.append(JournalType.CONFIG_CHANGE, tags, "Watchlist changed (" + current.id() + " → " + version.id()
                + "): " + current.watchlist() + " → " + tokens + ". TWAK allowlist synced to " + tokens + ".",
                version.id());
        freshEvaluation(agent, version);
        return new Change(version, true);
    }

    /**
     * Ends the running version as {@code failed} (a max-drawdown breach in paper) and starts a fresh run of the same
     * configuration, whose evaluation begins anew.
     */
    public ConfigVersion failRun(String agentId, String why) {
        Agent agent = agents.lockForChange(agentId);
        ConfigVersion current = requireCurrent();
        ConfigVersion next = restartRun(agent, Outcome.FAILED, "a max-drawdown breach");
        journal.append(JournalType.RISK_BREACH, List.of("max_drawdown", Outcome.FAILED.wire()), "Run " + current.id()
                + " failed: " + why + " A fresh run of the same configuration starts as " + next.id() + ".", next.id());
        freshEvaluation(agent, next);
        return next;
    }

    /**
     * Ends the running version as {@code killed} (the kill switch) or {@code demoted} (a breach while live) and starts
     * a fresh run of the same configuration, whose evaluation begins anew.
     */
    public ConfigVersion endRun(String agentId, Outcome outcome, String why) {
        if (outcome != Outcome.KILLED && outcome != Outcome.DEMOTED) {
            throw new IllegalArgumentException("a run is ended early only by the kill switch or a demotion");
        }
        Agent agent = agents.lockForChange(agentId);
        ConfigVersion current = requireCurrent();
        ConfigVersion next = restartRun(agent, outcome, outcome == Outcome.KILLED ? "the kill switch" : "a demotion");
        journal.append(JournalType.CONFIG_CHANGE, List.of("run_ended", outcome.wire()), "Run " + current.id()
                + " ended as " + outcome.wire() + ": " + why + " A fresh run of the same configuration starts as "
                + next.id() + ".", next.id());
        freshEvaluation(agent, next);
        return next;
    }

    private ConfigVersion restartRun(Agent agent, Outcome outcome, String cause) {
        ConfigVersion current = requireCurrent();
        Instant now = clock.instant();
        String base = current.paramsSummary().replaceAll(" \\(restarted after [^)]*\\)$", "");
        ConfigVersion next = current.derive(ids.next("cfv"), now, current.evaluation(), current.watchlist(),
                base + " (restarted after " + cause + ")");
        current.retire(now, outcome);
        em.persist(next);
        return next;
    }

    /** A new version starts its evaluation from nothing: the lifecycle, observing, drops an earned eligibility. */
    private void freshEvaluation(Agent agent, ConfigVersion next) {
        runs.fire(new RunStarted(agent, next));
    }

    private ConfigVersion replace(ConfigVersion current, EvaluationConfig evaluation, List<String> watchlist,
            String summary) {
        return replace(current, evaluation, watchlist, current.strategy(), current.measuredEdge(), summary);
    }

    private ConfigVersion replace(ConfigVersion current, EvaluationConfig evaluation, List<String> watchlist,
            StrategySpec strategy, Optional<MeasuredEdge> edge, String summary) {
        Instant now = clock.instant();
        ConfigVersion next = current.derive(ids.next("cfv"), now, evaluation, watchlist, strategy, edge, summary);
        current.retire(now, Outcome.SUPERSEDED);
        em.persist(next);
        return next;
    }
}
