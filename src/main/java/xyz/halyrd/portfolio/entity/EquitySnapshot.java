package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.platform.AppendOnly;
import xyz.halyrd.risk.entity.RiskRules;

/** The agent's equity at one moment, with its drawdowns: one point of the equity curve. Written once. */
@Entity
@EntityListeners(AppendOnly.class)
@Table(name = "EQUITY_SNAPSHOT", indexes = {@Index(name = "EQUITY_SNAPSHOT_TS", columnList = "AGENT_ID, TS"),
        @Index(name = "EQUITY_SNAPSHOT_RUN", columnList = "CONFIG_VERSION_ID")}) // a run's worst drawdown
public class EquitySnapshot {

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Column(name = "TS", nullable = false, updatable = false)
    private Instant ts;

    @Column(name = "EQUITY", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal equity;

    @Enumerated(EnumType.STRING)
    @Column(name = "PHASE", length = 16, nullable = false, updatable = false)
    private Phase phase;

    /** Drawdown from the all-time peak, a fraction. */
    @Column(name = "DD_FROM_PEAK", precision = 12, scale = 8, nullable = false, updatable = false)
    private BigDecimal ddFromPeak;

    /** Share of the UTC day's drawdown budget used, a fraction. */
    // The share of the day's budget used: far above 1 when a tiny budget (the API allows 0.0001 %) is overrun.
    @Column(name = "DAILY_DD_USED", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal dailyDdUsed;

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    protected EquitySnapshot() {
    }

    public EquitySnapshot(String id, String agentId, Instant ts, BigDecimal equity, Phase phase, BigDecimal ddFromPeak,
            BigDecimal dailyDdUsed, String configVersionId) {
        this.id = Objects.requireNonNull(id);
        this.agentId = Objects.requireNonNull(agentId);
        this.ts = Objects.requireNonNull(ts);
        this.equity = Objects.requireNonNull(equity);
        this.phase = Objects.requireNonNull(phase);
        this.ddFromPeak = Objects.requireNonNull(ddFromPeak);
        this.dailyDdUsed = Objects.requireNonNull(dailyDdUsed);
        this.configVersionId = configVersionId;
    }

    /**
     * A point of {@code agentId}'s curve at {@code equity}, measured on {@code account} (the phase's own: live keeps
     * its figures in a row of its own): marks the account's peak and the day's opening with it first, so both
     * drawdowns are measured from figures that include this very point.
     */
    public static EquitySnapshot of(String id, String agentId, Account account, BigDecimal equity, Instant now,
            Phase phase, RiskRules rules, String configVersionId) {
        account.markEquity(equity, now);
        RiskRules.State state = account.riskState(equity);
        return new EquitySnapshot(id, agentId, now, equity, phase,
                rules.ddFromPeak(state).setScale(8, RoundingMode.HALF_UP),
                rules.dailyDdUsed(state).setScale(8, RoundingMode.HALF_UP), configVersionId);
    }

    /** The drawdown limits this point breaks, the max before the daily (see {@link RiskRules#breaches}). */
    public List<RiskRules.Breach> breaches(RiskRules rules) {
        return rules.breaches(ddFromPeak, dailyDdUsed);
    }

    public String id() {
        return id;
    }

    public Instant ts() {
        return ts;
    }

    public BigDecimal equity() {
        return equity;
    }

    public Phase phase() {
        return phase;
    }

    public BigDecimal ddFromPeak() {
        return ddFromPeak;
    }

    public BigDecimal dailyDdUsed() {
        return dailyDdUsed;
    }

    public String configVersionId() {
        return configVersionId;
    }
}
