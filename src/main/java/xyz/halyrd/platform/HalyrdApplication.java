package xyz.halyrd.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The REST API, served from the root: {@code /agents}, {@code /agents/{id}/…}. */
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Halyrd Agents API", version = "1",
        description = "Inspect and control the Halyrd trading agent. Use the alias `current` for the agent id."))
public class HalyrdApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // No WADL: /application.wadl would be an undocumented endpoint answering XML.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
