package xyz.halyrd.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.journal.entity.JournalEntry;

class JournalEntryTest {

    private static final Instant TS = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void tagsKeepTheirOrder() {
        JournalEntry entry = new JournalEntry("jrn_1", TS, "EXECUTED", List.of("EXECUTED", "ETH", "PAPER"),
                "Bought ETH/USDT", null);
        assertEquals(List.of("EXECUTED", "ETH", "PAPER"), entry.tags());
        assertEquals(List.of(), new JournalEntry("jrn_2", TS, "SKIPPED", List.of(), "b", null).tags());
    }

    @Test
    void typeAndTagsMustBeWords() {
        assertThrows(IllegalArgumentException.class, () -> new JournalEntry("jrn_1", TS, "A B", List.of(), "b", null));
        assertThrows(IllegalArgumentException.class, () -> new JournalEntry("jrn_1", TS, "T", List.of("a,b"), "b", null));
        assertThrows(IllegalArgumentException.class, () -> new JournalEntry("jrn_1", TS, "T", List.of(""), "b", null));
        assertThrows(IllegalArgumentException.class,
                () -> new JournalEntry("jrn_1", TS, "T", Collections.nCopies(17, "X"), "b", null));
    }

    @Test
    void bodyIsRequiredAndBounded() {
        assertThrows(IllegalArgumentException.class, () -> new JournalEntry("jrn_1", TS, "T", List.of(), " ", null));
        assertThrows(IllegalArgumentException.class,
                () -> new JournalEntry("jrn_1", TS, "T", List.of(), "x".repeat(JournalEntry.MAX_BODY + 1), null));
        new JournalEntry("jrn_1", TS, "T", List.of(), "x".repeat(JournalEntry.MAX_BODY), null);
    }

    @Test
    void tagPatternMatchesOneWholeTagAndEscapesLikeWildcards() {
        assertEquals("%,RISK!_VETO,%", JournalEntry.tagPattern("RISK_VETO"));
    }
}
