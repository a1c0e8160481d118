package xyz.halyrd.config.entity;

import java.util.Locale;

/** How a config run ended, or {@code running} while it is the current one. Lower-case on the wire. */
public enum Outcome {
    RUNNING, SUPERSEDED, DEMOTED, KILLED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
