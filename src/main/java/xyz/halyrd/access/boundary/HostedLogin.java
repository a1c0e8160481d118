package xyz.halyrd.access.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * Hosted mode's login: Payara's MicroProfile JWT verifies a bearer JWT on every request (issuer and public key from
 * configuration). Payara installs its mechanism when a CDI bean carries this annotation; outside hosted mode
 * {@link HostedLoginSwitch} vetoes this bean, so no request pays for a verifier that would find nothing to verify.
 */
@LoginConfig(authMethod = "MP-JWT", realmName = "halyrd")
@ApplicationScoped
public class HostedLogin {
}
