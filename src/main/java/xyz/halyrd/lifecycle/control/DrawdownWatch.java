package xyz.halyrd.lifecycle.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * The drawdown watch, paper and live, after each due snapshot: the snapshot's breaches (one test,
 * {@link RiskRules#breaches}) and what each phase does about them. In paper a max breach fails the run and the next
 * one starts from a fresh peak, a used-up daily budget is journaled once a UTC day; live, a breach flattens the live
 * positions to USDT and then demotes ({@link Lifecycle#breachedWhileLive}) — daily until the next UTC midnight, max
 * until a person promotes again.
 */
@Singleton
@Lock(LockType.READ) // stateless but for the day whose daily breach was journaled; the cycle never overlaps itself
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // live: each step is its own transaction
public class DrawdownWatch {

    @Inject
    LiveExecutor live;

    @Inject
    Lifecycle lifecycle;

    @Inject
    ConfigVersions versions;

    @Inject
    RiskEngine risk;

    @Inject
    Journal journal;

    private volatile LocalDate dailyBreachJournaled;

    /**
     * Reacts to a paper snapshot's breaches, in the snapshot's transaction: the account is the one it marked, locked
     * by the caller, so a restarted peak commits with the failed run.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void paper(Account account, EquitySnapshot snapshot, RiskRules rules, ConfigVersion version) {
        List<RiskRules.Breach> breaches = snapshot.breaches(rules);
        if (breaches.contains(RiskRules.Breach.MAX_DRAWDOWN)) {
            versions.failRun(account.agentId(), "equity " + Decimals.usdt(snapshot.equity())
                    + " is " + Decimals.percentOf(snapshot.ddFromPeak()) + " below its peak, beyond the "
                    + Decimals.percentOf(rules.maxDrawdown()) + " limit.");
            account.restartPeak(snapshot.equity());
        }
        LocalDate today = LocalDate.ofInstant(snapshot.ts(), ZoneOffset.UTC);
        if (breaches.contains(RiskRules.Breach.DAILY_DRAWDOWN) && !today.equals(dailyBreachJournaled)) {
            dailyBreachJournaled = today;
            journal.append(JournalType.RISK_BREACH, List.of(RiskRules.DAILY_DRAWDOWN),
                    "Daily drawdown budget used up: equity " + Decimals.usdt(snapshot.equity())
                            + " against " + Decimals.usdt(account.dayOpenEquity())
                            + " at the UTC day's opening (budget " + Decimals.percentOf(rules.dailyBudget())
                            + "). Paper trading continues; new entries wait for headroom.", version.id());
        }
    }

    /**
     * Snapshots live equity and demotes on a breach; the breached rule, if any. While nothing is live (paper, or no
     * chain) it reads nothing more than the agent: the running config only when there is a point to take.
     */
    public Optional<String> live(String agentId) {
        if (!live.snapshotsLive(agentId)) {
            return Optional.empty();
        }
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
