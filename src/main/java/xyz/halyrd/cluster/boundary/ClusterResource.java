package xyz.halyrd.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.cluster.control.Members;
import xyz.halyrd.cluster.entity.TradingLease.Term;

/** {@code GET /cluster}: this node, the members it knows, and who holds the trading lease in which epoch since when. */
@ApplicationScoped
@Path("cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    Lease lease;

    @Inject
    Members members;

    /**
     * {@code self}: this node's member id; {@code members}: the members of the cluster's data grid by the same ids
     * (only {@code self} without clustering); {@code holder}: the lease's holder as this node last read it (at most a
     * renewal interval ago; null before any node took it); {@code since}: when the holder took it.
     */
    @JsonbPropertyOrder({"self", "members", "holder", "epoch", "since"})
    public record ClusterView(String self, List<String> members, String holder, long epoch, Instant since) {
    }

    @GET
    public ClusterView cluster() {
        Term term = lease.seen();
        return new ClusterView(lease.self(), members.list(), term.holder(), term.epoch(), term.since());
    }
}
