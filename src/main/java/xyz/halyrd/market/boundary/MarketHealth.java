package xyz.halyrd.market.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import xyz.halyrd.market.control.Market;

/** Readiness, {@code market}: which source answers candles, the reference mid, quotes, fear &amp; greed and funding. */
@Readiness
@ApplicationScoped
public class MarketHealth implements HealthCheck {

    @Inject
    Market market;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("market").up();
        market.sources().forEach(builder::withData);
        return builder.build();
    }
}
