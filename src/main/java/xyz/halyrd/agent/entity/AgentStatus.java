package xyz.halyrd.agent.entity;

/** Where the agent stands in its lifecycle: PAPER → ELIGIBLE → LIVE → DEMOTED. */
public enum AgentStatus {
    PAPER, ELIGIBLE, LIVE, DEMOTED
}
