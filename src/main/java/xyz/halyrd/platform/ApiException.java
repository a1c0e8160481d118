package xyz.halyrd.platform;

import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * A request the API refuses, with the status and stable error code the client sees. Thrown from resources and
 * controls alike; as an EJB application exception it reaches the mapper unwrapped and rolls back whatever the
 * request had begun.
 */
@ApplicationException(rollback = true)
public class ApiException extends RuntimeException {

    private final Response.StatusType status;
    private final String code;

    public ApiException(Response.StatusType status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiException validation(String field, String problem) {
        return new ApiException(Response.Status.BAD_REQUEST, "VALIDATION_FAILED", field + ": " + problem);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(Response.Status.NOT_FOUND, code, message);
    }

    /**
     * A refusal that keeps what its transaction wrote before it — the journal entry telling what happened on chain —
     * because the chain does not roll back with the database.
     */
    @ApplicationException(rollback = false)
    public static class Recorded extends ApiException {
        public Recorded(Response.StatusType status, String code, String message) {
            super(status, code, message);
        }
    }

    /** A request that is well-formed but not possible in the agent's present state (409). */
    public static ApiException conflict(String code, String message) {
        return new ApiException(Response.Status.CONFLICT, code, message);
    }

    public Response.StatusType status() {
        return status;
    }

    public String code() {
        return code;
    }
}
