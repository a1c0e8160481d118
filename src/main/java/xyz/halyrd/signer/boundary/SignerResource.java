package xyz.halyrd.signer.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.signer.control.Signer;
import xyz.halyrd.signer.entity.SignerPolicy;
import xyz.halyrd.signer.entity.SignerSession;

/**
 * {@code /agents/{id}/signer}: the signing layer's session and limits. Provisioning a session after the kill switch
 * is the lifecycle's ({@code SignerSessionResource}), which the signer sits below.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/signer")
@Produces(MediaType.APPLICATION_JSON)
public class SignerResource {

    @Inject
    Signer signer;

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
        String agentId = AgentRegistry.idOf(id);
        return SignerView.of(signer.session(agentId), signer.policy(agentId));
    }
}
