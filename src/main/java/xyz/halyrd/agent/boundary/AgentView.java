package xyz.halyrd.agent.boundary;

import java.time.Instant;
import xyz.halyrd.agent.entity.Agent;

/** An agent as the API shows it. */
public record AgentView(String id, String name, String status, String phase, String marketMode,
        Instant lastHeartbeat) {

    public static AgentView of(Agent agent) {
        return new AgentView(agent.id(), agent.name(), agent.status().name(), agent.phase().wire(),
                agent.marketMode(), agent.lastHeartbeat());
    }
}
