package xyz.halyrd.lifecycle.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.OptionalBody;

/**
 * {@code POST /agents/{id}/signer/session}: a new signing session after the kill switch. A lifecycle step (it ends
 * the kill's hold), so it is answered here, above the signer whose session it opens.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/signer/session")
@Produces(MediaType.APPLICATION_JSON)
public class SignerSessionResource {

    static final String CONFIRM = "confirm";

    @Inject
    Lifecycle lifecycle;

    /** {@code {"confirm": "provision signing"}}. */
    @POST
    @OptionalBody
    public Map<String, String> provision(@PathParam("id") String id, String body) {
        JsonObject request = OptionalBody.Parser.object(body, Set.of(CONFIRM));
        String confirm = request.get(CONFIRM) instanceof JsonString text ? text.getString() : null;
        return Map.of("twak_session", lifecycle.provisionSigner(AgentRegistry.idOf(id), confirm).state().wire());
    }
}
