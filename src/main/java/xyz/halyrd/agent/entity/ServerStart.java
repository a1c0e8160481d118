package xyz.halyrd.agent.entity;

/**
 * The registry has started: {@code agent} is the seed agent as it stands, {@code agentCreated} whether this start
 * created it, {@code database} the product in use. Fired in the start's transaction, so that components above the
 * agent (the lifecycle journals it) react without the registry calling up to them.
 */
public record ServerStart(Agent agent, boolean agentCreated, String database) {
}
