package xyz.halyrd.cycle.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.cycle.control.CycleRun;
import xyz.halyrd.lifecycle.control.Lifecycle;

/**
 * Runs the trading cycle every {@code halyrd.cycle.interval} (unless {@code halyrd.cycle.enabled=false}), then the
 * lifecycle transitions that happen by themselves (eligibility earned or lost, a daily relock run out).
 */
@Startup
@Singleton
@DependsOn("ConfigVersions")
public class TradingCycle {

    @Resource
    TimerService timers;

    @Inject
    CycleRun cycle;

    @Inject
    Lifecycle lifecycle;

    @Inject
    @ConfigProperty(name = "halyrd.cycle.interval", defaultValue = "PT5S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "halyrd.cycle.enabled", defaultValue = "true")
    boolean enabled;

    @PostConstruct
    void schedule() {
        if (enabled) {
            long millis = Math.max(1_000, interval.toMillis());
            timers.createIntervalTimer(millis, millis, new TimerConfig("trading-cycle", false));
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each step commits on its own
    void tick() {
        cycle.run();
        lifecycle.review(Agent.SEED_ID);
    }
}
