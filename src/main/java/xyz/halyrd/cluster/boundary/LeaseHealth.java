package xyz.halyrd.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.cluster.entity.TradingLease.Term;

/**
 * Readiness, {@code lease}: this node, whether it holds the trading lease (and so trades), the holder, epoch, since
 * and expiry as it last read them. Up whether or not it holds it: a node that does not trade still serves.
 */
@Readiness
@ApplicationScoped
public class LeaseHealth implements HealthCheck {

    @Inject
    Lease lease;

    @Override
    public HealthCheckResponse call() {
        Term term = lease.seen();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("lease").up()
                .withData("self", lease.self())
                // as strings: Payara writes every value of a check's data as a JSON string whatever its type
                .withData("trading", Boolean.toString(lease.held().isPresent()))
                .withData("epoch", Long.toString(term.epoch()));
        if (term.holder() != null) {
            builder.withData("holder", term.holder()).withData("since", term.since().toString())
                    .withData("expires_at", term.expiresAt().toString());
        }
        return builder.build();
    }
}
