package xyz.halyrd.lifecycle.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.Outcome;
import xyz.halyrd.config.entity.RunStarted;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.lifecycle.entity.EvaluationReport;
import xyz.halyrd.lifecycle.entity.StatusChange;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.control.Reconciliation;
import xyz.halyrd.signer.control.LiveChain;
import xyz.halyrd.signer.control.Signer;
import xyz.halyrd.signer.entity.SignerSession;

/**
 * The agent's lifecycle: PAPER → ELIGIBLE earned by the evaluation, → LIVE by a person, → DEMOTED by a breach while
 * live, and the kill switch that revokes the signing session. Every transition happens in one transaction with its
 * journal entry, under the agent's row lock, so concurrent calls apply one after another and always leave a
 * consistent state.
 */
@Singleton
@Lock(LockType.READ) // transitions serialize on the agent's row (PESSIMISTIC_WRITE), which also holds across processes
public class Lifecycle {

    /** The phrase a person types to provision signing again after the kill switch. */
    public static final String PROVISION_PHRASE = "provision signing";

    /** What a promotion answers: the new status and the hash of its first live transaction (the router approval). */
    public record Promotion(String status, String firstTxHash) {
    }

    @Inject
    AgentRegistry agents;

    @Inject
    Evaluation evaluation;

    @Inject
    ConfigVersions versions;

    @Inject
    StatusChanges changes;

    @Inject
    Signer signer;

    @Inject
    Journal journal;

    @Inject
    LiveChain live;

    @Inject
    Reconciliation reconciliation;

    @Inject
    LiveExecutor liveExecutor;

    @Inject
    Clock clock;

    /**
     * A new config version starts its evaluation from nothing: an ELIGIBLE agent earns it again under the new version.
     * In the config change's own transaction (the agent's row is locked by it), so the status and the version that
     * took it away commit together or not at all.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void freshEvaluation(@Observes RunStarted run) {
        Agent agent = run.agent();
        if (agent.status() == AgentStatus.ELIGIBLE) {
            AgentStatus from = agent.loseEligibility();
            changes.record(agent, from, StatusChange.Cause.EVALUATION, "config version " + run.version().id()
                    + " starts a fresh evaluation.", null, run.version().id());
        }
    }

    /**
     * ELIGIBLE (or, with {@code force}, PAPER) or DEMOTED after a max breach → LIVE. {@code force} bypasses the
     * evaluation gate, never a lock, the signer, or a risk rule. Live must be configured and connected, and the
     * live books agree with the wallet; the promotion then signs its first transaction, the router's USDT
     * allowance for one day's cap, and answers its hash. A failed approval leaves the agent where it was.
     */
    public Promotion promote(String idOrAlias, boolean force) {
        Agent agent = agents.lockForChange(idOrAlias);
        Instant now = clock.instant();
        if (agent.status() == AgentStatus.LIVE) {
            throw ApiException.conflict("ALREADY_LIVE", "Agent " + agent.id() + " is already LIVE.");
        }
        SignerSession session = signer.lockSession(agent.id());
        if (!session.isActive()) {
            throw ApiException.conflict("SIGNER_REVOKED", "The signing session was revoked by the kill switch at "
                    + session.changedAt() + "; nothing can be signed until it is provisioned again with POST /agents/"
                    + agent.id() + "/signer/session {\"confirm\": \"" + PROVISION_PHRASE + "\"}.");
        }
        if (agent.isLockedAt(now)) {
            throw ApiException.conflict("LOCKED", "Live is locked after the " + agent.demotionRule()
                    + " breach until " + agent.relockUntil() + " (the next UTC midnight); the agent resumes live by"
                    + " itself then.");
        }
        EvaluationReport report = evaluation.of(agent.id());
        if (!force && !report.eligible()) {
            throw ApiException.conflict("NOT_ELIGIBLE", "Agent has not met evaluation criteria: unmet "
                    + report.unmet() + ". Use force: true to override.");
        }
        if (!live.connected()) {
            throw ApiException.conflict("LIVE_UNAVAILABLE", "Live trading is unavailable: "
                    + live.unavailableReason() + " The agent stays on " + agent.status() + ".");
        }
        Optional<String> mismatch = reconciliation.check(agent.id());
        if (mismatch.isPresent()) {
            throw ApiException.conflict("LIVE_UNRECONCILED", "The live positions and the wallet disagree: "
                    + mismatch.get() + " Resolve it, then POST /agents/" + agent.id() + "/live/reconcile.");
        }
        // The first live transaction: the router's USDT allowance, (re)set to one day's signing cap.
        TxOutcome approval = signer.approveRouterForTheDay(agent.id());
        if (!approval.mined()) {
            String what = "The promotion's router approval (tx " + approval.txHash() + ") was "
                    + approval.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (approval.error() == null ? "" : ": " + approval.error()) + "; the agent stays on "
                    + agent.status() + ".";
            // what happened on chain is journaled even though the promotion is refused: the fee may have been paid
            journal.append(JournalType.LIVE_TX_FAILED, List.of("promotion"), what,
                    versions.requireCurrent().id());
            throw new ApiException.Recorded(jakarta.ws.rs.core.Response.Status.CONFLICT, "LIVE_UNAVAILABLE", what);
        }
        String firstTxHash = approval.txHash();
        liveExecutor.restartLiveFigures(agent.id());
        AgentStatus from = agent.promote(now);
        changes.record(agent, from, StatusChange.Cause.PROMOTION, (force && !report.eligible()
                ? "promoted by force, bypassing the evaluation gate (unmet " + report.unmet() + ")"
                : "promoted: every evaluation objective met") + ". Risk rules and the signer's limits apply.",
                firstTxHash, versions.requireCurrent().id());
        return new Promotion(agent.status().name(), firstTxHash);
    }

    /** LIVE or DEMOTED → PAPER by a person; on paper already, nothing changes. */
    public Agent demote(String idOrAlias) {
        Agent agent = agents.lockForChange(idOrAlias);
        if (agent.status() == AgentStatus.LIVE || agent.status() == AgentStatus.DEMOTED) {
            boolean relockCancelled = agent.relockUntil() != null;
            AgentStatus from = agent.returnToPaper();
            changes.record(agent, from, StatusChange.Cause.MANUAL_DEMOTION, "returned to paper by a person"
                    + (relockCancelled ? "; the pending relock is cancelled, so live waits for a new promotion" : "")
                    + ".", null, versions.requireCurrent().id());
        }
        return agent;
    }

    /**
     * A drawdown breach while LIVE: flattens to USDT and locks live — until the next UTC midnight for the daily
     * budget, until a person promotes again for the max drawdown. The run ends as {@code demoted}. Nothing happens
     * unless the agent is LIVE.
     */
    public void breachedWhileLive(String agentId, String rule, DemotionScope scope, String figures) {
        Agent agent = agents.lockForChange(agentId);
        if (agent.status() != AgentStatus.LIVE) {
            return;
        }
        Instant now = clock.instant();
        Instant relockUntil = scope == DemotionScope.DAILY ? nextUtcMidnight(now) : null;
        AgentStatus from = agent.demoteAfterBreach(rule, scope, relockUntil);
        changes.record(agent, from, StatusChange.Cause.DEMOTION, rule + " breached while live: " + figures
                + (relockUntil == null ? " Live stays locked until a person promotes again."
                : " Live is locked until " + relockUntil + ", then resumes by itself.")
                + " Paper trading continues.", null, versions.requireCurrent().id());
        versions.endRun(agent.id(), Outcome.DEMOTED, rule + " breached while live.");
    }

    /**
     * The transitions that happen by themselves, checked after every cycle pass: a daily relock that ran out
     * (DEMOTED → LIVE), an evaluation that earned eligibility (PAPER → ELIGIBLE) or no longer holds (→ PAPER).
     */
    public void review(String agentId) {
        Agent seen = agents.require(agentId);
        Instant now = clock.instant();
        boolean relockOver = seen.relockExpiredAt(now);
        boolean mayChange = relockOver || seen.status() == AgentStatus.PAPER || seen.status() == AgentStatus.ELIGIBLE;
        if (!mayChange) {
            return;
        }
        EvaluationReport report = relockOver ? null : evaluation.of(agentId);
        if (!relockOver && report.eligible() == (seen.status() == AgentStatus.ELIGIBLE)) {
            return; // the common case: nothing to do, and no row lock taken
        }
        Agent agent = agents.lockForChange(agentId); // re-check under the lock: a person may have acted meanwhile
        String version = versions.requireCurrent().id();
        if (agent.relockExpiredAt(now)) {
            String rule = agent.demotionRule();
            AgentStatus from = agent.resumeLive(now);
            changes.record(agent, from, StatusChange.Cause.RELOCK_EXPIRED, "the relock after the " + rule
                    + " breach ran out at UTC midnight; live resumes.", null, version);
        } else if (agent.status() == AgentStatus.PAPER && report != null && report.eligible()) {
            AgentStatus from = agent.becomeEligible();
            changes.record(agent, from, StatusChange.Cause.ELIGIBILITY, "every evaluation objective met ("
                    + report.closedTrades() + " closed trades, expectancy " + report.objectives().get(0).current()
                    + " per trade). Promotion to live is your call.", null, version);
        } else if (agent.status() == AgentStatus.ELIGIBLE && report != null && !report.eligible()) {
            AgentStatus from = agent.loseEligibility();
            changes.record(agent, from, StatusChange.Cause.EVALUATION, "the objectives no longer hold (unmet "
                    + report.unmet() + ").", null, version);
        }
    }

    /** The kill switch: revokes the signing session at once. The paper loop runs on; the run ends as {@code killed}. */
    public SignerSession killSwitch(String idOrAlias, String reason) {
        Agent agent = agents.lockForChange(idOrAlias);
        SignerSession session = signer.lockSession(agent.id());
        if (session.revoke(clock.instant(), reason)) {
            journal.append(JournalType.KILL, List.of("twak_session", "revoked"), "Kill switch: the TWAK signing session"
                    + " is revoked" + (reason == null ? "" : " (" + reason + ")") + ". Live signing is unavailable until"
                    + " a person provisions a new session; paper trading continues.", versions.requireCurrent().id());
            versions.endRun(agent.id(), Outcome.KILLED, "the kill switch revoked signing.");
        }
        return session;
    }

    /** Provisions the signing session again after a kill switch, on the typed confirmation phrase. */
    public SignerSession provisionSigner(String idOrAlias, String confirm) {
        if (!PROVISION_PHRASE.equals(confirm)) {
            throw ApiException.validation("confirm", "type exactly \"" + PROVISION_PHRASE + "\" to provision signing"
                    + " again");
        }
        Agent agent = agents.lockForChange(idOrAlias);
        SignerSession session = signer.lockSession(agent.id());
        if (session.provision(clock.instant())) {
            journal.append(JournalType.SIGNER_SESSION, List.of("twak_session", "active"), "A person provisioned"
                    + " a new TWAK signing session: the signer may sign again within its policy. The agent is "
                    + agent.status() + "; live trading needs " + (agent.status() == AgentStatus.LIVE
                    ? "nothing more." : "a promotion."), versions.requireCurrent().id());
        }
        return session;
    }

    static Instant nextUtcMidnight(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
