package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import xyz.halyrd.market.entity.Token;

/**
 * What a paper {@link Position} and a {@link LivePosition} share: a token the agent holds, how much, what it cost
 * (fees included), at what price and by which trade it was opened. Mapped, not an entity of its own: each kind keeps
 * its table, and the quantity its column (live holds exact on-chain decimals, see LivePosition's override).
 */
@MappedSuperclass
public abstract class Holding {

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "TOKEN", length = 16, nullable = false, updatable = false)
    private Token token;

    @Column(name = "QUANTITY", precision = 30, scale = 12, nullable = false, updatable = false)
    private BigDecimal quantity;

    @Column(name = "COST_USDT", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal costUsdt;

    @Column(name = "ENTRY_PRICE", precision = 30, scale = 12, nullable = false, updatable = false)
    private BigDecimal entryPrice;

    @Column(name = "OPENED_AT", nullable = false, updatable = false)
    private Instant openedAt;

    @Column(name = "OPEN_TRADE_ID", length = 40, nullable = false, updatable = false)
    private String openTradeId;

    protected Holding() {
    }

    protected Holding(String id, String agentId, Token token, BigDecimal quantity, BigDecimal costUsdt,
            BigDecimal entryPrice, Instant openedAt, String openTradeId) {
        this.id = Objects.requireNonNull(id);
        this.agentId = Objects.requireNonNull(agentId);
        this.token = Objects.requireNonNull(token);
        this.quantity = quantity;
        this.costUsdt = costUsdt;
        this.entryPrice = entryPrice;
        this.openedAt = Objects.requireNonNull(openedAt);
        this.openTradeId = Objects.requireNonNull(openTradeId);
    }

    public String id() {
        return id;
    }

    public String agentId() {
        return agentId;
    }

    public Token token() {
        return token;
    }

    public BigDecimal quantity() {
        return quantity;
    }

    public BigDecimal costUsdt() {
        return costUsdt;
    }

    public BigDecimal entryPrice() {
        return entryPrice;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public String openTradeId() {
        return openTradeId;
    }
}
