package xyz.halyrd.backtest.entity;

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
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * One paper fill of a backtest, in the order the replay made them: a buy opening a position or a sell closing it
 * with the pnl it realised after the fees of both legs. Written once, with the run's result.
 */
@Entity
@Table(name = "BACKTEST_TRADE", indexes = @Index(name = "BACKTEST_TRADE_RUN", columnList = "BACKTEST_ID, SEQ"))
@NamedQuery(name = BacktestTrade.PAGE, query = "SELECT t FROM BacktestTrade t WHERE t.backtestId = :backtest"
        + " AND t.seq > :after ORDER BY t.seq")
public class BacktestTrade {

    public static final String PAGE = "BacktestTrade.page";

    @Id
    @Column(name = "ID", length = 60, updatable = false)
    private String id;

    @Column(name = "BACKTEST_ID", length = 40, nullable = false, updatable = false)
    private String backtestId;

    @Column(name = "SEQ", nullable = false, updatable = false)
    private long seq;

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

    @Column(name = "REASON", length = 1000, updatable = false)
    private String reason;

    protected BacktestTrade() {
    }

    public BacktestTrade(String backtestId, long seq, Instant ts, Token token, Side side, BigDecimal sizeUsdt,
            BigDecimal price, BigDecimal quantity, BigDecimal feesUsdt, BigDecimal pnlUsdt, String reason) {
        this.id = backtestId + "-" + seq;
        this.backtestId = backtestId;
        this.seq = seq;
        this.ts = ts;
        this.token = token;
        this.side = side;
        this.sizeUsdt = sizeUsdt;
        this.price = price;
        this.quantity = quantity;
        this.feesUsdt = feesUsdt;
        this.pnlUsdt = pnlUsdt;
        this.reason = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
    }

    public long seq() {
        return seq;
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

    public BigDecimal pnlUsdt() {
        return pnlUsdt;
    }

    public String reason() {
        return reason;
    }
}
