package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** {@code quote_rejected}: the QuoteVerifier discarded a quote; reason is divergence, stale or liquidity. */
@JsonbPropertyOrder({"event", "ts", "pair", "reason", "detail"})
public record QuoteRejectedEvent(String event, Instant ts, String pair, String reason, String detail) implements StreamEvent {

    public static final String NAME = "quote_rejected";

    public QuoteRejectedEvent {
        StreamEvent.require(NAME, event);
    }

    public QuoteRejectedEvent(Instant ts, String pair, String reason, String detail) {
        this(NAME, ts, pair, reason, detail);
    }
}
