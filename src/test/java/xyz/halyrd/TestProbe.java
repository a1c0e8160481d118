package xyz.halyrd;


import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.control.WatchlistRequest;
import xyz.halyrd.cycle.control.CycleRun;
import xyz.halyrd.identity.entity.AgentIdentity;
import xyz.halyrd.journal.boundary.JournalEntryView;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.market.control.QuoteVerifier;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.stream.control.Subscribers;

/**
 * Test-only door into the deployed application (added to the real WAR by the integration tests): writes through
 * the real {@link Journal}, tries what must be refused or rolled back, and reports the stream's subscriber count.
 */
@Stateless
@Path("test-probe")
@Produces(MediaType.APPLICATION_JSON)
public class TestProbe {

    public record Append(String type, List<String> tags, String body) {
    }

    @Inject
    Journal journal;

    @Inject
    Subscribers subscribers;

    @Inject
    ConfigVersions configVersions;

    @Inject
    QuoteVerifier quoteVerifier;

    @Inject
    ScriptedMarket market;

    @Inject
    CycleRun cycleRun;

    @Inject
    Clock clock;

    @Inject
    ProbeClock.Forwardable forwardableClock;

    @Inject
    Lifecycle lifecycle;

    @PersistenceContext
    EntityManager em;

    /** Offers the QuoteVerifier a CAKE quote 0.82 % above a fresh mid of 2.0000, which it must refuse. */
    @POST
    @Path("quote/diverging")
    public Map<String, Boolean> divergingQuote() {
        Instant now = clock.instant();
        MidPrice mid = new MidPrice(Token.CAKE, new BigDecimal("2.0000"), now);
        Quote quote = new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal("2.0164"), new BigDecimal("0.2"),
                new BigDecimal("250000"), now);
        return Map.of("accepted", quoteVerifier.verify(Token.CAKE, mid, quote, configVersions.requireCurrent().id()).isPresent());
    }

    /** Scripts one token of the market: {"token", "closes": [...], "mid", "quote_price", "impact_pct"}. */
    @POST
    @Path("market/script")
    @Consumes(MediaType.APPLICATION_JSON)
    public void scriptMarket(JsonObject body) {
        market.script(Token.valueOf(body.getString("token")), new ScriptedMarket.Script(
                body.getJsonArray("closes").getValuesAs(jakarta.json.JsonNumber.class).stream()
                        .map(jakarta.json.JsonNumber::bigDecimalValue).toList(),
                body.getJsonNumber("mid").bigDecimalValue(), body.getJsonNumber("quote_price").bigDecimalValue(),
                body.getJsonNumber("impact_pct").bigDecimalValue(), body.getJsonNumber("fear_greed").doubleValue(),
                body.getJsonNumber("funding_rate").doubleValue()));
    }

    @DELETE
    @Path("market/script")
    public void clearMarket() {
        market.clear();
    }

    /**
     * One pass of the trading cycle, as the timer would run it: 204 when it ran, 409 when it did not (this node does
     * not hold the trading lease, or a pass was running already).
     */
    @POST
    @Path("cycle")
    public void cycle() {
        if (!cycleRun.run()) {
            throw new jakarta.ws.rs.WebApplicationException("no pass ran", 409);
        }
    }

    /** The lifecycle transitions that happen by themselves, as the timer runs them after each pass. */
    @POST
    @Path("lifecycle/review")
    public void review() {
        lifecycle.review("seed");
    }

    /** What the live risk check reports when a live agent breaches a drawdown limit: {rule, scope}. */
    @POST
    @Path("lifecycle/live-breach")
    @Consumes(MediaType.APPLICATION_JSON)
    public void liveBreach(JsonObject body) {
        lifecycle.breachedWhileLive("seed", body.getString("rule"),
                DemotionScope.valueOf(body.getString("scope").toUpperCase(java.util.Locale.ROOT)),
                "live equity 1000 → 915.00 USDT (probe).");
    }

    /**
     * Forgets the booked identity, as a crash between the registration's receipt and its commit would have left the
     * database: the registry's own record on chain must then keep a second token from being minted.
     */
    @DELETE
    @Path("identity")
    public void forgetIdentity() {
        AgentIdentity identity = em.find(AgentIdentity.class, "seed");
        if (identity != null) {
            em.remove(identity);
        }
    }

    /**
     * {"holder"}: another node takes the trading lease, as its takeover writes the row — the epoch one up, since now —
     * and holds it for ten minutes; this node finds it gone at its next renewal (or fence).
     */
    @POST
    @Path("lease/taken")
    @Consumes(MediaType.APPLICATION_JSON)
    public void leaseTaken(JsonObject body) {
        long now = System.currentTimeMillis();
        em.createQuery("UPDATE TradingLease l SET l.holder = :holder, l.epoch = l.epoch + 1, l.sinceMillis = :now,"
                + " l.expiresAtMillis = :until WHERE l.id = :id").setParameter("holder", body.getString("holder"))
                .setParameter("now", now).setParameter("until", now + 600_000)
                .setParameter("id", xyz.halyrd.cluster.entity.TradingLease.ID).executeUpdate();
    }

    /** The other node gives the trading lease up (it expires now): this node takes it at its next renewal. */
    @POST
    @Path("lease/released")
    public void leaseReleased() {
        em.createQuery("UPDATE TradingLease l SET l.expiresAtMillis = :now WHERE l.id = :id")
                .setParameter("now", System.currentTimeMillis())
                .setParameter("id", xyz.halyrd.cluster.entity.TradingLease.ID).executeUpdate();
    }

    /** The deployment's clock: {"now": instant}. */
    @GET
    @Path("clock")
    public JsonObject clock() {
        return jakarta.json.Json.createObjectBuilder().add("now", clock.instant().toString()).build();
    }

    /** Moves the deployment's clock forward to {"to": instant}. */
    @POST
    @Path("clock")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject forwardClock(JsonObject body) {
        forwardableClock.forwardTo(Instant.parse(body.getString("to")));
        return jakarta.json.Json.createObjectBuilder().add("now", clock.instant().toString()).build();
    }

    /** Changes the watchlist (and so the allowlist), then fails: the whole transaction must roll back. */
    @POST
    @Path("config/watchlist-then-fail")
    @Consumes(MediaType.APPLICATION_JSON)
    public void watchlistThenFail(JsonObject body) {
        configVersions.replaceWatchlist("seed", WatchlistRequest.parse(body).tokens());
        em.flush();
        throw new IllegalStateException("probe: failing after the watchlist change was written");
    }

    @POST
    @Path("journal")
    @Consumes(MediaType.APPLICATION_JSON)
    public JournalEntryView append(Append request) {
        return JournalEntryView.of(journal.appendUnlisted(request.type(), request.tags(), request.body()));
    }

    /** Appends {@code count} entries of {@code size} characters in one transaction. */
    @POST
    @Path("journal/burst")
    public Map<String, Object> burst(@QueryParam("count") int count, @QueryParam("size") int size) {
        long started = System.nanoTime();
        String body = "x".repeat(size);
        for (int i = 0; i < count; i++) {
            journal.appendUnlisted("PROBE_BURST", List.of("PROBE_BURST"), body);
        }
        return Map.of("count", count, "millis", (System.nanoTime() - started) / 1_000_000);
    }

    @DELETE
    @Path("journal/{id}")
    public void remove(@PathParam("id") String id) {
        em.remove(em.find(JournalEntry.class, id));
        em.flush();
    }

    @GET
    @Path("subscribers")
    public Map<String, Integer> subscribers() {
        return Map.of("count", subscribers.count());
    }
}
