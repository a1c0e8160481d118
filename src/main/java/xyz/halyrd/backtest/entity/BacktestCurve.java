package xyz.halyrd.backtest.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A done backtest's equity curve, kept as one row: at most {@link #MAX_POINTS} points (a long run keeps every n-th
 * step and its last), written once with the run's result and read a page at a time. One row rather than a row a
 * point: a run's curve is written and read whole, and two thousand rows took a fifth of a second to write, as long
 * as a year's replay itself.
 *
 * <p>The points are text, a line each: the time (ISO-8601) and the equity (plain decimal), separated by a space.
 */
@Entity
@Table(name = "BACKTEST_CURVE")
public class BacktestCurve {

    /** The most points a curve keeps; the metrics see every step. */
    public static final int MAX_POINTS = 2_000;
    /** Room for {@link #MAX_POINTS} lines of a time (up to 30 characters) and an equity (up to 40). */
    private static final int MAX_CHARS = MAX_POINTS * 72;

    @Id
    @Column(name = "BACKTEST_ID", length = 40, updatable = false)
    private String backtestId;

    @Lob
    @Column(name = "POINTS", length = MAX_CHARS, nullable = false, updatable = false)
    private String points;

    protected BacktestCurve() {
    }

    /** The curve of run {@code backtestId}: {@code points} in order, numbered 1, 2, … */
    public BacktestCurve(String backtestId, List<BacktestPoint> points) {
        if (points.size() > MAX_POINTS) {
            throw new IllegalArgumentException(points.size() + " points, at most " + MAX_POINTS + " are kept");
        }
        StringBuilder text = new StringBuilder(points.size() * 36);
        for (BacktestPoint point : points) {
            text.append(point.ts()).append(' ').append(point.equity().toPlainString()).append('\n');
        }
        this.backtestId = backtestId;
        this.points = text.toString();
    }

    /** Up to {@code limit} points after the one numbered {@code after} (0: from the first), in order. */
    public List<BacktestPoint> page(long after, int limit) {
        List<BacktestPoint> page = new ArrayList<>(Math.min(limit, MAX_POINTS));
        long seq = 0;
        int line = 0;
        while (line < points.length() && page.size() < limit) {
            int end = points.indexOf('\n', line);
            if (++seq > after) {
                int space = points.indexOf(' ', line);
                page.add(new BacktestPoint(seq, Instant.parse(points.substring(line, space)),
                        new BigDecimal(points.substring(space + 1, end))));
            }
            line = end + 1;
        }
        return page;
    }
}
