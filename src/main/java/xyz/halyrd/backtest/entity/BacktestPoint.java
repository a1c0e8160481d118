package xyz.halyrd.backtest.entity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A point of a backtest's equity curve: the equity at the end of a step, numbered from 1 along the curve. */
public record BacktestPoint(long seq, Instant ts, BigDecimal equity) {

    public BacktestPoint {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(equity, "equity");
    }
}
