package xyz.halyrd.agent.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import xyz.halyrd.agent.entity.Agent;

/** An agent as the API shows it. */
@JsonbPropertyOrder({"id", "name", "status", "phase", "marketMode", "lastHeartbeat"})
public record AgentView(String id, String name, String status, String phase, String marketMode,
        Instant lastHeartbeat) {

    public static AgentView of(Agent agent) {
        return new AgentView(agent.id(), agent.name(), agent.status().name(), agent.phase().wire(),
                agent.marketMode(), agent.lastHeartbeat());
    }
}
