package xyz.halyrd.backtest.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.BookedFill;

/**
 * One paper fill of a backtest, in the order the replay made them: a buy opening a position or a sell closing it
 * with the pnl it realised after the fees of both legs. Written once, with the run's result.
 */
@Entity
@Table(name = "BACKTEST_TRADE", indexes = @Index(name = "BACKTEST_TRADE_RUN", columnList = "BACKTEST_ID, SEQ"))
@NamedQuery(name = BacktestTrade.PAGE, query = "SELECT t FROM BacktestTrade t WHERE t.backtestId = :backtest"
        + " AND t.seq > :after ORDER BY t.seq")
public class BacktestTrade extends BookedFill {

    public static final String PAGE = "BacktestTrade.page";

    @Id
    @Column(name = "ID", length = 60, updatable = false)
    private String id;

    @Column(name = "BACKTEST_ID", length = 40, nullable = false, updatable = false)
    private String backtestId;

    @Column(name = "SEQ", nullable = false, updatable = false)
    private long seq;

    @Column(name = "REASON", length = 1000, updatable = false)
    private String reason;

    protected BacktestTrade() {
    }

    public BacktestTrade(String backtestId, long seq, Instant ts, Token token, Side side, BigDecimal sizeUsdt,
            BigDecimal price, BigDecimal quantity, BigDecimal feesUsdt, BigDecimal pnlUsdt, String reason) {
        super(ts, token, side, sizeUsdt, price, quantity, feesUsdt, pnlUsdt);
        this.id = backtestId + "-" + seq;
        this.backtestId = backtestId;
        this.seq = seq;
        this.reason = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
    }

    public long seq() {
        return seq;
    }

    public String reason() {
        return reason;
    }
}
