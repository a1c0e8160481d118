package xyz.halyrd.portfolio.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.platform.ApiException;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.KeptUntilWrite;
import xyz.halyrd.portfolio.entity.EquitySnapshot;

/**
 * {@code /agents/{id}/equity}: the equity curve between {@code from} (default: the first snapshot) and {@code to}
 * (default: now), at its native resolution or, with {@code interval} 1h, 4h or 1d, the last snapshot of each bucket.
 */
@ApplicationScoped // one instance for every request: nothing per request is kept in it
@Path("agents/{id}/equity")
@Produces(MediaType.APPLICATION_JSON)
public class EquityResource {

    private static final Map<String, Duration> INTERVALS =
            Map.of("1h", Duration.ofHours(1), "4h", Duration.ofHours(4), "1d", Duration.ofDays(1));

    @JsonbPropertyOrder({"ts", "equity", "phase", "ddFromPeak"})
    public record Point(Instant ts, BigDecimal equity, String phase, BigDecimal ddFromPeak) {
        static Point of(EquitySnapshot s) {
            return new Point(s.ts(), Decimals.plain(s.equity()), s.phase().wire(), Decimals.plain(s.ddFromPeak()));
        }
    }

    @Inject
    Clock clock;

    @PersistenceContext
    EntityManager em;

    @GET
    @KeptUntilWrite // up to now by default: a point is written at its time, never ahead of it
    public List<Point> curve(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("interval") String interval) {
        String agentId = AgentRegistry.idOf(id);
        Instant start = from == null ? Instant.EPOCH : instant("from", from);
        Instant end = to == null ? clock.instant() : instant("to", to);
        if (start.isAfter(end)) {
            throw ApiException.validation("from", "must not be after to");
        }
        Duration bucket = interval == null ? null : INTERVALS.get(interval);
        if (interval != null && bucket == null) {
            throw ApiException.validation("interval", "must be 1h, 4h or 1d (got '" + interval + "')");
        }
        List<EquitySnapshot> snapshots = em.createQuery("SELECT s FROM EquitySnapshot s WHERE s.agentId = :agent"
                        + " AND s.ts >= :from AND s.ts <= :to ORDER BY s.id", EquitySnapshot.class)
                .setParameter("agent", agentId).setParameter("from", start).setParameter("to", end)
                .getResultList();
        if (bucket == null) {
            return snapshots.stream().map(Point::of).toList();
        }
        Map<Long, EquitySnapshot> lastOfBucket = new LinkedHashMap<>();
        for (EquitySnapshot s : snapshots) {
            lastOfBucket.put(Math.floorDiv(s.ts().toEpochMilli(), bucket.toMillis()), s);
        }
        return new ArrayList<>(lastOfBucket.values()).stream().map(Point::of).toList();
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field, "must be an ISO-8601 UTC time such as 2025-06-22T14:00:00Z");
        }
    }
}
