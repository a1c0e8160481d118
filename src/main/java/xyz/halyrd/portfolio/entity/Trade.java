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
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.AppendOnly;

/**
 * One executed swap, paper or live: an opening buy (pnl null) or a closing sell with its realised pnl, hold time
 * and the risk it took. Append-only, like the journal entry it links to.
 */
@Entity
@EntityListeners(AppendOnly.class)
@Table(name = "TRADE", indexes = {@Index(name = "TRADE_TS", columnList = "TS"),
        @Index(name = "TRADE_RUN", columnList = "AGENT_ID, CONFIG_VERSION_ID")}) // the evaluation reads a run's trades
public class Trade extends BookedFill {

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Column(name = "OPENED_AT", updatable = false)
    private Instant openedAt;

    @Column(name = "RISK_TAKEN_USDT", precision = 24, scale = 8, updatable = false)
    private BigDecimal riskTakenUsdt;

    @Enumerated(EnumType.STRING)
    @Column(name = "PHASE", length = 16, nullable = false, updatable = false)
    private Phase phase;

    @Column(name = "ORDER_REF", length = 40, nullable = false, updatable = false)
    private String orderRef;

    @Column(name = "JOURNAL_REF", length = 40, nullable = false, updatable = false)
    private String journalRef;

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    protected Trade() {
    }

    private Trade(String id, String agentId, Instant ts, Token token, Side side, PaperFills.Fill fill,
            BigDecimal pnlUsdt, Phase phase, String orderRef, String journalRef, String configVersionId) {
        super(ts, token, side, fill.notionalUsdt(), fill.price(), fill.quantity(), fill.feesUsdt(), pnlUsdt);
        this.id = Objects.requireNonNull(id);
        this.agentId = Objects.requireNonNull(agentId);
        this.phase = Objects.requireNonNull(phase);
        this.orderRef = Objects.requireNonNull(orderRef);
        this.journalRef = Objects.requireNonNull(journalRef);
        this.configVersionId = configVersionId;
    }

    /** The buy that opens a position; {@code riskTaken} is the worst case the risk engine allowed for. */
    public static Trade opening(String id, String agentId, Instant ts, Token token, PaperFills.Fill buy,
            BigDecimal riskTakenUsdt, Phase phase, String orderRef, String journalRef, String configVersionId) {
        Trade trade = new Trade(id, agentId, ts, token, Side.BUY, buy, null, phase, orderRef, journalRef,
                configVersionId);
        trade.riskTakenUsdt = riskTakenUsdt;
        return trade;
    }

    /** The sell that closes {@code position}, with the pnl it realised. */
    public static Trade closing(String id, String agentId, Instant ts, Position position, PaperFills.Fill sell,
            BigDecimal riskTakenUsdt, Phase phase, String orderRef, String journalRef, String configVersionId) {
        return closing(id, agentId, ts, position.token(), position.openedAt(), position.pnlOf(sell), sell,
                riskTakenUsdt, phase, orderRef, journalRef, configVersionId);
    }

    /** The sell that closes a position of {@code token} opened at {@code openedAt}, realising {@code pnl}. */
    public static Trade closing(String id, String agentId, Instant ts, Token token, Instant openedAt, BigDecimal pnl,
            PaperFills.Fill sell, BigDecimal riskTakenUsdt, Phase phase, String orderRef, String journalRef,
            String configVersionId) {
        Trade trade = new Trade(id, agentId, ts, token, Side.SELL, sell, Objects.requireNonNull(pnl), phase, orderRef,
                journalRef, configVersionId);
        trade.openedAt = Objects.requireNonNull(openedAt);
        trade.riskTakenUsdt = riskTakenUsdt;
        return trade;
    }

    /**
     * A closing trade's pnl over what its position cost, fees of both sides included: the per-trade return the
     * evaluation's expectancy averages. Null for an opening trade.
     */
    public BigDecimal returnOnCost() {
        if (pnlUsdt() == null) {
            return null;
        }
        BigDecimal cost = sizeUsdt().subtract(feesUsdt()).subtract(pnlUsdt()); // proceeds after fees, less the pnl
        return pnlUsdt().divide(cost, java.math.MathContext.DECIMAL64);
    }

    /** How long the position this trade closed was held; null for an opening trade. */
    public Duration holdTime() {
        return openedAt == null ? null : Duration.between(openedAt, ts());
    }

    public String id() {
        return id;
    }

    public String agentId() {
        return agentId;
    }

    public String pair() {
        return token().pair();
    }

    public BigDecimal riskTakenUsdt() {
        return riskTakenUsdt;
    }

    public Phase phase() {
        return phase;
    }

    public String orderRef() {
        return orderRef;
    }

    public String journalRef() {
        return journalRef;
    }

    public String configVersionId() {
        return configVersionId;
    }
}
