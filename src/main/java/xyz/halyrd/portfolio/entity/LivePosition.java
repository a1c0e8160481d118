package xyz.halyrd.portfolio.entity;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
// exact on-chain decimals: 18 places, where a paper quantity keeps 12
@AttributeOverride(name = "quantity", column = @Column(name = "QUANTITY", precision = 31, scale = 18, nullable = false,
        updatable = false))
// a unique index, not a constraint: see Position (create-or-extend re-adds constraints on every start)
@Table(name = "LIVE_POSITION", indexes = @Index(name = "LIVE_POSITION_ONE_PER_TOKEN", columnList = "AGENT_ID, TOKEN",
        unique = true))
@NamedQuery(name = LivePosition.OF_AGENT,
        query = "SELECT p FROM LivePosition p WHERE p.agentId = :agent ORDER BY p.openedAt")
public class LivePosition extends Holding {

    public static final String OF_AGENT = "LivePosition.ofAgent";

    /** On-chain units, as a decimal string: exact for any uint256. */
    @Column(name = "UNITS", length = 80, nullable = false, updatable = false)
    private String units;

    @Column(name = "OPEN_TX_HASH", length = 66, nullable = false, updatable = false)
    private String openTxHash;

    protected LivePosition() {
    }

    private LivePosition(String id, String agentId, Token token, BigDecimal quantity, BigDecimal costUsdt,
            BigDecimal entryPrice, Instant at, String openTradeId) {
        super(id, agentId, token, quantity, costUsdt, entryPrice, at, openTradeId);
    }

    public static LivePosition opened(String id, String agentId, Token token, BigInteger units, BigDecimal quantity,
            BigDecimal costUsdt, BigDecimal entryPrice, Instant at, String openTradeId, String openTxHash) {
        if (units.signum() <= 0) {
            throw new IllegalArgumentException("a live position holds a positive amount, not " + units);
        }
        LivePosition position = new LivePosition(id, agentId, token, quantity, costUsdt, entryPrice, at, openTradeId);
        position.units = units.toString();
        position.openTxHash = Objects.requireNonNull(openTxHash);
        return position;
    }

    public BigInteger units() {
        return new BigInteger(units);
    }

    public String openTxHash() {
        return openTxHash;
    }
}
