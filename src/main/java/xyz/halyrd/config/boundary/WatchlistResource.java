package xyz.halyrd.config.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.control.WatchlistRequest;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.strategy.control.Candidates;
import xyz.halyrd.strategy.entity.Candidate;

/** {@code /agents/{id}/watchlist}: the tokens the agent watches and trades; a change is a new config version. */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/watchlist")
@Produces(MediaType.APPLICATION_JSON)
public class WatchlistResource {

    @Inject
    ConfigVersions versions;

    @Inject
    Candidates candidates;

    @GET
    public ConfigViews.Watchlist current(@PathParam("id") String id) {
        AgentRegistry.idOf(id);
        ConfigVersion current = versions.requireCurrent();
        return new ConfigViews.Watchlist(current.watchlist(), current.id());
    }

    /** The supported universe ranked for the watchlist by {@link Candidates}' documented score. */
    @GET
    @Path("candidates")
    public List<Candidate> candidates(@PathParam("id") String id) {
        AgentRegistry.idOf(id);
        return candidates.ranked(versions.requireCurrent().strategy());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ConfigViews.VersionCreated replace(@PathParam("id") String id, JsonObject body) {
        String agentId = AgentRegistry.idOf(id);
        return ConfigViews.VersionCreated.of(
                versions.replaceWatchlist(agentId, WatchlistRequest.parse(body).tokens()).version());
    }
}
