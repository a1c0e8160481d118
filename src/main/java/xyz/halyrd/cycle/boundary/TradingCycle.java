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
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.cycle.control.CycleRun;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.platform.SpedUpClock;

/**
 * Runs the trading cycle every {@code halyrd.cycle.interval} — by default once per candle of the demo's market time,
 * every 5 s on a real market — (unless {@code halyrd.cycle.enabled=false}), then the
 * lifecycle transitions that happen by themselves (eligibility earned or lost, a daily relock run out) — on the node
 * that holds the trading lease only.
 */
@Startup
@Singleton
@DependsOn({"ConfigVersions", "LeaseTimer"}) // the lease is taken before the first pass
public class TradingCycle {

    @Resource
    TimerService timers;

    @Inject
    CycleRun cycle;

    @Inject
    Lifecycle lifecycle;

    /** Unset: a pass per candle in the demo (a market hour, whatever the speed), every 5 s on a real market. */
    @Inject
    @ConfigProperty(name = "halyrd.cycle.interval")
    Optional<Duration> interval;

    @Inject
    @ConfigProperty(name = "halyrd.cycle.resolution", defaultValue = "PT1H")
    Duration resolution;

    @Inject
    @ConfigProperty(name = "halyrd.cycle.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    Clock clock;

    @PostConstruct
    void schedule() {
        if (enabled) {
            long millis = every().toMillis();
            timers.createIntervalTimer(millis, millis, new TimerConfig("trading-cycle", false));
        }
    }

    /** The wall time between two passes: as configured (at least a second), or the default for this clock. */
    Duration every() {
        if (interval.isPresent()) {
            return interval.get().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval.get();
        }
        long speed = SpedUpClock.speedOf(clock);
        return speed > 1 ? resolution.dividedBy(speed) : Duration.ofSeconds(5);
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each step commits on its own
    void tick() {
        if (cycle.run()) { // only the lease's holder trades, and reviews what its trading earned
            lifecycle.review(Agent.SEED_ID);
        }
    }
}
