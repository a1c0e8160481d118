package xyz.halyrd.agent.entity;

/** How fills happen: simulated ({@code paper}) or real swaps ({@code live}). Lower-case on the wire. */
public enum Phase {
    PAPER, LIVE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
