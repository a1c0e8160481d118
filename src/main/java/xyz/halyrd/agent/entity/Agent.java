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

    @Enumerated(EnumType.STRING)
    @Column(name = "PHASE", length = 16, nullable = false)
    private Phase phase;

    @Column(name = "MARKET_MODE", length = 16, nullable = false)
    private String marketMode;

    @Column(name = "CREATED_AT", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "LAST_HEARTBEAT", nullable = false)
    private Instant lastHeartbeat;

    protected Agent() {
    }

    private Agent(String id, String name, Instant now) {
        this.id = id;
        this.name = name;
        this.status = AgentStatus.PAPER;
        this.phase = Phase.PAPER;
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

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public AgentStatus status() {
        return status;
    }

    public Phase phase() {
        return phase;
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
