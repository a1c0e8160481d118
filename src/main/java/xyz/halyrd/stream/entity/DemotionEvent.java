package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** {@code demotion}: the agent left LIVE after a breach; scope is daily or max, relock_until may be null. */
@JsonbPropertyOrder({"event", "ts", "rule", "scope", "relockUntil"})
public record DemotionEvent(String event, Instant ts, String rule, String scope, Instant relockUntil) implements StreamEvent {

    public static final String NAME = "demotion";

    public DemotionEvent {
        StreamEvent.require(NAME, event);
    }

    public DemotionEvent(Instant ts, String rule, String scope, Instant relockUntil) {
        this(NAME, ts, rule, scope, relockUntil);
    }
}
