package xyz.halyrd.stream.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The stream's counter, one row: the last {@code seq} handed out. A transaction takes the next seq as it commits,
 * holding the row's lock until its commit, so the messages of two transactions are numbered in the order they
 * commit, and a transaction that rolls back takes its seqs back with it: no gap, no seq out of order.
 */
@Entity
@Table(name = "STREAM_SEQUENCE")
public class StreamSequence {

    public static final String ID = "stream";

    @Id
    @Column(name = "ID", length = 16, updatable = false)
    private String id;

    @Column(name = "LAST_SEQ", nullable = false)
    private long last;

    protected StreamSequence() {
    }

    /** The counter before any message: the first seq is 1. */
    public static StreamSequence fresh() {
        StreamSequence sequence = new StreamSequence();
        sequence.id = ID;
        sequence.last = 0;
        return sequence;
    }

    /** Hands out the next seq. */
    public long next() {
        return ++last;
    }

    public long last() {
        return last;
    }
}
