package xyz.halyrd.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.market.entity.QuoteRejection;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.entity.RiskBlock;

/**
 * The default demo, started at many instants — any time of day, any date — tells the same whole story within its
 * first three minutes: a refused quote, an entry, an exit with its pnl and fees, a decision to stand aside (or a
 * veto) with its numbers, and an equity snapshot every simulated hour. In process (no server): the real cycle over
 * the demo's market, on the demo's clock as the timer moves it — one market hour per pass.
 */
class DemoStoryTest {

    /** 36 market hours, one pass each: well inside three minutes (at the default 5400× they take 24 s). */
    private static final int PASSES_IN_THREE_MINUTES = 36;
    private static final Duration PASS = Duration.ofHours(1);

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T00:00:00Z", "2026-11-29T21:00:00Z", "2026-11-30T23:59:00Z",
            "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z", "2028-02-29T12:34:56.789Z", "2027-06-15T06:07:08Z",
            "2026-03-29T01:30:00Z", "2031-09-30T17:45:00Z"})
    void theDemoShowsTheWholeStoryWithinThreeMinutesWhateverTheStartInstant(String at) {
        try (DefaultDemo run = DefaultDemo.begunAt(Instant.parse(at))) {
            InProcessCycle demo = run.cycle();
            for (int pass = 0; pass < PASSES_IN_THREE_MINUTES; pass++) {
                run.nextHour();
            }

            assertFalse(demo.events(QuoteRejection.class).isEmpty(), "a quote refused by the QuoteVerifier");

            List<Trade> trades = demo.events(Trade.class);
            Trade entry = trades.stream().filter(t -> t.side() == Side.BUY).findFirst().orElse(null);
            assertNotNull(entry, "an entry: " + journal(demo));
            Trade exit = trades.stream().filter(t -> t.side() == Side.SELL).findFirst().orElse(null);
            assertNotNull(exit, "an exit: " + journal(demo));
            assertNotNull(exit.pnlUsdt(), "the exit realised its pnl");
            assertTrue(exit.feesUsdt().signum() > 0 && entry.feesUsdt().signum() > 0, "fees on both sides");

            boolean vetoed = !demo.events(RiskBlock.class).isEmpty();
            List<JournalEntry> asides = demo.events(JournalEntry.class).stream()
                    .filter(e -> e.tags().contains("REGIME_FILTER")).toList();
            assertTrue(vetoed || !asides.isEmpty(), "a veto or a decision to stand aside: " + journal(demo));
            asides.forEach(e -> assertTrue(e.body().matches(".*\\d+(\\.\\d+)? ?%.*stand aside at ≥ \\d.*"),
                    "with its numbers: " + e.body()));

            List<EquitySnapshot> snapshots = demo.events(EquitySnapshot.class);
            assertEquals(PASSES_IN_THREE_MINUTES, snapshots.size(), "a snapshot every simulated hour");
            for (int i = 1; i < snapshots.size(); i++) {
                assertEquals(PASS, Duration.between(snapshots.get(i - 1).ts(), snapshots.get(i).ts()));
            }
        }
    }

    private static String journal(InProcessCycle demo) {
        return demo.events(JournalEntry.class).stream().map(e -> e.type() + " " + e.body()).toList().toString();
    }
}
