package xyz.halyrd.access.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import xyz.halyrd.access.control.AccessPolicy;
import xyz.halyrd.access.control.Caller;
import xyz.halyrd.access.control.Sessions;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.ErrorBodies;

/**
 * {@code /auth/session}: the dashboard's login in token mode. {@code POST {"token": "…"}} opens a session and sets it
 * as an HttpOnly, SameSite=Strict cookie (so page scripts cannot read it and other sites' requests do not carry it);
 * {@code GET} says whether a token is needed and whether this browser has a session; {@code DELETE} logs out.
 */
@Path("auth/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    static final String PATH = "/auth/session";
    static final String TOKEN = "token";

    @JsonbPropertyOrder({"tokenRequired", "authenticated", "actor"})
    public record SessionView(boolean tokenRequired, boolean authenticated, String actor) {
    }

    @Inject
    AccessPolicy policy;

    @Inject
    Sessions sessions;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest request;

    @GET
    public SessionView current() {
        boolean required = policy.tokenRequired(request.getLocalAddr());
        String actor = caller.actor();
        boolean authenticated = !required || (actor != null && !actor.equals("anonymous"));
        return new SessionView(required, authenticated, authenticated ? actor : null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(JsonObject body) {
        for (String key : body.keySet()) {
            if (!TOKEN.equals(key)) {
                throw ApiException.validation(key, "unknown field (expected token)");
            }
        }
        if (policy.jwtRequired()) {
            return loginWithJwt();
        }
        if (!policy.tokenConfigured()) {
            throw ApiException.conflict("NO_TOKEN_CONFIGURED", "This server has no API token (halyrd.auth.token-file),"
                    + " so there is nothing to log in with: it answers on loopback without one.");
        }
        String token = body.get(TOKEN) instanceof JsonString text ? text.getString() : null;
        if (!policy.tokenMatches(token)) {
            return ErrorBodies.response(401, "UNAUTHORIZED", "That is not the API token.")
                    .header("WWW-Authenticate", "Bearer realm=\"halyrd\"").build();
        }
        return opened(sessions.open());
    }

    /**
     * Hosted mode: the login carries the JWT as {@code Authorization: Bearer <jwt>}, which Payara has verified; the
     * session ends when the token does, if that is sooner.
     */
    private Response loginWithJwt() {
        if (!(request.getUserPrincipal() instanceof JsonWebToken jwt)) {
            return ErrorBodies.response(401, "UNAUTHORIZED", "Log in with a JWT of the configured issuer as"
                    + " 'Authorization: Bearer <jwt>'.").header("WWW-Authenticate", "Bearer realm=\"halyrd\"").build();
        }
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        if (!AccessPolicy.mayRead(groups)) {
            return ErrorBodies.response(403, "FORBIDDEN", "This JWT has neither the group " + AccessPolicy.VIEWER
                    + " nor " + AccessPolicy.TRADER + ".").build();
        }
        return opened(sessions.open(AccessFilter.jwtActor(jwt), groups, Instant.ofEpochSecond(
                jwt.getExpirationTime())));
    }

    private Response opened(Sessions.Opened opened) {
        return Response.ok(new SessionView(true, true, opened.session().actor())).cookie(cookie(opened.secret(),
                (int) Math.max(1, sessions.remaining(opened.session()).toSeconds()))).header("Cache-Control",
                "no-store").build();
    }

    @DELETE
    public Response logout(@CookieParam(AccessFilter.SESSION_COOKIE) String secret) {
        sessions.close(secret);
        return Response.noContent().cookie(cookie("", 0)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(AccessFilter.SESSION_COOKIE).value(value)
                .path(request.getContextPath().isEmpty() ? "/" : request.getContextPath())
                .httpOnly(true).secure(request.isSecure()).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }

}
