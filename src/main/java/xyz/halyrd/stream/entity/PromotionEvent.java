package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** {@code promotion}: the agent went LIVE; carries the hash of its first live transaction. */
@JsonbPropertyOrder({"event", "ts", "firstTxHash"})
public record PromotionEvent(String event, Instant ts, String firstTxHash) implements StreamEvent {

    public static final String NAME = "promotion";

    public PromotionEvent {
        StreamEvent.require(NAME, event);
    }

    public PromotionEvent(Instant ts, String firstTxHash) {
        this(NAME, ts, firstTxHash);
    }
}
