package xyz.halyrd.stream.entity;

import java.time.Instant;

/**
 * One message of the WebSocket stream. Every message names its {@code event} and carries {@code ts}; each wire
 * event type is one record, whose {@code event} is fixed by its own constructor.
 */
public interface StreamEvent {

    String event();

    Instant ts();

    /** Guards a record's fixed event name, so no record can claim to be another kind of event. */
    static String require(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("event must be '" + expected + "', was '" + actual + "'");
        }
        return actual;
    }
}
