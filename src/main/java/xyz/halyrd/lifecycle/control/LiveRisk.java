package xyz.halyrd.lifecycle.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * The live risk check after each due snapshot: the live equity snapshot (phase {@code live}) against the running
 * config's drawdown limits; a breach flattens the live positions to USDT and then demotes
 * ({@link Lifecycle#breachedWhileLive}) — daily until the next UTC midnight, max until a person promotes again.
 */
@Singleton
@Lock(LockType.READ) // stateless; each step is its own transaction
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LiveRisk {

    @Inject
    LiveExecutor live;

    @Inject
    Lifecycle lifecycle;

    @Inject
    ConfigVersions versions;

    @Inject
    RiskEngine risk;

    /** Snapshots live equity and demotes on a breach; the breached rule, if any. */
    public Optional<String> check(String agentId) {
        ConfigVersion version = versions.requireCurrent();
        RiskRules rules = version.evaluation().riskRules(risk.cooldown());
        Optional<EquitySnapshot> taken = live.snapshot(agentId, rules, version.id());
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        EquitySnapshot snapshot = taken.get();
        List<RiskRules.Breach> breaches = snapshot.breaches(rules);
        if (breaches.isEmpty()) {
            return Optional.empty();
        }
        // the max first: it demotes until a person decides, which outlasts a daily relock
        String rule = breaches.get(0).rule();
        DemotionScope scope;
        String figures;
        if (breaches.get(0) == RiskRules.Breach.MAX_DRAWDOWN) {
            scope = DemotionScope.MAX;
            figures = "live equity " + Decimals.usdt(snapshot.equity()) + " is " + Decimals.percentOf(
                    snapshot.ddFromPeak()) + " below its peak, beyond the " + Decimals.percentOf(rules.maxDrawdown())
                    + " limit.";
        } else {
            scope = DemotionScope.DAILY;
            figures = "live equity " + Decimals.usdt(snapshot.equity()) + " used up the daily drawdown budget of "
                    + Decimals.percentOf(rules.dailyBudget()) + ".";
        }
        int left = live.flatten(agentId, "Flattened to USDT: " + rule + " breached while live.", version.id());
        lifecycle.breachedWhileLive(agentId, rule, scope, figures + (left == 0 ? " Live positions were sold to USDT."
                : " " + left + " live position(s) could not be sold: see the journal."));
        return Optional.of(rule);
    }
}
