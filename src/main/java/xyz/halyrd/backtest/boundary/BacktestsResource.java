package xyz.halyrd.backtest.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;
import xyz.halyrd.access.control.StrictBodies;
import xyz.halyrd.backtest.control.BacktestRequest;
import xyz.halyrd.backtest.control.Backtests;
import xyz.halyrd.backtest.entity.Backtest;
import xyz.halyrd.backtest.entity.BacktestPoint;
import xyz.halyrd.backtest.entity.BacktestTrade;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.JsonP;
import xyz.halyrd.platform.Paging;
import xyz.halyrd.platform.PreferredWait;
import xyz.halyrd.strategy.entity.StrategySpecs;

/**
 * {@code /backtests}: a strategy spec run on history, asynchronously — queued at once (202), polled (or waited for)
 * until done, its fills and equity curve paged through, cancellable while unfinished.
 */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("backtests")
@Produces(MediaType.APPLICATION_JSON)
public class BacktestsResource {

    /** A run as the API shows it; metrics and gate only once done. */
    @JsonbPropertyOrder({"backtestId", "status", "progress", "strategyName", "tokens", "from", "to", "resolution",
            "startingEquity", "source", "seed", "createdAt", "startedAt", "finishedAt", "reason", "passedGate",
            "metrics"})
    public record BacktestView(String backtestId, String status, BigDecimal progress, String strategyName,
            List<String> tokens, Instant from, Instant to, String resolution, BigDecimal startingEquity,
            String source, long seed, Instant createdAt, Instant startedAt, Instant finishedAt, String reason,
            Boolean passedGate, JsonObject metrics) {

        static BacktestView of(Backtest b) {
            return new BacktestView(b.id(), b.status().wire(), Decimals.plain(b.progress()), b.specName(),
                    b.tokens().stream().map(Token::name).toList(), b.from(), b.to(), wire(b),
                    Decimals.plain(b.startingEquity()), b.source().wire(), b.seed(), b.createdAt(), b.startedAt(),
                    b.finishedAt(), b.reason(), b.passedGate(),
                    b.metricsJson() == null ? null : read(b.metricsJson()));
        }

        private static String wire(Backtest b) {
            return BacktestRequest.RESOLUTIONS.entrySet().stream().filter(e -> e.getValue().equals(b.resolution()))
                    .map(java.util.Map.Entry::getKey).findFirst().orElse(b.resolution().toString());
        }

        private static JsonObject read(String json) {
            try (JsonReader reader = JsonP.createReader(new StringReader(json))) {
                return reader.readObject();
            }
        }
    }

    /** The answer to a POST: where to poll. */
    @JsonbPropertyOrder({"backtestId", "status"})
    public record Queued(String backtestId, String status) {
    }

    @JsonbPropertyOrder({"seq", "ts", "pair", "side", "size", "price", "quantity", "fees", "pnl", "reason"})
    public record TradeView(long seq, Instant ts, String pair, String side, BigDecimal size, BigDecimal price,
            BigDecimal quantity, BigDecimal fees, BigDecimal pnl, String reason) {

        static TradeView of(BacktestTrade t) {
            return new TradeView(t.seq(), t.ts(), t.token().pair(), t.side().wire(), Decimals.plain(t.sizeUsdt()),
                    Decimals.plain(t.price()), Decimals.plain(t.quantity()), Decimals.plain(t.feesUsdt()),
                    Decimals.plain(t.pnlUsdt()), t.reason());
        }
    }

    @JsonbPropertyOrder({"seq", "ts", "equity"})
    public record PointView(long seq, Instant ts, BigDecimal equity) {

        static PointView of(BacktestPoint p) {
            return new PointView(p.seq(), p.ts(), Decimals.plain(p.equity()));
        }
    }

    /** The longest {@code Prefer: wait} a request for a run is granted. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final String PREFER = "Prefer";

    @Inject
    Backtests backtests;

    @Inject
    RunWaits waits;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml"})
    public Response submit(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context UriInfo uri) {
        if (body == null || body.isBlank()) {
            throw ApiException.validation("body", "an object with strategy_spec is required");
        }
        JsonValue request;
        if (StrictBodies.isYaml(contentType)) {
            request = StrategySpecs.yamlAsJson(body);
        } else {
            try (JsonReader reader = JsonP.createReader(new StringReader(body))) {
                request = reader.readValue(); // checked by the access filter already: strict JSON, one object
            }
        }
        Backtest queued = backtests.submit(BacktestRequest.parse(request));
        return Response.accepted(new Queued(queued.id(), queued.status().wire()))
                .location(uri.getBaseUriBuilder().path("backtests").path(queued.id()).build()).build();
    }

    @GET
    public Response list(@QueryParam("limit") String limit, @QueryParam("before") String before,
            @Context UriInfo uri) {
        int size = Paging.limit(limit);
        if (before != null && !Ids.isWellFormed(before, "bt")) {
            throw ApiException.validation("before", "must be a backtest id (bt_…)");
        }
        List<BacktestView> page = backtests.page(before, size).stream().map(BacktestView::of).toList();
        return Paging.page(page, size, uri, "before", page.isEmpty() ? null : page.get(page.size() - 1).backtestId());
    }

    /**
     * A run as it stands; with {@code Prefer: wait=N} (RFC 7240) an unfinished run is answered when it ends, or after N
     * seconds (at most {@link #MAX_WAIT}), whichever comes first: a script waits for the result without polling.
     */
    @GET
    @Path("{id}")
    public void one(@PathParam("id") String id, @Context HttpHeaders headers, @Suspended AsyncResponse response) {
        Backtest backtest = backtests.require(id);
        Duration wait = PreferredWait.of(headers.getRequestHeader(PREFER), MAX_WAIT);
        if (wait.isZero() || backtest.status().finished()) {
            response.resume(BacktestView.of(backtest));
        } else {
            waits.await(id, wait, response);
        }
    }

    @GET
    @Path("{id}/trades")
    public Response trades(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @Context UriInfo uri) {
        int size = Paging.limit(limit);
        return bySeq(backtests.trades(id, after(after), size).stream().map(TradeView::of).toList(), size, uri,
                TradeView::seq);
    }

    @GET
    @Path("{id}/equity")
    public Response equity(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @Context UriInfo uri) {
        int size = Paging.limit(limit);
        return bySeq(backtests.curve(id, after(after), size).stream().map(PointView::of).toList(), size, uri,
                PointView::seq);
    }

    /** A page of a run's detail, oldest first, the next one {@code after} its last {@code seq}. */
    private static <T> Response bySeq(List<T> page, int size, UriInfo uri, ToLongFunction<T> seq) {
        return Paging.page(page, size, uri, "after",
                page.isEmpty() ? null : String.valueOf(seq.applyAsLong(page.get(page.size() - 1))));
    }

    @POST
    @Path("{id}/cancel")
    public BacktestView cancel(@PathParam("id") String id) {
        return BacktestView.of(backtests.cancel(id));
    }

    /** The {@code after} cursor: the {@code seq} of the last item seen, 0 (the start) when absent. */
    private static long after(String raw) {
        if (raw == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ApiException.validation("after", "must be the seq of the last item seen, a whole number ≥ 0");
    }
}
