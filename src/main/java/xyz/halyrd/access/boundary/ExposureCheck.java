package xyz.halyrd.access.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import xyz.halyrd.access.control.AccessPolicy;
import xyz.halyrd.platform.StartRefusal;

/**
 * Refuses to start a Halyrd that would be exposed without a token (bound beyond loopback, or told a token is
 * required, with no {@code halyrd.auth.token-file}) or that is misconfigured: see {@link StartRefusal}.
 */
@WebListener
public class ExposureCheck implements ServletContextListener {

    @Inject
    AccessPolicy policy;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        policy.refusal().ifPresent(StartRefusal::refuse);
    }
}
