package xyz.halyrd.config.control;

import java.util.Optional;
import xyz.halyrd.config.entity.EvaluationConfig;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * What backtests prove about a strategy, asked when one is attached. The backtest component, above config, answers
 * it; config knows only this interface, so the dependency keeps pointing down.
 */
public interface StrategyEvidence {

    /**
     * Whether a {@code done} backtest of exactly the spec passed the gate: {@code detail} names that run when it did,
     * and otherwise says what is unmet (no run of this spec, or its gate's unmet criteria); {@code edge} is the
     * passed run's average winning move, when it had a winner.
     */
    record Proof(boolean passed, String detail, Optional<MeasuredEdge> edge) {

        public static Proof unmet(String detail) {
            return new Proof(false, detail, Optional.empty());
        }
    }

    /** The spec backtest {@code backtestId} ran; 404 {@code BACKTEST_NOT_FOUND} for no such run. */
    StrategySpec specOf(String backtestId);

    /** What the backtests of exactly {@code spec} (compared by value) prove under {@code evaluation}. */
    Proof proofOf(StrategySpec spec, EvaluationConfig evaluation);
}
