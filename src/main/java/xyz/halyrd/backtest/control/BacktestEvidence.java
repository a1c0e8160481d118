package xyz.halyrd.backtest.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.config.control.StrategyEvidence;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * The backtests' answer to an attach: the spec a run replayed, and whether a done run of exactly a spec (compared by
 * value, as the spec records normalise it) passed the gate; when none did, the newest done run's unmet criteria.
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

    @Override
    public Proof proofOf(StrategySpec spec) {
        List<Backtest> done = em.createNamedQuery(Backtest.BY_STATUS_AND_NAME, Backtest.class)
                .setParameter("status", Backtest.Status.DONE).setParameter("name", spec.name()).getResultList()
                .stream().filter(b -> b.spec().equals(spec)).toList(); // newest first
        for (Backtest backtest : done) {
            if (Boolean.TRUE.equals(backtest.passedGate())) {
                return new Proof(true, "Backtest " + backtest.id() + " of this spec passed the gate",
                        backtest.averageWinningMove().filter(move -> move.signum() > 0)
                                .map(move -> new MeasuredEdge(move, backtest.id())));
            }
        }
        if (done.isEmpty()) {
            return Proof.unmet("no done backtest of this exact spec (" + spec.name() + ") has passed the gate");
        }
        Backtest newest = done.get(0);
        return Proof.unmet("backtest " + newest.id() + " of this spec did not pass the gate: "
                + String.join("; ", newest.gateReasons()));
    }
}
