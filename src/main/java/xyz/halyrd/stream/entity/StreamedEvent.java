package xyz.halyrd.stream.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.Objects;

/**
 * One message of the stream as it went out, kept so that a client can resume from where it left off: its
 * {@code seq}, which every node hands out from one counter in the database at the commit of the transaction that
 * wrote the fact ({@link StreamSequence}), so seqs rise in commit order without a gap; and the message itself, the
 * JSON every client receives, {@code seq} included.
 */
@Entity
@Table(name = "STREAM_EVENT")
@NamedQuery(name = StreamedEvent.AFTER, query = "SELECT e FROM StreamedEvent e WHERE e.seq > :after AND e.seq <= :upTo"
        + " ORDER BY e.seq")
@NamedQuery(name = StreamedEvent.OLDEST, query = "SELECT MIN(e.seq) FROM StreamedEvent e")
@NamedQuery(name = StreamedEvent.PRUNE, query = "DELETE FROM StreamedEvent e WHERE e.seq <= :upTo")
public class StreamedEvent {

    public static final String AFTER = "StreamedEvent.after";
    public static final String OLDEST = "StreamedEvent.oldest";
    public static final String PRUNE = "StreamedEvent.prune";

    @Id
    @Column(name = "SEQ", updatable = false)
    private long seq;

    /** The whole message; a CLOB, since a journal entry's body alone may have 16 000 characters before escaping. */
    @Lob
    @Column(name = "MESSAGE", nullable = false, updatable = false)
    private String message;

    protected StreamedEvent() {
    }

    /** The message {@code json} (a JSON object, as serialized) numbered {@code seq}: the seq becomes its last member. */
    public static StreamedEvent numbered(long seq, String json) {
        String object = Objects.requireNonNull(json, "json").strip();
        if (seq < 1 || !object.startsWith("{") || !object.endsWith("}")) {
            throw new IllegalArgumentException("a positive seq and a JSON object are needed, got " + seq);
        }
        StreamedEvent event = new StreamedEvent();
        event.seq = seq;
        event.message = object.substring(0, object.length() - 1) + (object.length() > 2 ? "," : "") + "\"seq\":" + seq
                + "}";
        return event;
    }

    public long seq() {
        return seq;
    }

    public String message() {
        return message;
    }
}
