package xyz.halyrd.agent.entity;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the agent stands in its lifecycle, and which steps lead on from each status:
 * PAPER → ELIGIBLE (earned) → LIVE (a person's decision) → DEMOTED (a breach) → LIVE or PAPER.
 */
public enum AgentStatus {
    /** Forward testing on paper; every evaluation starts here. */
    PAPER,
    /** The running configuration met every objective over its window: a signal, not an action. */
    ELIGIBLE,
    /** Promoted by a person: trades with real funds through the signing layer. */
    LIVE,
    /** A drawdown limit was breached while live: back on paper, live locked for a time or until a person decides. */
    DEMOTED;

    /** The statuses this one may move to; anything else is refused by {@link Agent}. */
    public Set<AgentStatus> next() {
        return switch (this) {
            case PAPER -> EnumSet.of(ELIGIBLE, LIVE); // LIVE only by a forced promotion
            case ELIGIBLE -> EnumSet.of(PAPER, LIVE);
            case LIVE -> EnumSet.of(DEMOTED, PAPER);
            case DEMOTED -> EnumSet.of(LIVE, PAPER);
        };
    }

    public boolean canMoveTo(AgentStatus to) {
        return next().contains(to);
    }

    /** The phase an agent in this status trades in. */
    public Phase phase() {
        return this == LIVE ? Phase.LIVE : Phase.PAPER;
    }
}
