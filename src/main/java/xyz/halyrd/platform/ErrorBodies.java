package xyz.halyrd.platform;

import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds the one error body of the API, {@code {"error": CODE, "message": …}}, and names codes for statuses. */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    public static String json(String code, String message) {
        return body(code, message).build().toString();
    }

    public static String json(String code, String message, String correlationId) {
        return body(code, message).add("correlation_id", correlationId).build().toString();
    }

    public static Response.ResponseBuilder response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(json(code, message));
    }

    /** The stable code for a status the container or JAX-RS produced on its own. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }

    /** A plain-words message for a status the container or JAX-RS produced on its own. */
    public static String messageFor(int status) {
        return switch (status) {
            case 401 -> "The credentials sent are missing or not valid: send 'Authorization: Bearer <token>'.";
            case 404 -> "No such resource.";
            case 405 -> "This resource does not support that method.";
            case 406 -> "This resource answers only application/json.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send the body as application/json.";
            default -> status >= 500 ? "An unexpected error occurred." : "The request could not be understood.";
        };
    }

    private static JsonObjectBuilder body(String code, String message) {
        return JsonP.createObjectBuilder().add("error", code).add("message", message == null ? "" : message);
    }
}
