package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The crypto Fear &amp; Greed index from alternative.me ({@code GET /fng/?limit=0&format=json}: the whole daily
 * history, no key), and nothing else. One request serves until a newer day may be out (see
 * {@link FearGreedHistory}); failures give empty answers, never an exception.
 */
@ApplicationScoped
@Typed(AlternativeMe.class) // injected as a MarketFeed only through Market, which picks the adapters
public class AlternativeMe implements MarketFeed {

    private static final Logger LOG = Logger.getLogger(AlternativeMe.class.getName());

    private FearGreedHistory history;

    protected AlternativeMe() {
        // for the CDI proxy
    }

    @Inject
    public AlternativeMe(Clock clock,
            @ConfigProperty(name = "halyrd.market.alternative-me.url", defaultValue = "https://api.alternative.me") String baseUrl,
            @ConfigProperty(name = "halyrd.market.feeds.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "halyrd.market.feeds.cache-ttl", defaultValue = "PT5M") Duration cacheTtl) {
        this(JsonHttp.baseUri(baseUrl, "halyrd.market.alternative-me.url"), timeout, cacheTtl, clock,
                JsonHttp.Sleeper.REAL);
    }

    /** A feed asking {@code baseUrl}; {@code sleeper} does the waiting between retries. */
    public AlternativeMe(URI baseUrl, Duration timeout, Duration cacheTtl, Clock clock, JsonHttp.Sleeper sleeper) {
        JsonHttp http = new JsonHttp(timeout, JsonHttp.KEYLESS_RETRIES, JsonHttp.KEYLESS_BACKOFF, clock, sleeper,
                AlternativeMe::errorReport);
        URI uri = URI.create(baseUrl + "/fng/?limit=0&format=json");
        this.history = new FearGreedHistory(clock, cacheTtl, () -> http.get(uri, Map.of(), FearGreedHistory::days),
                LOG, "alternative.me fear & greed");
    }

    /** {@code metadata.error} when it is set. */
    private static Optional<String> errorReport(JsonValue body) {
        if (body instanceof JsonObject root && root.get("metadata") instanceof JsonObject metadata
                && metadata.get("error") instanceof JsonString error && !error.getString().isBlank()) {
            return Optional.of("alternative.me error: " + error.getString());
        }
        return Optional.empty();
    }

    @Override
    public OptionalDouble fearGreed(Instant at) {
        return history.at(at);
    }

}
