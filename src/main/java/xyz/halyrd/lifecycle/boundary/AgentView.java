package xyz.halyrd.lifecycle.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import xyz.halyrd.agent.entity.Agent;

/**
 * An agent as the API shows it: the documented fields, and while DEMOTED the breach that locks live ({@code demotion},
 * null otherwise) so a client can say why and until when.
 */
@JsonbPropertyOrder({"id", "name", "status", "phase", "marketMode", "lastHeartbeat", "demotion"})
public record AgentView(String id, String name, String status, String phase, String marketMode,
        Instant lastHeartbeat, Demotion demotion) {

    /** The rule breached, its scope ({@code daily}|{@code max}) and when live resumes by itself (null: never). */
    @JsonbPropertyOrder({"rule", "scope", "relockUntil"})
    public record Demotion(String rule, String scope, Instant relockUntil) {
    }

    public static AgentView of(Agent agent) {
        Demotion demotion = agent.demotionRule() == null ? null
                : new Demotion(agent.demotionRule(), agent.demotionScope().wire(), agent.relockUntil());
        return new AgentView(agent.id(), agent.name(), agent.status().name(), agent.phase().wire(),
                agent.marketMode(), agent.lastHeartbeat(), demotion);
    }
}
