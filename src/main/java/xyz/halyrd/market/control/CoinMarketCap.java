package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Token;

/**
 * Reference mid prices from CoinMarketCap's {@code /v2/cryptocurrency/quotes/latest}, and its Fear &amp; Greed
 * index from {@code /v3/fear-and-greed/historical} (see {@link #fearGreed}); no candles, no executable quotes. One batched request for every token serves all {@code mid()} calls for
 * {@code halyrd.cmc.cache-ttl}, because CMC bills credits per call. When CMC cannot be reached or answers
 * nonsense, the last good price is served with the time CMC gave it, never re-stamped, so the QuoteVerifier
 * rejects it as stale once it is too old; a price that was never fetched is absent.
 *
 * <p>Prices are requested with {@code convert=USDT}, not USD: a {@link MidPrice} is in USDT, every pair trades
 * against USDT, and a USDT that drifts off its peg must not show up as divergence on every token at once.
 *
 * <p>The API key is sent only in the {@code X-CMC_PRO_API_KEY} header and never appears in a log, an exception or a
 * {@code toString()}.
 */
@ApplicationScoped
@Typed(CoinMarketCap.class) // injected as a MarketFeed only through Market, which picks the adapters
public class CoinMarketCap implements MarketFeed {

    /** The currency prices are converted to, and the key under {@code quote} in the response. */
    public static final String CONVERT = "USDT";

    /**
     * CoinMarketCap's id of the asset each token stands for. The Binance-Peg tokens and BTCB are priced as the
     * asset they are pegged to (BTCB as Bitcoin, id 1, not "Bitcoin BEP2", id 4023): the native markets are
     * the deep, well-tracked ones, and a peg that breaks should look like divergence to the QuoteVerifier, not
     * be hidden by a reference price taken from the same thin pegged market. BNB is priced as BNB for wrapped
     * BNB alike.
     */
    private static final Map<Token, Integer> IDS = Collections.unmodifiableMap(new EnumMap<>(Map.ofEntries(
            Map.entry(Token.BNB, 1839),
            Map.entry(Token.BTCB, 1),
            Map.entry(Token.ETH, 1027),
            Map.entry(Token.CAKE, 7186),
            Map.entry(Token.LINK, 1975),
            Map.entry(Token.AVAX, 5805),
            Map.entry(Token.ADA, 2010),
            Map.entry(Token.DOT, 6636),
            Map.entry(Token.XRP, 52),
            Map.entry(Token.DOGE, 74),
            Map.entry(Token.UNI, 7083),
            Map.entry(Token.LTC, 2),
            Map.entry(Token.ATOM, 3794),
            Map.entry(Token.FIL, 2280))));

    private static final Map<Integer, Token> TOKENS = IDS.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private static final Logger LOG = Logger.getLogger(CoinMarketCap.class.getName());

    /** Where and how to ask CoinMarketCap; {@link #toString()} never shows the key. */
    public record Settings(URI baseUrl, Optional<String> apiKey, Duration timeout, int retries, Duration backoff,
            Duration cacheTtl) {

        public Settings {
            apiKey = apiKey.map(String::trim).filter(k -> !k.isEmpty());
            require(timeout, "halyrd.cmc.timeout");
            require(backoff, "halyrd.cmc.backoff");
            require(cacheTtl, "halyrd.cmc.cache-ttl");
            if (retries < 0) {
                throw new IllegalArgumentException("halyrd.cmc.retries must be 0 or more, not " + retries);
            }
        }

        private static void require(Duration value, String key) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(key + " must be a positive ISO-8601 duration, not " + value);
            }
        }

        /** The longest a retry waits: the last step of the backoff schedule. A longer Retry-After ends the round. */
        public Duration backoffCap() {
            return JsonHttp.backoffCap(backoff, retries);
        }

        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                    + ", timeout=" + timeout + ", retries=" + retries + ", backoff=" + backoff + ", cacheTtl="
                    + cacheTtl + "]";
        }
    }

    private Settings settings;
    private Clock clock;
    private JsonHttp http;
    private JsonHttp.Health health;
    private FearGreedHistory fearGreed;
    private final AtomicBoolean missingKeyLogged = new AtomicBoolean();

    // guarded by this
    private final Map<Token, MidPrice> prices = new EnumMap<>(Token.class);
    private Instant nextFetch = Instant.MIN;

    protected CoinMarketCap() {
        // for the CDI proxy
    }

    @Inject
    public CoinMarketCap(Clock clock,
            @ConfigProperty(name = "halyrd.cmc.base-url", defaultValue = "https://pro-api.coinmarketcap.com") String baseUrl,
            @ConfigProperty(name = "halyrd.cmc.api-key") Optional<String> apiKey,
            @ConfigProperty(name = "halyrd.cmc.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "halyrd.cmc.retries", defaultValue = "2") int retries,
            @ConfigProperty(name = "halyrd.cmc.backoff", defaultValue = "PT0.5S") Duration backoff,
            @ConfigProperty(name = "halyrd.cmc.cache-ttl", defaultValue = "PT60S") Duration cacheTtl) {
        this(new Settings(JsonHttp.baseUri(baseUrl, "halyrd.cmc.base-url"), apiKey, timeout, retries, backoff, cacheTtl), clock, JsonHttp.Sleeper.REAL);
    }

    /** An adapter with explicit settings; {@code sleeper} does the waiting between retries. */
    public CoinMarketCap(Settings settings, Clock clock, JsonHttp.Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.http = new JsonHttp(settings.timeout(), settings.retries(), settings.backoff(), clock, sleeper,
                CoinMarketCap::cmcError);
        this.health = new JsonHttp.Health(LOG, "CoinMarketCap");
        URI fearGreedUri = URI.create(settings.baseUrl() + "/v3/fear-and-greed/historical?start=1&limit=500");
        this.fearGreed = new FearGreedHistory(clock, settings.cacheTtl(), () -> redacted(http.get(fearGreedUri,
                keyHeader(), FearGreedHistory::days)), LOG, "CoinMarketCap fear & greed");
    }

    /** The CoinMarketCap id the token is priced by. */
    public static int cmcId(Token token) {
        return IDS.get(token);
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        if (keyMissing()) {
            return Optional.empty();
        }
        synchronized (this) {
            try {
                refreshIfDue();
            } catch (RuntimeException e) { // a price feed that throws would stop the cycle; absent data will not
                LOG.warning(() -> "CoinMarketCap refresh failed unexpectedly: " + redact(JsonHttp.describe(e)));
            }
            return Optional.ofNullable(prices.get(token));
        }
    }

    /**
     * CoinMarketCap's Fear &amp; Greed index ({@code /v3/fear-and-greed/historical}, the last 500 days): the value
     * of the latest day at or before {@code at}, asked again only when a newer day may be out, at most once per
     * {@code halyrd.cmc.cache-ttl}.
     */
    @Override
    public OptionalDouble fearGreed(Instant at) {
        return keyMissing() ? OptionalDouble.empty() : fearGreed.at(at);
    }

    private boolean keyMissing() {
        if (settings.apiKey().isEmpty()) {
            if (missingKeyLogged.compareAndSet(false, true)) {
                LOG.warning("halyrd.cmc.api-key is not set: CoinMarketCap gives no reference prices or fear & greed");
            }
            return true;
        }
        return false;
    }

    private Map<String, String> keyHeader() {
        return Map.of("X-CMC_PRO_API_KEY", settings.apiKey().orElseThrow());
    }

    private <T> JsonHttp.Outcome<T> redacted(JsonHttp.Outcome<T> outcome) {
        return outcome.succeeded() ? outcome
                : new JsonHttp.Outcome<>(null, redact(outcome.failure()), outcome.retryable(), outcome.retryAfter());
    }

    /** One round of up to {@code 1 + retries} requests, at most once per cache TTL (or per Retry-After). */
    private void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextFetch)) {
            return;
        }
        nextFetch = now.plus(settings.cacheTtl());
        JsonHttp.Outcome<Map<Token, MidPrice>> result = http.get(requestUri(), keyHeader(), CoinMarketCap::parse);
        if (result.succeeded()) {
            accept(result.value());
        } else {
            fail(result.failure(), result.retryAfter());
        }
    }

    private void accept(Map<Token, MidPrice> fresh) {
        fresh.forEach((token, price) -> prices.merge(token, price,
                (old, now) -> now.ts().isBefore(old.ts()) ? old : now)); // CMC never moves a price back in time
        health.answered(fresh.size() + " reference prices");
    }

    private void fail(String why, Duration retryAfter) {
        if (retryAfter != null) { // asking again before then only spends credits on another 429
            Instant notBefore = clock.instant().plus(retryAfter);
            if (notBefore.isAfter(nextFetch)) {
                nextFetch = notBefore;
            }
        }
        health.failed(redact(why), "; serving the last prices with their original times (" + prices.size()
                + " tokens), next attempt at " + nextFetch);
    }

    private URI requestUri() {
        String ids = IDS.values().stream().map(String::valueOf).collect(Collectors.joining(","));
        return URI.create(settings.baseUrl() + "/v2/cryptocurrency/quotes/latest?id=" + ids + "&convert=" + CONVERT);
    }

    /** Reads a v2 body; entries under {@code data} may be one object or an array of them, keyed by CMC id. */
    private static JsonHttp.Outcome<Map<Token, MidPrice>> parse(JsonValue body) {
        if (!(body instanceof JsonObject root) || !(root.get("data") instanceof JsonObject data)) {
            return JsonHttp.Outcome.failed("no data in the response");
        }
        Map<Token, MidPrice> found = new EnumMap<>(Token.class);
        List<String> unusable = new ArrayList<>();
        data.forEach((key, value) -> {
            List<JsonValue> entries = value instanceof JsonArray array ? array : List.of(value);
            for (JsonValue entry : entries) {
                Optional<MidPrice> price = entry instanceof JsonObject object ? price(key, object) : Optional.empty();
                if (price.isPresent()) {
                    found.putIfAbsent(price.get().token(), price.get());
                } else if (entryId(key, entry).map(TOKENS::containsKey).orElse(true)) {
                    unusable.add(key);
                }
            }
        });
        if (!unusable.isEmpty()) {
            LOG.fine(() -> "CoinMarketCap entries without a usable " + CONVERT + " price or time: " + unusable);
        }
        return found.isEmpty() ? JsonHttp.Outcome.failed("no usable prices in the response") : JsonHttp.Outcome.ok(found);
    }

    private static Optional<MidPrice> price(String key, JsonObject entry) {
        Optional<Token> token = entryId(key, entry).map(TOKENS::get);
        if (token.isEmpty()
                || !(entry.get("quote") instanceof JsonObject quote)
                || !(quote.get(CONVERT) instanceof JsonObject converted)
                || !(converted.get("price") instanceof JsonNumber price)
                || !(converted.get("last_updated") instanceof JsonString updated)) {
            return Optional.empty();
        }
        BigDecimal value = price.bigDecimalValue();
        if (value.signum() <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MidPrice(token.get(), value, Instant.parse(updated.getString())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The entry's own {@code id}, else the key it is filed under. */
    private static Optional<Integer> entryId(String key, JsonValue entry) {
        try {
            if (entry instanceof JsonObject object && object.get("id") instanceof JsonNumber id) {
                return Optional.of(id.intValueExact());
            }
            return Optional.of(Integer.parseInt(key));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** CMC's own error report, {@code status.error_code} other than 0 with its message. */
    private static Optional<String> cmcError(JsonValue body) {
        if (!(body instanceof JsonObject root) || !(root.get("status") instanceof JsonObject status)) {
            return Optional.empty();
        }
        Optional<BigDecimal> code = JsonHttp.decimal(status.get("error_code")); // a number, or in v3 a string
        if (code.isEmpty() || code.get().signum() == 0) {
            return Optional.empty();
        }
        String message = status.get("error_message") instanceof JsonString text ? text.getString() : "no message";
        return Optional.of("CMC error " + code.get().toPlainString() + ": " + message);
    }

    /** Belt and braces: a server could echo the key in an error message, and that text is logged. */
    private String redact(String text) {
        String key = settings.apiKey().orElse(null);
        return key == null || text == null ? text : text.replace(key, "(key)");
    }

    @Override
    public String toString() {
        return "CoinMarketCap[" + settings + "]";
    }
}
