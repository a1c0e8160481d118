package xyz.halyrd.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The REST API, served from the root: {@code /agents}, {@code /agents/{id}/…}. */
@ApplicationPath("/")
public class HalyrdApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: /application.wadl would be an undocumented endpoint answering XML.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
