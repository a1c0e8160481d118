package xyz.halyrd.backtest.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.backtest.entity.Gate;
import xyz.halyrd.config.control.StrategyEvidence;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * The backtests' answer to an attach: the spec a run replayed, and whether a done run of exactly a spec (compared by
 * value, as the spec records normalise it) passes the gate of the evaluation config now; when none does, the newest
 * done run's unmet criteria.
 */
@Stateless
public class BacktestEvidence implements StrategyEvidence {

    @PersistenceContext
    EntityManager em;

    @Override
    public StrategySpec specOf(String backtestId) {
        Backtest backtest = em.find(Backtest.class, backtestId);
        if (backtest == null) {
            throw Backtests.notFound(backtestId);
        }
        return backtest.spec();
    }

    /**
     * Judged again, each done run of the spec, newest first, on its out-of-sample figures against the agent's
     * evaluation config as it is now ({@code evaluation}): a run that passed under looser thresholds proves nothing under tighter ones,
     * and one that failed may pass after the thresholds eased.
     */
    @Override
    public Proof proofOf(StrategySpec spec, EvaluationConfig evaluation) {
        List<Backtest> done = em.createNamedQuery(Backtest.BY_STATUS_AND_NAME, Backtest.class)
                .setParameter("status", Backtest.Status.DONE).setParameter("name", spec.name()).getResultList()
                .stream().filter(b -> b.spec().equals(spec)).toList(); // newest first
        if (done.isEmpty()) {
            return Proof.unmet("no done backtest of this exact spec (" + spec.name() + ") has passed the gate");
        }
        List<String> newestUnmet = null;
        for (Backtest backtest : done) {
            List<String> unmet = backtest.outOfSample().map(part -> Gate.judge(part, evaluation).reasons())
                    .orElse(List.of("it kept no out-of-sample figures"));
            if (unmet.isEmpty()) {
                return new Proof(true, "Backtest " + backtest.id() + " of this spec passes the gate of the current"
                        + " evaluation config", backtest.averageWinningMove().filter(move -> move.signum() > 0)
                        .map(move -> new MeasuredEdge(move, backtest.id())));
            }
            if (newestUnmet == null) {
                newestUnmet = unmet;
            }
        }
        return Proof.unmet("backtest " + done.get(0).id() + " of this spec does not pass the gate of the current"
                + " evaluation config: " + String.join("; ", newestUnmet));
    }
}
