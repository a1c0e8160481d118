package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** {@code journal_entry}: one journal write. {@code id} (beyond the documented fields) lets clients match a trade's {@code journal_ref}. */
@JsonbPropertyOrder({"event", "ts", "id", "type", "tags", "body"})
public record JournalEntryEvent(String event, Instant ts, String id, String type, List<String> tags, String body) implements StreamEvent {

    public static final String NAME = "journal_entry";

    public JournalEntryEvent {
        StreamEvent.require(NAME, event);
    }

    public JournalEntryEvent(Instant ts, String id, String type, List<String> tags, String body) {
        this(NAME, ts, id, type, tags, body);
    }
}
