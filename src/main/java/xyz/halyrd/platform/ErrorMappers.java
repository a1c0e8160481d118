package xyz.halyrd.platform;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single place where exceptions become responses: every failure leaves as {@code {"error", "message"}} with a
 * stable code, never a stack trace or an HTML page.
 */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    /** Turns any throwable into the response the client should see. */
    static Response toResponse(Throwable thrown, Ids ids) {
        Throwable cause = thrown;
        while (cause instanceof EJBException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return ErrorBodies.response(api.status().getStatusCode(), api.code(), api.getMessage()).build();
        }
        if (isMalformedJson(cause)) {
            return ErrorBodies.response(400, "MALFORMED_JSON", "The request body is not valid JSON: "
                    + innermostMessage(cause)).build();
        }
        if (cause instanceof ConstraintViolationException violations) {
            return validation(violations);
        }
        if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            Response.ResponseBuilder builder = ErrorBodies.response(status, ErrorBodies.codeFor(status),
                    ErrorBodies.messageFor(status));
            if (web instanceof NotAllowedException) {
                builder.header(HttpHeaders.ALLOW, web.getResponse().getHeaderString(HttpHeaders.ALLOW));
            }
            return builder.build();
        }
        String correlationId = ids.next("err");
        LOG.log(Level.SEVERE, "Unexpected failure, correlation id " + correlationId, thrown);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBodies.json("INTERNAL_ERROR",
                        "An unexpected error occurred. Quote correlation id " + correlationId + " when reporting it.",
                        correlationId))
                .build();
    }

    private static Response validation(ConstraintViolationException violations) {
        ConstraintViolation<?> first = violations.getConstraintViolations().stream().findFirst().orElse(null);
        if (first == null) {
            return ErrorBodies.response(400, "VALIDATION_FAILED", "The request is not valid.").build();
        }
        String field = "request";
        for (Path.Node node : first.getPropertyPath()) {
            if (node.getName() != null) {
                field = node.getName();
            }
        }
        return ErrorBodies.response(400, "VALIDATION_FAILED", field + ": " + first.getMessage()).build();
    }

    private static boolean isMalformedJson(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof JsonException || t instanceof JsonbException || t instanceof NoContentException) {
                return true;
            }
            if (t instanceof ProcessingException && t.getCause() == null) {
                return false;
            }
        }
        return false;
    }

    private static String innermostMessage(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "unreadable body" : t.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    /** Catches everything JAX-RS hands to a mapper; the most specific-looking types are sorted out above. */
    @Provider
    public static class Everything implements ExceptionMapper<Throwable> {

        @Inject
        Ids ids;

        @Override
        public Response toResponse(Throwable thrown) {
            return ErrorMappers.toResponse(thrown, ids);
        }
    }

    /** JAX-RS prefers the closest type: without this, its own mapper for WebApplicationException could win. */
    @Provider
    public static class WebApplication implements ExceptionMapper<WebApplicationException> {

        @Inject
        Ids ids;

        @Override
        public Response toResponse(WebApplicationException thrown) {
            return ErrorMappers.toResponse(thrown, ids);
        }
    }

    /** Bean Validation failures would otherwise get Jersey's own plain-text answer. */
    @Provider
    public static class Validation implements ExceptionMapper<ConstraintViolationException> {

        @Inject
        Ids ids;

        @Override
        public Response toResponse(ConstraintViolationException thrown) {
            return ErrorMappers.toResponse(thrown, ids);
        }
    }
}
