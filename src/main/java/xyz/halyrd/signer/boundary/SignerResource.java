package xyz.halyrd.signer.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.platform.OptionalBody;
import xyz.halyrd.signer.control.Signer;
import xyz.halyrd.signer.entity.SignerPolicy;
import xyz.halyrd.signer.entity.SignerSession;

/** {@code /agents/{id}/signer}: the signing layer's session and limits, and provisioning after a kill switch. */
@Stateless
@Path("agents/{id}/signer")
@Produces(MediaType.APPLICATION_JSON)
public class SignerResource {

    static final String CONFIRM = "confirm";

    @Inject
    AgentRegistry agents;

    @Inject
    Signer signer;

    @Inject
    Lifecycle lifecycle;

    /** The session ({@code active}|{@code revoked}, since when, why) and the policy the signer enforces. */
    @JsonbPropertyOrder({"session", "sessionChangedAt", "revokedReason", "allowlist", "perTradeCapUsdt",
            "dailyCapUsdt", "maxSlippagePct"})
    public record SignerView(String session, Instant sessionChangedAt, String revokedReason, List<String> allowlist,
            BigDecimal perTradeCapUsdt, BigDecimal dailyCapUsdt, BigDecimal maxSlippagePct) {

        static SignerView of(SignerSession session, SignerPolicy policy) {
            return new SignerView(session.state().wire(), session.changedAt(), session.reason(), policy.allowlist(),
                    policy.perTradeCapUsdt(), policy.dailyCapUsdt(), policy.maxSlippagePct());
        }
    }

    @GET
    public SignerView signer(@PathParam("id") String id) {
        String agentId = agents.require(id).id();
        return SignerView.of(signer.session(agentId), signer.policy(agentId));
    }

    /** {@code {"confirm": "provision signing"}}: a new signing session after the kill switch. */
    @POST
    @Path("session")
    @OptionalBody
    public Map<String, String> provision(@PathParam("id") String id, String body) {
        JsonObject request = OptionalBody.Parser.object(body, Set.of(CONFIRM));
        String confirm = request.get(CONFIRM) instanceof JsonString text ? text.getString() : null;
        return Map.of("twak_session", lifecycle.provisionSigner(agents.require(id).id(), confirm).state().wire());
    }
}
