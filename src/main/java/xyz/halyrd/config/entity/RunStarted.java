package xyz.halyrd.config.entity;

import xyz.halyrd.agent.entity.Agent;

/**
 * A new config version has started a run for {@code agent} (a change, or a restart after a breach, a demotion or
 * the kill switch): its evaluation begins from nothing. Fired in the change's transaction, with the agent's row
 * locked, so the lifecycle drops eligibility in that same transaction, without config calling up to it.
 */
public record RunStarted(Agent agent, ConfigVersion version) {
}
