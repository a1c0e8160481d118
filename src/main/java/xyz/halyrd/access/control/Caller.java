package xyz.halyrd.access.control;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who sent the request being served, as the journal records it: the actor ({@code local}, {@code token},
 * {@code session:ses_…}, or in hosted mode {@code jwt:<subject>}) and the request's {@code Origin}, if it had one. Set by the access filter once the request
 * has passed it; empty outside HTTP requests (the trading cycle's timer), where the agent acts by itself.
 */
@RequestScoped
public class Caller {

    /** The longest actor the journal keeps (its ACTOR column). */
    public static final int MAX_ACTOR = 64;

    private String actor;
    private String origin;

    public void identify(String actor, String origin) {
        this.actor = actor;
        this.origin = origin;
    }

    /** {@code local}, {@code token} or {@code session:ses_…}; null when no request is being served. */
    public String actor() {
        return actor;
    }

    /** The request's {@code Origin} header (an allowed one: others never get this far), or null if it had none. */
    public String origin() {
        return origin;
    }
}
