package xyz.halyrd.lifecycle.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.lifecycle.control.Evaluation;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.lifecycle.entity.EvaluationReport;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.KeptAnswers;
import xyz.halyrd.platform.KeptUntilWrite;
import xyz.halyrd.platform.OptionalBody;
import xyz.halyrd.portfolio.control.LiveExecutor;

/**
 * {@code /agents}: the agents of this installation (exactly one in this release), the evaluation that gates
 * promotion, and the lifecycle actions — promote, demote, kill switch — each one transaction with its journal entry.
 */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    static final String FORCE = "force";
    static final String REASON = "reason";
    static final int MAX_REASON = 500;

    /** What {@code POST /promote} answers. */
    @JsonbPropertyOrder({"status", "firstTxHash"})
    public record PromotionView(String status, String firstTxHash) {
    }

    @Inject
    AgentRegistry registry;

    @Inject
    Evaluation evaluation;

    @Inject
    Lifecycle lifecycle;

    @Inject
    LiveExecutor liveExecutor;

    @Inject
    ConfigVersions versions;

    @GET
    @KeptUntilWrite
    public List<AgentView> all() {
        return registry.all().stream().map(AgentView::of).toList();
    }

    @GET
    @Path("{id}")
    @KeptUntilWrite
    public AgentView one(@PathParam("id") String id) {
        return AgentView.of(registry.require(id));
    }

    @GET
    @Path("{id}/evaluation")
    @KeptUntilWrite
    public EvaluationView evaluation(@PathParam("id") String id, @Context HttpServletRequest request) {
        EvaluationReport report = evaluation.of(AgentRegistry.idOf(id));
        KeptAnswers.keepUntil(request, report.nextWindowDay()); // the window's days count on without a write
        return EvaluationView.of(report);
    }

    /**
     * {@code {"force": false}} or no body: ELIGIBLE → LIVE; 409 NOT_ELIGIBLE, ALREADY_LIVE, SIGNER_REVOKED, LOCKED,
     * LIVE_UNAVAILABLE, LIVE_UNRECONCILED.
     */
    @POST
    @Path("{id}/promote")
    @OptionalBody
    public PromotionView promote(@PathParam("id") String id, String body) {
        JsonValue force = OptionalBody.Parser.object(body, Set.of(FORCE)).getOrDefault(FORCE, JsonValue.FALSE);
        if (force != JsonValue.TRUE && force != JsonValue.FALSE) {
            throw ApiException.validation(FORCE, "must be true or false");
        }
        Lifecycle.Promotion promotion = lifecycle.promote(AgentRegistry.idOf(id), force == JsonValue.TRUE);
        return new PromotionView(promotion.status(), promotion.firstTxHash());
    }

    /** Back to paper (open live positions closed first); the agent as it is afterwards. Idempotent on paper. */
    @POST
    @Path("{id}/demote")
    @OptionalBody
    public AgentView demote(@PathParam("id") String id, String body) {
        OptionalBody.Parser.object(body, Set.of());
        Agent agent = registry.require(id);
        if (agent.status() == AgentStatus.LIVE) { // sold first, each in its own transaction, outside the row lock
            liveExecutor.flatten(agent.id(), "Closed at market: returned to paper by a person.",
                    versions.requireCurrent().id());
        }
        return AgentView.of(lifecycle.demote(agent.id()));
    }

    /** {@code {"reason": "…"}} or no body: revokes the signing session at once. */
    @POST
    @Path("{id}/kill-switch")
    @OptionalBody
    public Map<String, String> killSwitch(@PathParam("id") String id, String body) {
        JsonObject request = OptionalBody.Parser.object(body, Set.of(REASON));
        String reason = null;
        if (request.containsKey(REASON) && request.get(REASON) != JsonValue.NULL) {
            if (!(request.get(REASON) instanceof JsonString text)) {
                throw ApiException.validation(REASON, "must be a string");
            }
            reason = text.getString().strip();
            if (reason.length() > MAX_REASON) {
                throw ApiException.validation(REASON, "must be at most " + MAX_REASON + " characters");
            }
            reason = reason.isEmpty() ? null : reason;
        }
        return Map.of("twak_session", lifecycle.killSwitch(AgentRegistry.idOf(id), reason).state().wire());
    }
}
