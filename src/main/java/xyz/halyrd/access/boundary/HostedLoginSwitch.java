package xyz.halyrd.access.boundary;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import xyz.halyrd.access.control.HostedMode;

/**
 * Installs Payara's JWT mechanism only in hosted mode: outside it {@link HostedLogin} is vetoed before Payara looks
 * for its {@code @LoginConfig}, so an API token in the {@code Authorization} header is never taken for a JWT and a
 * request passes no authentication module at all (a seventh of a read's time when it did).
 */
public class HostedLoginSwitch implements Extension {

    void outsideHostedMode(@Observes ProcessAnnotatedType<HostedLogin> login) {
        if (!HostedMode.on()) {
            login.veto();
        }
    }
}
