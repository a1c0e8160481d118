package xyz.halyrd.market.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A token's last closes, oldest first, as the indicators read them: statistics in {@code double}, not money.
 * Immutable: a stretch of an array that nobody writes again, so a reader that remembers closes from bar to bar
 * hands out its window without a copy (a backtest reads one for every token on every bar).
 */
public final class Closes {

    private static final Closes NONE = new Closes(new double[0], 0, 0);

    private final double[] values;
    private final int from;
    private final int to;

    private Closes(double[] values, int from, int to) {
        this.values = values;
        this.from = from;
        this.to = to;
    }

    /** These closes (copied). */
    public static Closes of(double... values) {
        return values.length == 0 ? NONE : new Closes(values.clone(), 0, values.length);
    }

    /** The closes of {@code bars}, oldest first. */
    public static Closes of(List<Candle> bars) {
        double[] values = new double[bars.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bars.get(i).close().doubleValue();
        }
        return values.length == 0 ? NONE : new Closes(values, 0, values.length);
    }

    /**
     * {@code values[from]} to {@code values[to - 1]}, not copied: the caller never writes them again (it may go on
     * writing after {@code to}).
     */
    public static Closes view(double[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, values.length);
        return new Closes(values, from, to);
    }

    public int size() {
        return to - from;
    }

    /** The close at {@code index}, 0 being the oldest. */
    public double get(int index) {
        Objects.checkIndex(index, to - from);
        return values[from + index];
    }

    /** The newest close; 0 when there is none. */
    public double last() {
        return to == from ? 0 : values[to - 1];
    }

    /**
     * The sum of the newest {@code count} closes (at most {@link #size()}): in four running sums, the k-th close
     * counted from the oldest of them going to sum k mod 4, added in the order (s0 + s1) + (s2 + s3). A fixed order,
     * so the same closes give the same sum to the last bit wherever they come from (a trading pass and a backtest
     * read the same value); four sums, because one running sum waits for each add before the next (a backtest asks
     * this for every token on every bar).
     */
    public double sumOfLast(int count) {
        Objects.checkFromToIndex(0, count, to - from);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = to - count;
        for (; i + 3 < to; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        if (i < to) {
            s0 += values[i];
        }
        if (i + 1 < to) {
            s1 += values[i + 1];
        }
        if (i + 2 < to) {
            s2 += values[i + 2];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public double[] toArray() {
        return Arrays.copyOfRange(values, from, to);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Closes that && Arrays.equals(values, from, to, that.values, that.from, that.to);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + Double.hashCode(values[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Closes" + Arrays.toString(toArray());
    }
}
