package xyz.halyrd.risk.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.control.RiskRules;
import xyz.halyrd.risk.entity.RiskBlock;

/** {@code /agents/{id}/risk/…}: every blocked order of both layers, and how close each rule is to its limit. */
@Stateless
@Path("agents/{id}/risk")
@Produces(MediaType.APPLICATION_JSON)
public class RiskResource {

    @JsonbPropertyOrder({"id", "ts", "layer", "rule", "reason", "pair", "orderRef"})
    public record Block(String id, Instant ts, String layer, String rule, String reason, String pair, String orderRef) {
        static Block of(RiskBlock b) {
            return new Block(b.id(), b.ts(), b.layer(), b.rule(), b.reason(), b.pair(), b.orderRef());
        }
    }

    @JsonbPropertyOrder({"rule", "current", "limit", "headroomPct"})
    public record Objective(String rule, BigDecimal current, BigDecimal limit, BigDecimal headroomPct) {
    }

    @Inject
    AgentRegistry agents;

    @Inject
    RiskEngine risk;

    @Inject
    Portfolio portfolio;

    @Inject
    ConfigVersions versions;

    @GET
    @Path("blocks")
    public List<Block> blocks(@PathParam("id") String id) {
        return risk.blocks(agents.require(id).id()).stream().map(Block::of).toList();
    }

    @GET
    @Path("objectives")
    public List<Objective> objectives(@PathParam("id") String id) {
        Agent agent = agents.require(id);
        Account account = portfolio.account(agent.id());
        BigDecimal equity = portfolio.equity(account, portfolio.positions(agent.id())).orElseThrow(() ->
                new ApiException(Response.Status.SERVICE_UNAVAILABLE, "EQUITY_UNKNOWN",
                        "A held token has no reference price right now; try again shortly."));
        RiskRules rules = risk.rules(versions.requireCurrent());
        return rules.objectives(account.riskState(equity)).stream()
                .map(o -> new Objective(o.rule(), o.current(), o.limit(), o.headroomPct())).toList();
    }
}
