package xyz.halyrd.risk.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskBlock;

/**
 * {@code /agents/{id}/risk/blocks}: every blocked order of both layers. How close each rule is to its limit is
 * {@code …/risk/objectives}, answered by the portfolio (RiskObjectivesResource), whose account the figures come from.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/risk")
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {

    @JsonbPropertyOrder({"id", "ts", "layer", "rule", "reason", "pair", "orderRef"})
    public record Block(String id, Instant ts, String layer, String rule, String reason, String pair, String orderRef) {
        static Block of(RiskBlock b) {
            return new Block(b.id(), b.ts(), b.layer(), b.rule(), b.reason(), b.pair(), b.orderRef());
        }
    }

    @Inject
    RiskEngine risk;

    @GET
    @Path("blocks")
    public List<Block> blocks(@PathParam("id") String id) {
        return risk.blocks(AgentRegistry.idOf(id)).stream().map(Block::of).toList();
    }
}
