package xyz.halyrd.cluster.control;

import fish.payara.micro.PayaraInstance;
import fish.payara.micro.data.InstanceDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The members of the cluster as this node's data grid sees them now, by node id ({@code halyrd.cluster.node-id},
 * which the launcher gives Payara Micro as the member's name, so a member is named as the lease names its holder).
 * Without clustering (the default) only this node. The lease needs none of this: the database alone decides who
 * trades; the member list says which nodes are connected to each other.
 */
@ApplicationScoped
public class Members {

    private static final Logger LOG = Logger.getLogger(Members.class.getName());

    @Inject
    Lease lease;

    /** Payara Micro's view of the cluster; unresolvable outside Payara Micro. */
    @Inject
    Instance<PayaraInstance> payara;

    /**
     * Every member the data grid sees (the live Hazelcast members that registered their name), this node among
     * them, sorted; only this node when the data grid is off.
     */
    public List<String> list() {
        String self = lease.self();
        TreeSet<String> names = new TreeSet<>();
        names.add(self);
        if (payara.isResolvable()) {
            try {
                PayaraInstance instance = payara.get();
                if (instance.isClustered()) {
                    instance.getClusteredPayaras().stream().map(InstanceDescriptor::getInstanceName)
                            .filter(Objects::nonNull).forEach(names::add);
                }
            } catch (RuntimeException unavailable) { // a data grid shutting down or still joining: this node alone
                LOG.log(Level.FINE, "The data grid's member list could not be read", unavailable);
            }
        }
        return List.copyOf(names);
    }
}
