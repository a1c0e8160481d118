package xyz.halyrd.backtest.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A point of a backtest's equity curve: the equity at the end of a step, kept for at most a few thousand steps
 * of a run (a long run keeps every n-th step and its last). Written once, with the run's result.
 */
@Entity
@Table(name = "BACKTEST_POINT", indexes = @Index(name = "BACKTEST_POINT_RUN", columnList = "BACKTEST_ID, SEQ"))
@NamedQuery(name = BacktestPoint.PAGE, query = "SELECT p FROM BacktestPoint p WHERE p.backtestId = :backtest"
        + " AND p.seq > :after ORDER BY p.seq")
public class BacktestPoint {

    public static final String PAGE = "BacktestPoint.page";

    @Id
    @Column(name = "ID", length = 60, updatable = false)
    private String id;

    @Column(name = "BACKTEST_ID", length = 40, nullable = false, updatable = false)
    private String backtestId;

    @Column(name = "SEQ", nullable = false, updatable = false)
    private long seq;

    @Column(name = "TS", nullable = false, updatable = false)
    private Instant ts;

    @Column(name = "EQUITY", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal equity;

    protected BacktestPoint() {
    }

    public BacktestPoint(String backtestId, long seq, Instant ts, BigDecimal equity) {
        this.id = backtestId + "-" + seq;
        this.backtestId = backtestId;
        this.seq = seq;
        this.ts = ts;
        this.equity = equity;
    }

    public long seq() {
        return seq;
    }

    public Instant ts() {
        return ts;
    }

    public BigDecimal equity() {
        return equity;
    }
}
