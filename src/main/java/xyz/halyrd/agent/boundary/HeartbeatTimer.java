package xyz.halyrd.agent.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.agent.control.AgentRegistry;

/** Beats the agent's heartbeat every {@code halyrd.heartbeat.interval}; the timer lives only as long as the process. */
@Startup
@Singleton
public class HeartbeatTimer {

    @Resource
    TimerService timers;

    @Inject
    AgentRegistry registry;

    @Inject
    @ConfigProperty(name = "halyrd.heartbeat.interval", defaultValue = "PT15S")
    Duration interval;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1_000, interval.toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig("heartbeat", false));
    }

    @Timeout
    void beat() {
        registry.heartbeat();
    }
}
