package xyz.halyrd.access.control;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who sent the request being served, as the journal records it: the actor ({@code local}, {@code token},
 * {@code session:ses_…}, or in hosted mode {@code jwt:<subject>}) and the request's {@code Origin}, if it had one. The
 * access filter puts both on the request once it has passed ({@link #identify}); they are read from it only when
 * asked — by a write's journal entry, not by every read. Empty outside HTTP requests (the trading cycle's timer),
 * where the agent acts by itself.
 */
@RequestScoped
public class Caller {

    /** The longest actor the journal keeps (its ACTOR column). */
    public static final int MAX_ACTOR = 64;
    private static final String ACTOR = Caller.class.getName() + ".actor";
    private static final String ORIGIN = Caller.class.getName() + ".origin";

    @Inject
    Instance<HttpServletRequest> request;

    /** Says who sent {@code request}, once the access checks have let it through. */
    public static void identify(ServletRequest request, String actor, String origin) {
        request.setAttribute(ACTOR, actor);
        request.setAttribute(ORIGIN, origin);
    }

    /** {@code local}, {@code token} or {@code session:ses_…}; null when no request is being served. */
    public String actor() {
        return attribute(ACTOR);
    }

    /** The request's {@code Origin} header (an allowed one: others never get this far), or null if it had none. */
    public String origin() {
        return attribute(ORIGIN);
    }

    private String attribute(String name) {
        try {
            return (String) request.get().getAttribute(name);
        } catch (IllegalStateException | ContextNotActiveException notServingARequest) {
            return null;
        }
    }
}
