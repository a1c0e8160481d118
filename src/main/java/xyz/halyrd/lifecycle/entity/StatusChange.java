package xyz.halyrd.lifecycle.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.platform.AppendOnly;

/**
 * One lifecycle transition of an agent, as it happened: from and to which status, why (a promotion, a demotion with
 * its rule and relock, an earned eligibility…), and the journal entry that tells it. Written once, in the
 * transaction that moved the agent, so the history of statuses survives restarts and drives the stream.
 */
@Entity
@EntityListeners(AppendOnly.class)
@Table(name = "STATUS_CHANGE", indexes = @Index(name = "STATUS_CHANGE_AGENT", columnList = "AGENT_ID, ID"))
@NamedQuery(name = StatusChange.CHRONOLOGICAL,
        query = "SELECT c FROM StatusChange c WHERE c.agentId = :agent ORDER BY c.id")
public class StatusChange {

    public static final String CHRONOLOGICAL = "StatusChange.chronological";

    /** What moved the agent. */
    public enum Cause {
        /** PAPER → ELIGIBLE: every objective met. */
        ELIGIBILITY,
        /** ELIGIBLE → PAPER: a fresh evaluation started, or the objectives stopped holding. */
        EVALUATION,
        /** → LIVE by a person. */
        PROMOTION,
        /** LIVE → DEMOTED by a drawdown breach. */
        DEMOTION,
        /** DEMOTED → LIVE when a daily relock ran out. */
        RELOCK_EXPIRED,
        /** LIVE or DEMOTED → PAPER by a person. */
        MANUAL_DEMOTION
    }

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Column(name = "TS", nullable = false, updatable = false)
    private Instant ts;

    @Enumerated(EnumType.STRING)
    @Column(name = "FROM_STATUS", length = 16, nullable = false, updatable = false)
    private AgentStatus from;

    @Enumerated(EnumType.STRING)
    @Column(name = "TO_STATUS", length = 16, nullable = false, updatable = false)
    private AgentStatus to;

    @Enumerated(EnumType.STRING)
    @Column(name = "CAUSE", length = 16, nullable = false, updatable = false)
    private Cause cause;

    @Column(name = "RULE_NAME", length = 32, updatable = false)
    private String rule;

    @Enumerated(EnumType.STRING)
    @Column(name = "DEMOTION_SCOPE", length = 8, updatable = false)
    private DemotionScope scope;

    @Column(name = "RELOCK_UNTIL", updatable = false)
    private Instant relockUntil;

    @Column(name = "FIRST_TX_HASH", length = 80, updatable = false)
    private String firstTxHash;

    @Column(name = "JOURNAL_REF", length = 40, nullable = false, updatable = false)
    private String journalRef;

    protected StatusChange() {
    }

    /** The transition the agent has just made (its status is already {@code to}). */
    public StatusChange(String id, Agent agent, Instant ts, AgentStatus from, Cause cause, String journalRef,
            String firstTxHash) {
        this.id = Objects.requireNonNull(id);
        this.agentId = agent.id();
        this.ts = Objects.requireNonNull(ts);
        this.from = Objects.requireNonNull(from);
        this.to = agent.status();
        this.cause = Objects.requireNonNull(cause);
        this.rule = agent.demotionRule();
        this.scope = agent.demotionScope();
        this.relockUntil = agent.relockUntil();
        this.firstTxHash = firstTxHash;
        this.journalRef = Objects.requireNonNull(journalRef);
    }

    public String id() {
        return id;
    }

    public String agentId() {
        return agentId;
    }

    public Instant ts() {
        return ts;
    }

    public AgentStatus from() {
        return from;
    }

    public AgentStatus to() {
        return to;
    }

    public Cause cause() {
        return cause;
    }

    public String rule() {
        return rule;
    }

    public DemotionScope scope() {
        return scope;
    }

    public Instant relockUntil() {
        return relockUntil;
    }

    public String firstTxHash() {
        return firstTxHash;
    }

    public String journalRef() {
        return journalRef;
    }
}
