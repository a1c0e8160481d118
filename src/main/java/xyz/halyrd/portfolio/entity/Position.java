package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.control.PaperFills;

/**
 * An open spot position: how much of a token the agent holds and what it cost, fees included. Removed when
 * closed; its whole history lives in the two trades that opened and closed it.
 */
@Entity
// A unique index, not a unique constraint: create-or-extend re-adds a constraint on every start, which Derby refuses
// with a SEVERE log line, while an index that exists is left alone.
@Table(name = "OPEN_POSITION", indexes = @Index(name = "POSITION_ONE_PER_TOKEN", columnList = "AGENT_ID, TOKEN",
        unique = true))
@NamedQuery(name = Position.OF_AGENT, query = "SELECT p FROM Position p WHERE p.agentId = :agent ORDER BY p.openedAt")
public class Position {

    public static final String OF_AGENT = "Position.ofAgent";

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

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    @Enumerated(EnumType.STRING)
    @Column(name = "PHASE", length = 16, nullable = false, updatable = false)
    private Phase phase;

    protected Position() {
    }

    /** The position a buy opened: the whole spend is its cost, so a later sell's pnl is net of both sides' fees. */
    public static Position opened(String id, String agentId, Token token, PaperFills.Fill buy, Instant at,
            String openTradeId, String configVersionId, Phase phase) {
        Position position = new Position();
        position.id = Objects.requireNonNull(id);
        position.agentId = Objects.requireNonNull(agentId);
        position.token = Objects.requireNonNull(token);
        position.quantity = buy.quantity();
        position.costUsdt = buy.cashDeltaUsdt().negate();
        position.entryPrice = buy.price();
        position.openedAt = Objects.requireNonNull(at);
        position.openTradeId = Objects.requireNonNull(openTradeId);
        position.configVersionId = configVersionId;
        position.phase = Objects.requireNonNull(phase);
        return position;
    }

    /** What the position is worth at {@code mid}, before exit costs. */
    public BigDecimal valueAt(BigDecimal mid) {
        return quantity.multiply(mid).setScale(PaperFills.USDT_SCALE, java.math.RoundingMode.HALF_EVEN);
    }

    /** The realised pnl of selling the whole position with {@code sell}: proceeds after fees less the cost. */
    public BigDecimal pnlOf(PaperFills.Fill sell) {
        if (sell.quantity().compareTo(quantity) != 0) {
            throw new IllegalArgumentException("a position is closed whole: " + quantity + " " + token + ", not "
                    + sell.quantity());
        }
        return sell.cashDeltaUsdt().subtract(costUsdt);
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

    public String configVersionId() {
        return configVersionId;
    }

    public Phase phase() {
        return phase;
    }
}
