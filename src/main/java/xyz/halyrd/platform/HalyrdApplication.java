package xyz.halyrd.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API, served from the root: {@code /agents}, {@code /agents/{id}/…}. Bearer JWTs are verified by Payara's
 * MicroProfile JWT (issuer and public key from configuration); only in hosted mode does a request need one
 * ({@code halyrd.auth.mode=jwt}, see {@code access.control.AccessPolicy}).
 */
@LoginConfig(authMethod = "MP-JWT", realmName = "halyrd")
@ApplicationScoped // a CDI bean, which is where Payara looks for the LoginConfig
@ApplicationPath("/")
public class HalyrdApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: /application.wadl would be an undocumented endpoint answering XML.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
