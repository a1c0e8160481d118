package xyz.halyrd.strategy.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import xyz.halyrd.strategy.entity.Indicators;

/** {@code GET /indicators}: the indicators a StrategySpec condition may name, with their parameters. */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("indicators")
@Produces(MediaType.APPLICATION_JSON)
public class IndicatorsResource {

    @GET
    public List<Indicators.Descriptor> all() {
        return Indicators.all();
    }
}
