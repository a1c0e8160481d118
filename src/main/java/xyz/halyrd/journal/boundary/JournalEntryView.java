package xyz.halyrd.journal.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.journal.entity.JournalEntry;

/** A journal entry as the API shows it; {@code actor} and {@code origin} say who asked for it (null: the agent itself). */
@JsonbPropertyOrder({"id", "ts", "type", "tags", "body", "configVersionId", "actor", "origin"})
public record JournalEntryView(String id, Instant ts, String type, List<String> tags, String body,
        String configVersionId, String actor, String origin) {

    public static JournalEntryView of(JournalEntry entry) {
        return new JournalEntryView(entry.id(), entry.ts(), entry.type(), entry.tags(), entry.body(),
                entry.configVersionId(), entry.actor(), entry.origin());
    }
}
