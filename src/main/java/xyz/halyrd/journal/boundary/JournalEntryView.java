package xyz.halyrd.journal.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.journal.entity.JournalEntry;

/** A journal entry as the API shows it. */
@JsonbPropertyOrder({"id", "ts", "type", "tags", "body", "configVersionId"})
public record JournalEntryView(String id, Instant ts, String type, List<String> tags, String body,
        String configVersionId) {

    public static JournalEntryView of(JournalEntry entry) {
        return new JournalEntryView(entry.id(), entry.ts(), entry.type(), entry.tags(), entry.body(),
                entry.configVersionId());
    }
}
