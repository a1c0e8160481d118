package xyz.halyrd.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.platform.WireFormat;
import xyz.halyrd.stream.entity.DemotionEvent;
import xyz.halyrd.stream.entity.JournalEntryEvent;
import xyz.halyrd.stream.entity.PromotionEvent;
import xyz.halyrd.stream.entity.QuoteRejectedEvent;
import xyz.halyrd.stream.entity.RiskVetoEvent;
import xyz.halyrd.stream.entity.SnapshotEvent;
import xyz.halyrd.stream.entity.StatusChangeEvent;
import xyz.halyrd.stream.entity.TradeEvent;
import xyz.halyrd.stream.entity.TwakBlockEvent;

/** The exact JSON of every wire event, as spec/websocket-stream.md shows it. */
class StreamEventJsonTest {

    private static final Instant TS = Instant.parse("2025-06-22T14:00:00Z");

    @Test
    void snapshot() {
        assertEquals("{\"event\":\"snapshot\",\"ts\":\"2025-06-22T14:00:00Z\",\"equity\":1042.50,\"phase\":\"paper\","
                        + "\"dd_from_peak\":0.012,\"daily_dd_used\":0.031}",
                WireFormat.toJson(new SnapshotEvent(TS, new BigDecimal("1042.50"), "paper", new BigDecimal("0.012"),
                        new BigDecimal("0.031"))));
    }

    @Test
    void tradeWithNullPnl() {
        assertEquals("{\"event\":\"trade\",\"ts\":\"2025-06-22T14:00:00Z\",\"pair\":\"ETH/USDT\",\"side\":\"buy\","
                        + "\"size\":100.00,\"price\":3421.50,\"pnl\":null,\"fees\":0.42,\"phase\":\"paper\","
                        + "\"journal_ref\":\"jrn_abc123\"}",
                WireFormat.toJson(new TradeEvent(TS, "ETH/USDT", "buy", new BigDecimal("100.00"),
                        new BigDecimal("3421.50"), null, new BigDecimal("0.42"), "paper", "jrn_abc123")));
    }

    @Test
    void journalEntry() {
        assertEquals("{\"event\":\"journal_entry\",\"ts\":\"2025-06-22T14:00:00Z\",\"id\":\"jrn_1\","
                        + "\"type\":\"EXECUTED\",\"tags\":[\"EXECUTED\",\"ETH\"],\"body\":\"Bought ETH/USDT\"}",
                WireFormat.toJson(new JournalEntryEvent(TS, "jrn_1", "EXECUTED", List.of("EXECUTED", "ETH"),
                        "Bought ETH/USDT")));
    }

    @Test
    void riskVeto() {
        assertEquals("{\"event\":\"risk_veto\",\"ts\":\"2025-06-22T14:00:00Z\",\"rule\":\"daily_drawdown\","
                        + "\"reason\":\"only 1.9% remaining\",\"order_ref\":\"ord_xyz789\"}",
                WireFormat.toJson(new RiskVetoEvent(TS, "daily_drawdown", "only 1.9% remaining", "ord_xyz789")));
    }

    @Test
    void statusChange() {
        assertEquals("{\"event\":\"status_change\",\"ts\":\"2025-06-22T14:00:00Z\",\"from\":\"PAPER\",\"to\":\"ELIGIBLE\"}",
                WireFormat.toJson(new StatusChangeEvent(TS, "PAPER", "ELIGIBLE")));
    }

    @Test
    void twakBlock() {
        assertEquals("{\"event\":\"twak_block\",\"ts\":\"2025-06-22T14:00:00Z\",\"rule\":\"per_trade_cap\","
                        + "\"reason\":\"Order size 520 USDT exceeds per-trade cap of 500 USDT.\",\"order_ref\":\"ord_abc456\"}",
                WireFormat.toJson(new TwakBlockEvent(TS, "per_trade_cap",
                        "Order size 520 USDT exceeds per-trade cap of 500 USDT.", "ord_abc456")));
    }

    @Test
    void quoteRejected() {
        assertEquals("{\"event\":\"quote_rejected\",\"ts\":\"2025-06-22T14:00:00Z\",\"pair\":\"CAKE/USDT\","
                        + "\"reason\":\"divergence\",\"detail\":\"0.82% above reference; threshold 0.75%.\"}",
                WireFormat.toJson(new QuoteRejectedEvent(TS, "CAKE/USDT", "divergence",
                        "0.82% above reference; threshold 0.75%.")));
    }

    @Test
    void promotion() {
        assertEquals("{\"event\":\"promotion\",\"ts\":\"2025-06-22T14:00:00Z\",\"first_tx_hash\":\"0xabc\"}",
                WireFormat.toJson(new PromotionEvent(TS, "0xabc")));
    }

    @Test
    void demotionWithAndWithoutRelock() {
        assertEquals("{\"event\":\"demotion\",\"ts\":\"2025-06-22T14:00:00Z\",\"rule\":\"max_drawdown\","
                        + "\"scope\":\"max\",\"relock_until\":null}",
                WireFormat.toJson(new DemotionEvent(TS, "max_drawdown", "max", null)));
        assertEquals("{\"event\":\"demotion\",\"ts\":\"2025-06-22T14:00:00Z\",\"rule\":\"daily_drawdown\","
                        + "\"scope\":\"daily\",\"relock_until\":\"2025-06-23T00:00:00Z\"}",
                WireFormat.toJson(new DemotionEvent(TS, "daily_drawdown", "daily",
                        Instant.parse("2025-06-23T00:00:00Z"))));
    }

    @Test
    void aRecordCannotClaimAnotherEventName() {
        assertThrows(IllegalArgumentException.class, () -> new PromotionEvent("demotion", TS, "0xabc"));
    }
}
