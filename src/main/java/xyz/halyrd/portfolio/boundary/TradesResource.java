package xyz.halyrd.portfolio.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.KeptUntilWrite;
import xyz.halyrd.portfolio.entity.Trade;

/** {@code /agents/{id}/trades}: closed trades (round trips), newest first, with pnl, fees, hold time and risk taken. */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("agents/{id}/trades")
@Produces(MediaType.APPLICATION_JSON)
public class TradesResource {

    @JsonbPropertyOrder({"id", "ts", "pair", "side", "size", "price", "pnl", "fees", "phase", "journalRef",
            "openedAt", "holdTime", "riskTaken", "configVersionId"})
    public record TradeView(String id, Instant ts, String pair, String side, BigDecimal size, BigDecimal price,
            BigDecimal pnl, BigDecimal fees, String phase, String journalRef, Instant openedAt, String holdTime,
            BigDecimal riskTaken, String configVersionId) {
        static TradeView of(Trade t) {
            return new TradeView(t.id(), t.ts(), t.pair(), t.side().wire(), Decimals.plain(t.sizeUsdt()),
                    Decimals.plain(t.price()), Decimals.plain(t.pnlUsdt()), Decimals.plain(t.feesUsdt()),
                    t.phase().wire(), t.journalRef(), t.holdTime() == null ? null : t.ts().minus(t.holdTime()),
                    t.holdTime() == null ? null : t.holdTime().toString(), Decimals.plain(t.riskTakenUsdt()),
                    t.configVersionId());
        }
    }

    @PersistenceContext
    EntityManager em;

    @GET
    @KeptUntilWrite
    public List<TradeView> closed(@PathParam("id") String id, @QueryParam("phase") String phase) {
        String agentId = AgentRegistry.idOf(id);
        String wanted = phase == null ? "all" : phase;
        if (!List.of("paper", "live", "all").contains(wanted)) {
            throw ApiException.validation("phase", "must be paper, live or all (got '" + phase + "')");
        }
        return em.createQuery("SELECT t FROM Trade t WHERE t.agentId = :agent AND t.pnlUsdt IS NOT NULL"
                        + " ORDER BY t.id DESC", Trade.class)
                .setParameter("agent", agentId).setMaxResults(5000).getResultStream()
                .filter(t -> wanted.equals("all") || t.phase().wire().equals(wanted))
                .map(TradeView::of).toList();
    }
}
