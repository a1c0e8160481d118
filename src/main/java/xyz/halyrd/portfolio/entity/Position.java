package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.market.entity.Token;

/**
 * An open spot position: how much of a token the agent holds and what it cost, fees included. Removed when
 * closed; its whole history lives in the two trades that opened and closed it.
 */
@Entity
// A unique index, not a unique constraint: create-or-extend re-adds a constraint on every start, which Derby refuses
// with a SEVERE log line, while an index that exists is left alone.
@Table(name = "OPEN_POSITION", indexes = @Index(name = "POSITION_ONE_PER_TOKEN", columnList = "AGENT_ID, TOKEN",
        unique = true))
// Unordered: a handful of rows, read on every turn, and an ORDER BY costs Derby a sort (with a message-bundle lookup)
// each time; the reader orders them (OPENED_FIRST).
@NamedQuery(name = Position.OF_AGENT, query = "SELECT p FROM Position p WHERE p.agentId = :agent")
public class Position extends Holding {

    public static final String OF_AGENT = "Position.ofAgent";

    /** Oldest first; two opened at the same instant in id order. */
    public static final Comparator<Position> OPENED_FIRST = Comparator.comparing(Position::openedAt)
            .thenComparing(Position::id);

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    @Enumerated(EnumType.STRING)
    @Column(name = "PHASE", length = 16, nullable = false, updatable = false)
    private Phase phase;

    protected Position() {
    }

    private Position(String id, String agentId, Token token, BigDecimal quantity, BigDecimal costUsdt,
            BigDecimal entryPrice, Instant at, String openTradeId) {
        super(id, agentId, token, quantity, costUsdt, entryPrice, at, openTradeId);
    }

    /** The position a buy opened: the whole spend is its cost, so a later sell's pnl is net of both sides' fees. */
    public static Position opened(String id, String agentId, Token token, PaperFills.Fill buy, Instant at,
            String openTradeId, String configVersionId, Phase phase) {
        Position position = new Position(id, agentId, token, buy.quantity(), buy.cashDeltaUsdt().negate(), buy.price(),
                at, openTradeId);
        position.configVersionId = configVersionId;
        position.phase = Objects.requireNonNull(phase);
        return position;
    }

    /** What the position is worth at {@code mid}, before exit costs. */
    public BigDecimal valueAt(BigDecimal mid) {
        return quantity().multiply(mid).setScale(PaperFills.USDT_SCALE, java.math.RoundingMode.HALF_EVEN);
    }

    /** The realised pnl of selling the whole position with {@code sell}: proceeds after fees less the cost. */
    public BigDecimal pnlOf(PaperFills.Fill sell) {
        if (sell.quantity().compareTo(quantity()) != 0) {
            throw new IllegalArgumentException("a position is closed whole: " + quantity() + " " + token() + ", not "
                    + sell.quantity());
        }
        return sell.cashDeltaUsdt().subtract(costUsdt());
    }

    public String configVersionId() {
        return configVersionId;
    }

    public Phase phase() {
        return phase;
    }
}
