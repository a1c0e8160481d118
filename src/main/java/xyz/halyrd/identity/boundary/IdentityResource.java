package xyz.halyrd.identity.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.identity.control.IdentityRegistry;
import xyz.halyrd.identity.entity.AgentIdentity;
import xyz.halyrd.platform.OptionalBody;

/** {@code /agents/{id}/identity}: the agent's ERC-8004 identity, or a plain "registration pending" before it. */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("agents/{id}/identity")
@Produces(MediaType.APPLICATION_JSON)
public class IdentityResource {

    /** The documented three fields, and {@code status}, {@code tx_hash}, {@code note} to say where it stands. */
    @JsonbPropertyOrder({"erc8004TokenId", "profileUri", "bscscanUrl", "status", "txHash", "note"})
    public record IdentityView(@JsonbNillable @JsonbProperty("erc8004_token_id") String erc8004TokenId, String profileUri, String bscscanUrl, String status,
            String txHash, String note) {
    }

    @Inject
    IdentityRegistry identities;

    @GET
    public IdentityView identity(@PathParam("id") String id) {
        String agentId = AgentRegistry.idOf(id);
        return view(agentId, identities.identity(agentId));
    }

    /**
     * Registers the agent's identity, once: already registered, it answers the same token and sends nothing. 409
     * {@code IDENTITY_UNAVAILABLE} (no registry or live mode), {@code SIGNER_REVOKED}, {@code REGISTRATION_FAILED};
     * 503 {@code CHAIN_UNAVAILABLE}.
     */
    @POST
    @OptionalBody
    public IdentityView register(@PathParam("id") String id, String body) {
        OptionalBody.Parser.object(body, java.util.Set.of());
        String agentId = AgentRegistry.idOf(id);
        return view(agentId, Optional.of(identities.registerOnce(agentId)));
    }

    private IdentityView view(String agentId, Optional<AgentIdentity> known) {
        if (known.isPresent() && known.get().isRegistered()) {
            AgentIdentity identity = known.get();
            return new IdentityView(identity.tokenId(), identity.profileUri(), identities.explorerUrl(identity),
                    "registered", identity.txHash(), null);
        }
        return new IdentityView(null, identities.profileUri(agentId), null, "pending",
                known.map(AgentIdentity::txHash).orElse(null), "Registration pending: "
                + identities.pendingReason(agentId));
    }
}
