package xyz.halyrd.cycle.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.cycle.control.CycleRun;

/** Runs the trading cycle every {@code halyrd.cycle.interval} (unless {@code halyrd.cycle.enabled=false}). */
@Startup
@Singleton
@DependsOn("ConfigVersions")
public class TradingCycle {

    @Resource
    TimerService timers;

    @Inject
    CycleRun cycle;

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
    void tick() {
        cycle.run();
    }
}
