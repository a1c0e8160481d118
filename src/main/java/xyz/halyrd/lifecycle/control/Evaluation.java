package xyz.halyrd.lifecycle.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.lifecycle.entity.EvaluationReport;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Trade;

/**
 * Judges the running config version against the gate to live trading, from its committed paper record: the trades
 * it closed and the equity snapshots taken under it. A config change starts a new version and so a fresh record.
 */
@Singleton
@Lock(LockType.READ) // reads committed rows only
public class Evaluation {

    @Inject
    ConfigVersions versions;

    @Inject
    Portfolio portfolio;

    @Inject
    Clock clock;

    public EvaluationReport of(String agentId) {
        ConfigVersion version = versions.requireCurrent();
        List<BigDecimal> returns = portfolio.closedTrades(agentId, version.id(), Phase.PAPER).stream()
                .map(Trade::returnOnCost).toList();
        return EvaluationReport.of(version.evaluation(), version.runFrom(), clock.instant(), returns,
                portfolio.worstDrawdown(agentId, version.id()));
    }
}
