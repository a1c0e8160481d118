package xyz.halyrd.portfolio.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.KeptAnswers;
import xyz.halyrd.platform.KeptUntilWrite;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * {@code /agents/{id}/risk/objectives}: how close each risk rule is to its limit. Here rather than beside the
 * blocks in the risk component because the figures are the paper account's, and the portfolio sits above risk.
 * While nothing is held they are committed rows alone, and kept until the next write; while a position is open the
 * equity moves with the market, and each request is answered afresh.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/risk/objectives")
@Produces(MediaType.APPLICATION_JSON)
public class RiskObjectivesResource {

    @JsonbPropertyOrder({"rule", "current", "limit", "headroomPct"})
    public record Objective(String rule, BigDecimal current, BigDecimal limit, BigDecimal headroomPct) {
    }

    @Inject
    RiskEngine risk;

    @Inject
    Portfolio portfolio;

    @Inject
    ConfigVersions versions;

    @GET
    @KeptUntilWrite
    public List<Objective> objectives(@PathParam("id") String id, @Context HttpServletRequest request) {
        String agentId = AgentRegistry.idOf(id);
        Account account = portfolio.account(agentId);
        List<Position> positions = portfolio.positions(agentId);
        if (!positions.isEmpty()) {
            KeptAnswers.doNotKeep(request); // the equity follows the market's prices while anything is held
        }
        BigDecimal equity = portfolio.equity(account, positions).orElseThrow(() ->
                new ApiException(Response.Status.SERVICE_UNAVAILABLE, "EQUITY_UNKNOWN",
                        "A held token has no reference price right now; try again shortly."));
        RiskRules rules = versions.requireCurrent().evaluation().riskRules(risk.cooldown());
        return rules.objectives(account.riskState(equity)).stream()
                .map(o -> new Objective(o.rule(), o.current(), o.limit(), o.headroomPct())).toList();
    }
}
