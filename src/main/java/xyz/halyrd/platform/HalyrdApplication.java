package xyz.halyrd.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The REST API, served from the root: {@code /agents}, {@code /agents/{id}/…}. Who may call it:
 * {@code access.boundary.AccessFilter} (and, in hosted mode, {@code access.boundary.HostedLogin}).
 */
@ApplicationPath("/")
public class HalyrdApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: /application.wadl would be an undocumented endpoint answering XML.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
