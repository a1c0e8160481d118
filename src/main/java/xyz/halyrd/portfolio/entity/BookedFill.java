package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * What an agent's {@link Trade} and a backtest's fill share: when, which token, which side, its notional, price,
 * quantity and fees, and — for a sell that closes a position — the pnl it realised after the fees of both legs.
 * Mapped, not an entity of its own: each kind keeps its table.
 */
@MappedSuperclass
public abstract class BookedFill {

    @Column(name = "TS", nullable = false, updatable = false)
    private Instant ts;

    @Enumerated(EnumType.STRING)
    @Column(name = "TOKEN", length = 16, nullable = false, updatable = false)
    private Token token;

    @Enumerated(EnumType.STRING)
    @Column(name = "SIDE", length = 8, nullable = false, updatable = false)
    private Side side;

    @Column(name = "SIZE_USDT", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal sizeUsdt;

    @Column(name = "PRICE", precision = 30, scale = 12, nullable = false, updatable = false)
    private BigDecimal price;

    @Column(name = "QUANTITY", precision = 30, scale = 12, nullable = false, updatable = false)
    private BigDecimal quantity;

    @Column(name = "FEES_USDT", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal feesUsdt;

    @Column(name = "PNL_USDT", precision = 24, scale = 8, updatable = false)
    private BigDecimal pnlUsdt;

    protected BookedFill() {
    }

    protected BookedFill(Instant ts, Token token, Side side, BigDecimal sizeUsdt, BigDecimal price, BigDecimal quantity,
            BigDecimal feesUsdt, BigDecimal pnlUsdt) {
        this.ts = Objects.requireNonNull(ts);
        this.token = Objects.requireNonNull(token);
        this.side = Objects.requireNonNull(side);
        this.sizeUsdt = sizeUsdt;
        this.price = price;
        this.quantity = quantity;
        this.feesUsdt = feesUsdt;
        this.pnlUsdt = pnlUsdt;
    }

    public Instant ts() {
        return ts;
    }

    public Token token() {
        return token;
    }

    public Side side() {
        return side;
    }

    public BigDecimal sizeUsdt() {
        return sizeUsdt;
    }

    public BigDecimal price() {
        return price;
    }

    public BigDecimal quantity() {
        return quantity;
    }

    public BigDecimal feesUsdt() {
        return feesUsdt;
    }

    /** Null for a buy that opens a position. */
    public BigDecimal pnlUsdt() {
        return pnlUsdt;
    }
}
