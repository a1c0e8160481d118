package xyz.halyrd.portfolio.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.OptionalBody;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.control.Reconciliation;
import xyz.halyrd.portfolio.entity.LivePosition;
import xyz.halyrd.signer.control.LiveChain;

/**
 * {@code /agents/{id}/live}: whether live trading is available (and why not), the wallet, the live positions, and
 * the reconciliation of the live books with the wallet, re-run on demand.
 */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("agents/{id}/live")
@Produces(MediaType.APPLICATION_JSON)
public class LiveResource {

    @JsonbPropertyOrder({"token", "quantity", "costUsdt", "entryPrice", "openedAt", "openTxHash"})
    public record LivePositionView(String token, BigDecimal quantity, BigDecimal costUsdt, BigDecimal entryPrice,
            Instant openedAt, String openTxHash) {

        static LivePositionView of(LivePosition p) {
            return new LivePositionView(p.token().name(), Decimals.plain(p.quantity()), Decimals.plain(p.costUsdt()),
                    Decimals.plain(p.entryPrice()), p.openedAt(), p.openTxHash());
        }
    }

    @JsonbPropertyOrder({"available", "unavailableReason", "chainId", "wallet", "mismatch", "positions"})
    public record LiveView(boolean available, String unavailableReason, Long chainId, String wallet, String mismatch,
            List<LivePositionView> positions) {
    }

    @Inject
    LiveChain live;

    @Inject
    LiveExecutor executor;

    @Inject
    Reconciliation reconciliation;

    @GET
    public LiveView live(@PathParam("id") String id) {
        String agentId = AgentRegistry.idOf(id);
        return view(agentId, reconciliation.mismatch().orElse(null));
    }

    /** Compares the live books with the wallet again; live unlocks when they agree. */
    @POST
    @Path("reconcile")
    @OptionalBody
    public LiveView reconcile(@PathParam("id") String id, String body) {
        OptionalBody.Parser.object(body, java.util.Set.of());
        String agentId = AgentRegistry.idOf(id);
        return view(agentId, reconciliation.check(agentId).orElse(null));
    }

    private LiveView view(String agentId, String mismatch) {
        boolean available = live.connected();
        return new LiveView(available, live.unavailableReason(), available ? live.settings().chainId() : null,
                available ? live.address() : null, mismatch,
                executor.positions(agentId).stream().map(LivePositionView::of).toList());
    }
}
