package xyz.halyrd.portfolio.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Position;

/**
 * {@code /agents/{id}/positions}: what the agent holds now, with its cost and its value at the reference mid
 * (value and unrealised pnl are null while the token has no mid).
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ApiException.Recorded.class) // a request is one transaction, as an EJB's was
@Path("agents/{id}/positions")
@Produces(MediaType.APPLICATION_JSON)
public class PositionsResource {

    @JsonbPropertyOrder({"pair", "quantity", "entryPrice", "cost", "openedAt", "phase", "value", "unrealisedPnl",
            "openTradeId"})
    public record PositionView(String pair, BigDecimal quantity, BigDecimal entryPrice, BigDecimal cost,
            Instant openedAt, String phase, BigDecimal value, BigDecimal unrealisedPnl, String openTradeId) {
    }

    @Inject
    Portfolio portfolio;

    @Inject
    MarketFeed market;

    @GET
    public List<PositionView> open(@PathParam("id") String id) {
        return portfolio.positions(AgentRegistry.idOf(id)).stream().map(this::view).toList();
    }

    private PositionView view(Position p) {
        BigDecimal value = market.mid(p.token()).map(MidPrice::price).map(p::valueAt).orElse(null);
        return new PositionView(p.token().pair(), Decimals.plain(p.quantity()), Decimals.plain(p.entryPrice()),
                Decimals.plain(p.costUsdt()), p.openedAt(), p.phase().wire(), Decimals.plain(value),
                value == null ? null : Decimals.plain(value.subtract(p.costUsdt())), p.openTradeId());
    }
}
