package xyz.halyrd.cluster.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.platform.Stopping;

/**
 * Takes the trading lease at start (before the trading cycle's first pass, which depends on this bean; on the embedded
 * database, whoever held it last) and renews it every {@code halyrd.cluster.renew-interval} on the wall clock
 * and gives it up at a clean stop. A node that does not hold it tries to take it at every renewal,
 * so it takes over once the holder's lease runs out.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the lease's own transactions
public class LeaseTimer {

    private static final Logger LOG = Logger.getLogger(LeaseTimer.class.getName());

    @Resource
    TimerService timers;

    @Inject
    Lease lease;

    @PostConstruct
    void start() {
        long every = lease.renewInterval().toMillis();
        try {
            lease.takeAtStart();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not take the trading lease at start (" + e.getClass().getSimpleName()
                    + "); trying again at the next renewal.", e);
        }
        timers.createIntervalTimer(every, every, new TimerConfig("trading-lease", false));
    }

    /**
     * Gives the lease up as Halyrd stops (before the embedded database shuts down), so another node takes over at its
     * next renewal instead of waiting for the lease to run out.
     */
    public void stop(@Observes Stopping stopping) {
        try {
            lease.release();
        } catch (RuntimeException e) { // the lease then runs out by itself
            LOG.log(Level.INFO, "Could not give up the trading lease at the stop", e);
        }
    }

    @Timeout
    void renew() {
        try {
            lease.renew();
        } catch (RuntimeException e) { // the database not answering: the lease runs out unless the next one works
            LOG.log(Level.WARNING, "Could not renew the trading lease (" + e.getClass().getSimpleName()
                    + "); trying again at the next renewal.", e);
        }
    }
}
