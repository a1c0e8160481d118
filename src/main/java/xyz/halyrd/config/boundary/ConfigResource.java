package xyz.halyrd.config.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.control.EvaluationPatch;
import xyz.halyrd.config.control.StrategyPatch;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.KeptUntilWrite;
import xyz.halyrd.signer.control.Signer;

/** {@code /agents/{id}/config}: the current configuration, its history, evaluation-config changes and strategy attaches. */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/config")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {

    @Inject
    ConfigVersions versions;

    @Inject
    Signer signer;

    @GET
    public ConfigViews.Current current(@PathParam("id") String id) {
        String agentId = AgentRegistry.idOf(id);
        return ConfigViews.Current.of(versions.requireCurrent(), signer.policy(agentId));
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public ConfigViews.VersionCreated patch(@PathParam("id") String id, JsonObject body) {
        String agentId = AgentRegistry.idOf(id);
        ConfigVersions.Change change = StrategyPatch.isAttach(body)
                ? versions.attachStrategy(agentId, StrategyPatch.parse(body))
                : versions.patchEvaluation(agentId, EvaluationPatch.parse(body));
        return ConfigViews.VersionCreated.of(change.version());
    }

    /** The evaluation presets, in order of appetite: what {@code PATCH …/config {"preset": name}} applies. */
    @GET
    @Path("presets")
    public List<ConfigViews.PresetView> presets(@PathParam("id") String id) {
        AgentRegistry.idOf(id);
        return Arrays.stream(Preset.values()).map(ConfigViews.PresetView::of).toList();
    }

    @GET
    @Path("versions")
    @KeptUntilWrite
    public List<ConfigViews.Version> history(@PathParam("id") String id) {
        AgentRegistry.idOf(id);
        return versions.history().stream().map(ConfigViews.Version::of).toList();
    }
}
