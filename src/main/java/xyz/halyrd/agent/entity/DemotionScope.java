package xyz.halyrd.agent.entity;

import java.util.Locale;

/** Which limit a live agent breached: the UTC day's drawdown budget or the drawdown from peak. Lower-case on the wire. */
public enum DemotionScope {
    DAILY, MAX;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
