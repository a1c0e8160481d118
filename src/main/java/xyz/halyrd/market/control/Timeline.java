package xyz.halyrd.market.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Published values each in force from its time until the next one — a daily index, funding rates — read as "the
 * latest at or before a moment", and not at all once that is older than {@link #STALE_AFTER}: a gap in the data is
 * unknown, not the last value carried on. Not thread-safe; its owner guards it.
 */
final class Timeline {

    /** How old the latest value may be and still answer. */
    static final Duration STALE_AFTER = Duration.ofDays(2);

    private final TreeMap<Instant, BigDecimal> values = new TreeMap<>();

    void put(Instant from, BigDecimal value) {
        values.put(from, value);
    }

    void putAll(Map<Instant, BigDecimal> more) {
        values.putAll(more);
    }

    /** The value in force at {@code at}, empty when none is or it is stale. */
    OptionalDouble at(Instant at) {
        Map.Entry<Instant, BigDecimal> latest = values.floorEntry(at);
        if (latest == null || latest.getKey().isBefore(at.minus(STALE_AFTER))) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(latest.getValue().doubleValue());
    }

    /** When the newest value took effect; {@link Instant#MIN} when there is none. */
    Instant newest() {
        return values.isEmpty() ? Instant.MIN : values.lastKey();
    }

    int size() {
        return values.size();
    }
}
