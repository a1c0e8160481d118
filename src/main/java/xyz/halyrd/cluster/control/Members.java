package xyz.halyrd.cluster.control;

import fish.payara.micro.PayaraInstance;
import fish.payara.micro.data.InstanceDescriptor;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The members of the cluster as this node's data grid sees them, by node id ({@code halyrd.cluster.node-id}, which
 * the launcher gives Payara Micro as the member's name, so a member is named as the lease names its holder). Without
 * clustering (the default) only this node. The lease needs none of this: the database alone decides who trades; the
 * member list says which nodes are connected to each other.
 * <p>
 * The names are read from Payara's member registry, a map of the data grid's that a member which stopped answering
 * (paused, cut off) can hold up for as long as it is still counted a member: the read runs on a pool thread, and a
 * caller waits for it at most {@link #WAIT}, else answers the list as last read.
 */
@ApplicationScoped
public class Members {

    private static final Logger LOG = Logger.getLogger(Members.class.getName());
    static final Duration WAIT = Duration.ofSeconds(1);

    @Inject
    Lease lease;

    /** Payara Micro's view of the cluster; unresolvable outside Payara Micro. */
    @Inject
    Instance<PayaraInstance> payara;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService pool;

    /** The data grid's members as last read (names other than this node's), and the read under way, if any. */
    private volatile Set<String> lastRead = Set.of();
    private Future<Set<String>> reading;
    /** Whether a failed read was logged: once is enough, GET /cluster may be polled. */
    private volatile boolean warned;

    /**
     * Every member the data grid sees (the live Hazelcast members that registered their name), this node among
     * them, sorted; only this node when the data grid is off.
     */
    public List<String> list() {
        TreeSet<String> names = new TreeSet<>();
        names.add(lease.self());
        if (payara.isResolvable()) {
            PayaraInstance instance = payara.get();
            if (instance.isClustered()) {
                names.addAll(read(instance));
            }
        }
        return List.copyOf(names);
    }

    private Set<String> read(PayaraInstance instance) {
        Future<Set<String>> read;
        synchronized (this) {
            if (reading == null || reading.isDone()) {
                reading = pool.submit(() -> instance.getClusteredPayaras().stream()
                        .map(InstanceDescriptor::getInstanceName).filter(Objects::nonNull)
                        .collect(Collectors.toUnmodifiableSet()));
            }
            read = reading;
        }
        try {
            lastRead = read.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillReading) {
            LOG.fine("The data grid's member list is still being read: answering it as last read");
        } catch (ExecutionException unavailable) { // a data grid shutting down or still joining
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "This node (" + lease.self() + ") is in a data grid, but its member list could"
                        + " not be read (" + unavailable.getCause() + "): GET /cluster lists the members as last read.",
                        unavailable.getCause());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return lastRead;
    }
}
