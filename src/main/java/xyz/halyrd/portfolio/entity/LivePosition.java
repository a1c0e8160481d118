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
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import xyz.halyrd.market.entity.Token;

/**
 * A token the agent holds in its real wallet, bought by a live swap: kept apart from the paper positions (the paper
 * loop runs on while live), in the token's on-chain units exactly as the swap's receipt paid them, with what it
 * cost in USDT, gas included. Removed when a live swap sells it.
 */
@Entity
// a unique index, not a constraint: see Position (create-or-extend re-adds constraints on every start)
@Table(name = "LIVE_POSITION", indexes = @Index(name = "LIVE_POSITION_ONE_PER_TOKEN", columnList = "AGENT_ID, TOKEN",
        unique = true))
@NamedQuery(name = LivePosition.OF_AGENT,
        query = "SELECT p FROM LivePosition p WHERE p.agentId = :agent ORDER BY p.openedAt")
public class LivePosition {

    public static final String OF_AGENT = "LivePosition.ofAgent";

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "TOKEN", length = 16, nullable = false, updatable = false)
    private Token token;

    /** On-chain units, as a decimal string: exact for any uint256. */
    @Column(name = "UNITS", length = 80, nullable = false, updatable = false)
    private String units;

    @Column(name = "QUANTITY", precision = 31, scale = 18, nullable = false, updatable = false)
    private BigDecimal quantity;

    @Column(name = "COST_USDT", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal costUsdt;

    @Column(name = "ENTRY_PRICE", precision = 30, scale = 12, nullable = false, updatable = false)
    private BigDecimal entryPrice;

    @Column(name = "OPENED_AT", nullable = false, updatable = false)
    private Instant openedAt;

    @Column(name = "OPEN_TRADE_ID", length = 40, nullable = false, updatable = false)
    private String openTradeId;

    @Column(name = "OPEN_TX_HASH", length = 66, nullable = false, updatable = false)
    private String openTxHash;

    protected LivePosition() {
    }

    public static LivePosition opened(String id, String agentId, Token token, BigInteger units, BigDecimal quantity,
            BigDecimal costUsdt, BigDecimal entryPrice, Instant at, String openTradeId, String openTxHash) {
        if (units.signum() <= 0) {
            throw new IllegalArgumentException("a live position holds a positive amount, not " + units);
        }
        LivePosition position = new LivePosition();
        position.id = Objects.requireNonNull(id);
        position.agentId = Objects.requireNonNull(agentId);
        position.token = Objects.requireNonNull(token);
        position.units = units.toString();
        position.quantity = quantity;
        position.costUsdt = costUsdt;
        position.entryPrice = entryPrice;
        position.openedAt = Objects.requireNonNull(at);
        position.openTradeId = Objects.requireNonNull(openTradeId);
        position.openTxHash = Objects.requireNonNull(openTxHash);
        return position;
    }

    public String id() {
        return id;
    }

    public Token token() {
        return token;
    }

    public BigInteger units() {
        return new BigInteger(units);
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

    public String openTxHash() {
        return openTxHash;
    }
}
