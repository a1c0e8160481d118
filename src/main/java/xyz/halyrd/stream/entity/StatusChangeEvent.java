package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** {@code status_change}: a lifecycle transition, e.g. PAPER to ELIGIBLE. */
@JsonbPropertyOrder({"event", "ts", "from", "to"})
public record StatusChangeEvent(String event, Instant ts, String from, String to) implements StreamEvent {

    public static final String NAME = "status_change";

    public StatusChangeEvent {
        StreamEvent.require(NAME, event);
    }

    public StatusChangeEvent(Instant ts, String from, String to) {
        this(NAME, ts, from, to);
    }
}
