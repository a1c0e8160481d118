package xyz.halyrd.agent.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.platform.SpedUpClock;

/** {@code /health}: live while the heartbeat keeps beating; ready while the database answers. */
public class AgentHealth {

    /** Liveness: the seed agent's heartbeat is no older than three intervals. */
    @Liveness
    @ApplicationScoped
    public static class Heartbeat implements HealthCheck {

        @Inject
        AgentRegistry registry;

        @Inject
        Clock clock;

        @Inject
        @ConfigProperty(name = "halyrd.heartbeat.interval", defaultValue = "PT15S")
        Duration interval;

        @Override
        public HealthCheckResponse call() {
            var builder = HealthCheckResponse.named("heartbeat");
            try {
                Instant last = registry.require(Agent.SEED_ID).lastHeartbeat();
                Duration age = Duration.between(last, clock.instant());
                // the heartbeat's timer runs on the wall clock; its times are the agent's (sped up in the demo)
                Duration allowed = interval.multipliedBy(3 * SpedUpClock.speedOf(clock));
                return builder.status(age.compareTo(allowed) <= 0)
                        .withData("last_heartbeat", last.toString())
                        .build();
            } catch (RuntimeException e) {
                return builder.down().withData("reason", "agent not readable").build();
            }
        }
    }

    /** Readiness: the database answers a query against the agents table. */
    @Readiness
    @ApplicationScoped
    public static class Database implements HealthCheck {

        @Inject
        AgentRegistry registry;

        @Override
        public HealthCheckResponse call() {
            var builder = HealthCheckResponse.named("database");
            try {
                return builder.up().withData("agents", registry.all().size())
                        .withData("product", registry.database()).build();
            } catch (RuntimeException e) {
                return builder.down().withData("reason", "database not reachable").build();
            }
        }
    }
}
