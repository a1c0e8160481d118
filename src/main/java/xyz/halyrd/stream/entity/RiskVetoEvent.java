package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** {@code risk_veto}: the policy layer (risk engine) blocked an order before execution. */
@JsonbPropertyOrder({"event", "ts", "rule", "reason", "orderRef"})
public record RiskVetoEvent(String event, Instant ts, String rule, String reason, String orderRef) implements StreamEvent {

    public static final String NAME = "risk_veto";

    public RiskVetoEvent {
        StreamEvent.require(NAME, event);
    }

    public RiskVetoEvent(Instant ts, String rule, String reason, String orderRef) {
        this(NAME, ts, rule, reason, orderRef);
    }
}
