package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;

/** {@code trade}: an executed trade, paper or live; size and fees in USDT, pnl null for an opening trade. */
@JsonbPropertyOrder({"event", "ts", "pair", "side", "size", "price", "pnl", "fees", "phase", "journalRef"})
public record TradeEvent(String event, Instant ts, String pair, String side, BigDecimal size, BigDecimal price, BigDecimal pnl, BigDecimal fees, String phase, String journalRef) implements StreamEvent {

    public static final String NAME = "trade";

    public TradeEvent {
        StreamEvent.require(NAME, event);
    }

    public TradeEvent(Instant ts, String pair, String side, BigDecimal size, BigDecimal price, BigDecimal pnl, BigDecimal fees, String phase, String journalRef) {
        this(NAME, ts, pair, side, size, price, pnl, fees, phase, journalRef);
    }
}
