package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** {@code twak_block}: the signing layer (physics) refused a transaction the policy layer had approved. */
@JsonbPropertyOrder({"event", "ts", "rule", "reason", "orderRef"})
public record TwakBlockEvent(String event, Instant ts, String rule, String reason, String orderRef) implements StreamEvent {

    public static final String NAME = "twak_block";

    public TwakBlockEvent {
        StreamEvent.require(NAME, event);
    }

    public TwakBlockEvent(Instant ts, String rule, String reason, String orderRef) {
        this(NAME, ts, rule, reason, orderRef);
    }
}
