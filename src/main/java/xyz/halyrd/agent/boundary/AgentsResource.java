package xyz.halyrd.agent.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;

/** {@code /agents}: the agents of this installation (exactly one in this release). */
@Path("agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

    @Inject
    AgentRegistry registry;

    @GET
    public List<AgentView> all() {
        return registry.all().stream().map(AgentView::of).toList();
    }

    @GET
    @Path("{id}")
    public AgentView one(@PathParam("id") String id) {
        return AgentView.of(registry.require(id));
    }
}
