package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * Reference mid prices from CoinMarketCap's {@code /v2/cryptocurrency/quotes/latest}, and nothing else: no candles,
 * no executable quotes. One batched request for every token serves all {@code mid()} calls for
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

    /** How the adapter waits between retries; tests replace it so that they never really wait. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

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
            return backoff.multipliedBy(1L << Math.min(Math.max(retries - 1, 0), 20));
        }

        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                    + ", timeout=" + timeout + ", retries=" + retries + ", backoff=" + backoff + ", cacheTtl="
                    + cacheTtl + "]";
        }
    }

    /** What one HTTP exchange gave: prices, or why not and whether asking again soon may help. */
    private record Attempt(Map<Token, MidPrice> prices, String failure, boolean retryable, Duration retryAfter) {

        static Attempt ok(Map<Token, MidPrice> prices) {
            return new Attempt(prices, null, false, null);
        }

        static Attempt failed(String why, boolean retryable) {
            return new Attempt(null, why, retryable, null);
        }
    }

    private Settings settings;
    private Clock clock;
    private HttpClient http;
    private Sleeper sleeper;
    private final AtomicBoolean missingKeyLogged = new AtomicBoolean();

    // guarded by this
    private final Map<Token, MidPrice> prices = new EnumMap<>(Token.class);
    private Instant nextFetch = Instant.MIN;
    private boolean failing;

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
        this(new Settings(baseUri(baseUrl), apiKey, timeout, retries, backoff, cacheTtl), clock, Sleeper.REAL);
    }

    /** An adapter with explicit settings; {@code sleeper} does the waiting between retries. */
    public CoinMarketCap(Settings settings, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static URI baseUri(String baseUrl) {
        String trimmed = baseUrl.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("halyrd.cmc.base-url must be an http(s) URL, not '" + baseUrl + "'");
        }
    }

    /** The CoinMarketCap id the token is priced by. */
    public static int cmcId(Token token) {
        return IDS.get(token);
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        return List.of();
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        if (settings.apiKey().isEmpty()) {
            if (missingKeyLogged.compareAndSet(false, true)) {
                LOG.warning("halyrd.cmc.api-key is not set: CoinMarketCap gives no reference prices");
            }
            return Optional.empty();
        }
        synchronized (this) {
            try {
                refreshIfDue();
            } catch (RuntimeException e) { // a price feed that throws would stop the cycle; absent data will not
                LOG.warning(() -> "CoinMarketCap refresh failed unexpectedly: " + redact(describe(e)));
            }
            return Optional.ofNullable(prices.get(token));
        }
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        return Optional.empty();
    }

    /** One round of up to {@code 1 + retries} requests, at most once per cache TTL (or per Retry-After). */
    private void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextFetch)) {
            return;
        }
        nextFetch = now.plus(settings.cacheTtl());
        Duration delay = settings.backoff();
        for (int attempt = 0;; attempt++) {
            Attempt result = attemptOnce();
            if (result.prices() != null) {
                accept(result.prices());
                return;
            }
            if (!result.retryable() || attempt >= settings.retries()) {
                fail(result.failure(), result.retryAfter());
                return;
            }
            Duration wait = delay;
            if (result.retryAfter() != null) {
                if (result.retryAfter().compareTo(settings.backoffCap()) > 0) {
                    fail(result.failure() + ", Retry-After " + result.retryAfter().toSeconds() + " s", result.retryAfter());
                    return;
                }
                wait = result.retryAfter().compareTo(delay) > 0 ? result.retryAfter() : delay;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(result.failure() + " (interrupted before retrying)", null);
                return;
            }
            delay = delay.multipliedBy(2);
        }
    }

    private void accept(Map<Token, MidPrice> fresh) {
        fresh.forEach((token, price) -> prices.merge(token, price,
                (old, now) -> now.ts().isBefore(old.ts()) ? old : now)); // CMC never moves a price back in time
        if (failing) {
            failing = false;
            LOG.info(() -> "CoinMarketCap answers again: " + fresh.size() + " reference prices");
        }
    }

    private void fail(String why, Duration retryAfter) {
        if (retryAfter != null) { // asking again before then only spends credits on another 429
            Instant notBefore = clock.instant().plus(retryAfter);
            if (notBefore.isAfter(nextFetch)) {
                nextFetch = notBefore;
            }
        }
        // The first failure of a run is a warning; while it keeps failing, once per round at FINE.
        Level level = failing ? Level.FINE : Level.WARNING;
        failing = true;
        LOG.log(level, () -> "CoinMarketCap unavailable (" + redact(why) + "); serving the last prices with their "
                + "original times (" + prices.size() + " tokens), next attempt at " + nextFetch);
    }

    private Attempt attemptOnce() {
        HttpRequest request = HttpRequest.newBuilder(requestUri())
                .timeout(settings.timeout())
                .header("X-CMC_PRO_API_KEY", settings.apiKey().orElseThrow())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            // The request timeout covers the headers only; this bounds a body that trickles in as well.
            response = pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Attempt.failed("no answer within " + settings.timeout(), true);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.failed("interrupted", false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Attempt.failed("no answer within " + settings.timeout(), true);
            }
            return Attempt.failed(describe(cause), cause instanceof IOException);
        }
        int status = response.statusCode();
        if (status == 429) {
            return new Attempt(null, "HTTP 429" + cmcError(response.body()).map(m -> ": " + m).orElse(""), true,
                    retryAfter(response).orElse(null));
        }
        if (status < 200 || status > 299) {
            return Attempt.failed("HTTP " + status + cmcError(response.body()).map(m -> ": " + m).orElse(""),
                    status >= 500);
        }
        return parse(response.body());
    }

    private URI requestUri() {
        String ids = IDS.values().stream().map(String::valueOf).collect(Collectors.joining(","));
        return URI.create(settings.baseUrl() + "/v2/cryptocurrency/quotes/latest?id=" + ids + "&convert=" + CONVERT);
    }

    /** Reads a v2 body; entries under {@code data} may be one object or an array of them, keyed by CMC id. */
    private Attempt parse(String body) {
        JsonObject root;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            root = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return Attempt.failed("malformed JSON", false);
        }
        Optional<String> error = cmcError(root);
        if (error.isPresent()) {
            return Attempt.failed(error.get(), false);
        }
        if (!(root.get("data") instanceof JsonObject data)) {
            return Attempt.failed("no data in the response", false);
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
        return found.isEmpty() ? Attempt.failed("no usable prices in the response", false) : Attempt.ok(found);
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

    private static Optional<String> cmcError(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            return cmcError(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** CMC's own error report, {@code status.error_code} other than 0 with its message. */
    private static Optional<String> cmcError(JsonObject root) {
        if (root.get("status") instanceof JsonObject status && status.get("error_code") instanceof JsonNumber code
                && code.bigDecimalValue().signum() != 0) {
            String message = status.get("error_message") instanceof JsonString text ? text.getString() : "no message";
            return Optional.of("CMC error " + code + ": " + message);
        }
        return Optional.empty();
    }

    /** Retry-After as delta-seconds or an HTTP date; absent when missing or unreadable. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> {
            try {
                long seconds = Long.parseLong(value);
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration until = Duration.between(clock.instant(), at);
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
    }

    private static String describe(Throwable thrown) {
        String message = thrown.getMessage();
        return thrown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
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
