package xyz.halyrd.agent.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** The trading agent: its identity, lifecycle status, execution phase and the last sign of life. */
@Entity
@Table(name = "AGENT")
@NamedQuery(name = Agent.ALL, query = "SELECT a FROM Agent a ORDER BY a.id")
public class Agent {

    public static final String ALL = "Agent.all";
    public static final String SEED_ID = "seed";
    public static final String CURRENT_ALIAS = "current";
    public static final String SPOT = "spot";

    @Id
    @Column(name = "ID", length = 64, updatable = false)
    private String id;

    @Column(name = "NAME", length = 100, nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", length = 16, nullable = false)
    private AgentStatus status;

    @Column(name = "MARKET_MODE", length = 16, nullable = false)
    private String marketMode;

    @Column(name = "CREATED_AT", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "LAST_HEARTBEAT", nullable = false)
    private Instant lastHeartbeat;

    /** While DEMOTED: the rule whose breach demoted the agent. */
    @Column(name = "DEMOTION_RULE", length = 32)
    private String demotionRule;

    @Enumerated(EnumType.STRING)
    @Column(name = "DEMOTION_SCOPE", length = 8)
    private DemotionScope demotionScope;

    /** While DEMOTED after a daily breach: when live resumes by itself. Null after a max breach: a person decides. */
    @Column(name = "RELOCK_UNTIL")
    private Instant relockUntil;

    protected Agent() {
    }

    private Agent(String id, String name, Instant now) {
        this.id = id;
        this.name = name;
        this.status = AgentStatus.PAPER;
        this.marketMode = SPOT;
        this.createdAt = now;
        this.lastHeartbeat = now;
    }

    /** The agent every installation starts with: paper trading on spot markets. */
    public static Agent seed(Instant now) {
        return new Agent(SEED_ID, "Halyrd", Objects.requireNonNull(now));
    }

    /** Records a sign of life; the heartbeat never moves backwards. */
    public void beat(Instant now) {
        if (now.isAfter(lastHeartbeat)) {
            lastHeartbeat = now;
        }
    }

    /** PAPER → ELIGIBLE: the running configuration met every objective. Returns the status left. */
    public AgentStatus becomeEligible() {
        require(AgentStatus.ELIGIBLE, AgentStatus.PAPER);
        return move(AgentStatus.ELIGIBLE);
    }

    /** ELIGIBLE → PAPER: a fresh evaluation started, or the objectives no longer hold. */
    public AgentStatus loseEligibility() {
        require(AgentStatus.PAPER, AgentStatus.ELIGIBLE);
        return move(AgentStatus.PAPER);
    }

    /** → LIVE by a person's decision; refused while a daily relock is in force. */
    public AgentStatus promote(Instant now) {
        if (isLockedAt(now)) {
            throw new IllegalStateException("Agent " + id + " is locked out of live until " + relockUntil);
        }
        require(AgentStatus.LIVE, AgentStatus.PAPER, AgentStatus.ELIGIBLE, AgentStatus.DEMOTED);
        AgentStatus from = move(AgentStatus.LIVE);
        clearDemotion();
        return from;
    }

    /**
     * LIVE → DEMOTED after a drawdown breach: a daily breach locks live until {@code relockUntil} (the next UTC
     * midnight), a max breach until a person promotes again.
     */
    public AgentStatus demoteAfterBreach(String rule, DemotionScope scope, Instant relockUntil) {
        require(AgentStatus.DEMOTED, AgentStatus.LIVE);
        if ((scope == DemotionScope.DAILY) != (relockUntil != null)) {
            throw new IllegalArgumentException("a daily demotion relocks at a time, a max demotion never by itself");
        }
        AgentStatus from = move(AgentStatus.DEMOTED);
        this.demotionRule = Objects.requireNonNull(rule);
        this.demotionScope = scope;
        this.relockUntil = relockUntil;
        return from;
    }

    /** DEMOTED → LIVE once a daily relock has run out. */
    public AgentStatus resumeLive(Instant now) {
        require(AgentStatus.LIVE, AgentStatus.DEMOTED);
        if (relockUntil == null || now.isBefore(relockUntil)) {
            throw new IllegalStateException("Agent " + id + " has no relock that ran out by " + now);
        }
        AgentStatus from = move(AgentStatus.LIVE);
        clearDemotion();
        return from;
    }

    /** LIVE or DEMOTED → PAPER by a person's decision: live stops, and a pending relock is cancelled. */
    public AgentStatus returnToPaper() {
        require(AgentStatus.PAPER, AgentStatus.LIVE, AgentStatus.DEMOTED);
        AgentStatus from = move(AgentStatus.PAPER);
        clearDemotion();
        return from;
    }

    /** Whether a daily relock keeps this agent from going live at {@code now}. */
    public boolean isLockedAt(Instant now) {
        return status == AgentStatus.DEMOTED && relockUntil != null && now.isBefore(relockUntil);
    }

    /** Whether the relock of a daily demotion has run out at {@code now}, so live resumes. */
    public boolean relockExpiredAt(Instant now) {
        return status == AgentStatus.DEMOTED && relockUntil != null && !now.isBefore(relockUntil);
    }

    private void require(AgentStatus to, AgentStatus... from) {
        if (!java.util.Arrays.asList(from).contains(status) || !status.canMoveTo(to)) {
            throw new IllegalStateException("Agent " + id + " cannot go from " + status + " to " + to);
        }
    }

    private AgentStatus move(AgentStatus to) {
        AgentStatus from = status;
        status = to;
        return from;
    }

    private void clearDemotion() {
        demotionRule = null;
        demotionScope = null;
        relockUntil = null;
    }

    public String demotionRule() {
        return demotionRule;
    }

    public DemotionScope demotionScope() {
        return demotionScope;
    }

    public Instant relockUntil() {
        return relockUntil;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public AgentStatus status() {
        return status;
    }

    /** The phase follows from the status: live only while LIVE. */
    public Phase phase() {
        return status.phase();
    }

    public String marketMode() {
        return marketMode;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }
}
