package xyz.halyrd.stream.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;

/** {@code snapshot}: a new equity snapshot; drawdowns are fractions (0.012 = 1.2 %). */
@JsonbPropertyOrder({"event", "ts", "equity", "phase", "ddFromPeak", "dailyDdUsed"})
public record SnapshotEvent(String event, Instant ts, BigDecimal equity, String phase, BigDecimal ddFromPeak, BigDecimal dailyDdUsed) implements StreamEvent {

    public static final String NAME = "snapshot";

    public SnapshotEvent {
        StreamEvent.require(NAME, event);
    }

    public SnapshotEvent(Instant ts, BigDecimal equity, String phase, BigDecimal ddFromPeak, BigDecimal dailyDdUsed) {
        this(NAME, ts, equity, phase, ddFromPeak, dailyDdUsed);
    }
}
