package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Token;

/**
 * Perpetual funding rates from Binance's USDⓈ-M futures public API (no key), and nothing else. The rate in force
 * at a time is the latest funding at or before it ({@code /fapi/v1/fundingRate}, fetched in windows of up to
 * {@value #WINDOW_DAYS} days and kept), except within the current funding interval — the {@link #INTERVAL} before
 * {@code nextFundingTime} — where it is {@code lastFundingRate} of {@code /fapi/v1/premiumIndex}, asked at most once
 * per {@code halyrd.market.feeds.cache-ttl}. Binance publishes a fraction per interval (0.0001); Halyrd's
 * {@code funding_rate} is in percent (0.01). A token without a perpetual, an unknown symbol or a failure answers
 * empty, never an exception.
 */
@ApplicationScoped
@Typed(BinanceFunding.class) // injected as a MarketFeed only through Market, which picks the adapters
public class BinanceFunding implements MarketFeed {

    /** Binance's standard funding interval: the span before {@code nextFundingTime} that premiumIndex answers for. */
    static final Duration INTERVAL = Duration.ofHours(8);
    /** The span one history request covers: 1000 fundings at 8 h, with room for shorter intervals' gaps. */
    static final int WINDOW_DAYS = 300;

    private static final Logger LOG = Logger.getLogger(BinanceFunding.class.getName());

    /**
     * The USDⓈ-M perpetual each token's funding is read from: BTCB follows Bitcoin, the Binance-Peg tokens and
     * wrapped BNB their native asset. A token missing here (one added to the universe later, say) has no perpetual
     * and no funding.
     */
    private static final Map<Token, String> PERPETUALS = Collections.unmodifiableMap(new EnumMap<>(Map.ofEntries(
            Map.entry(Token.BNB, "BNBUSDT"),
            Map.entry(Token.BTCB, "BTCUSDT"),
            Map.entry(Token.ETH, "ETHUSDT"),
            Map.entry(Token.CAKE, "CAKEUSDT"),
            Map.entry(Token.LINK, "LINKUSDT"),
            Map.entry(Token.AVAX, "AVAXUSDT"),
            Map.entry(Token.ADA, "ADAUSDT"),
            Map.entry(Token.DOT, "DOTUSDT"),
            Map.entry(Token.XRP, "XRPUSDT"),
            Map.entry(Token.DOGE, "DOGEUSDT"),
            Map.entry(Token.UNI, "UNIUSDT"),
            Map.entry(Token.LTC, "LTCUSDT"),
            Map.entry(Token.ATOM, "ATOMUSDT"),
            Map.entry(Token.FIL, "FILUSDT"))));

    /** The latest premiumIndex of a symbol: the rate of the current interval, which ends at {@code next}. */
    private record Current(BigDecimal percent, Instant next) {
    }

    /** One history request's span: everything Binance had between {@code from} and {@code to} is known. */
    private record Window(Instant from, Instant to) {
        boolean answers(Instant at) {
            return !from.isAfter(at.minus(Timeline.STALE_AFTER)) && !at.isAfter(to);
        }
    }

    private URI baseUrl;
    private Duration cacheTtl;
    private Clock clock;
    private JsonHttp http;
    private JsonHttp.Health health;

    // guarded by this
    private final Map<Token, Current> current = new EnumMap<>(Token.class);
    private final Map<Token, Instant> nextCurrentFetch = new EnumMap<>(Token.class);
    private final Map<Token, Timeline> history = new EnumMap<>(Token.class);
    private final Map<Token, List<Window>> windows = new EnumMap<>(Token.class);
    private final Map<Token, Instant> nextHistoryFetch = new EnumMap<>(Token.class);

    protected BinanceFunding() {
        // for the CDI proxy
    }

    @Inject
    public BinanceFunding(Clock clock,
            @ConfigProperty(name = "halyrd.market.binance-futures.url", defaultValue = "https://fapi.binance.com") String baseUrl,
            @ConfigProperty(name = "halyrd.market.feeds.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "halyrd.market.feeds.cache-ttl", defaultValue = "PT5M") Duration cacheTtl) {
        this(JsonHttp.baseUri(baseUrl, "halyrd.market.binance-futures.url"), timeout, cacheTtl, clock,
                JsonHttp.Sleeper.REAL);
    }

    /** A feed asking {@code baseUrl}; {@code sleeper} does the waiting between retries. */
    public BinanceFunding(URI baseUrl, Duration timeout, Duration cacheTtl, Clock clock, JsonHttp.Sleeper sleeper) {
        this.baseUrl = baseUrl;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
        this.http = new JsonHttp(timeout, JsonHttp.KEYLESS_RETRIES, JsonHttp.KEYLESS_BACKOFF, clock, sleeper,
                BinanceFunding::errorReport);
        this.health = new JsonHttp.Health(LOG, "Binance funding");
    }

    /** The USDⓈ-M perpetual the token's funding is read from ({@code ETHUSDT}, BTCB → {@code BTCUSDT}). */
    public static Optional<String> perpetual(Token token) {
        return Optional.ofNullable(PERPETUALS.get(token));
    }

    /** A fraction per interval as Binance gives it, in Halyrd's percent per interval. */
    static BigDecimal percent(BigDecimal fraction) {
        return fraction.movePointRight(2);
    }

    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        Optional<String> symbol = perpetual(token);
        if (symbol.isEmpty()) {
            return OptionalDouble.empty();
        }
        synchronized (this) {
            try {
                return rate(token, symbol.get(), at);
            } catch (RuntimeException e) { // a feed that throws would stop the cycle; absent data will not
                LOG.warning(() -> "Binance funding failed unexpectedly: " + JsonHttp.describe(e));
                return OptionalDouble.empty();
            }
        }
    }

    private OptionalDouble rate(Token token, String symbol, Instant at) {
        Instant now = clock.instant();
        Instant asked = at.isAfter(now) ? now : at;
        if (!asked.isBefore(now.minus(INTERVAL))) { // may be in the current interval
            Optional<Current> latest = current(token, symbol, now);
            if (latest.isPresent() && !asked.isBefore(latest.get().next().minus(INTERVAL))) {
                return OptionalDouble.of(latest.get().percent().doubleValue());
            }
        }
        return settled(token, symbol, asked, now);
    }

    private Optional<Current> current(Token token, String symbol, Instant now) {
        if (!now.isBefore(nextCurrentFetch.getOrDefault(token, Instant.MIN))) {
            nextCurrentFetch.put(token, now.plus(cacheTtl));
            URI uri = URI.create(baseUrl + "/fapi/v1/premiumIndex?symbol=" + symbol);
            JsonHttp.Outcome<Current> outcome = http.get(uri, Map.of(), BinanceFunding::premiumIndex);
            if (outcome.succeeded()) {
                current.put(token, outcome.value());
                health.answered(symbol + " premiumIndex");
            } else {
                failed(nextCurrentFetch, token, now, outcome, symbol + " premiumIndex");
            }
        }
        return Optional.ofNullable(current.get(token));
    }

    private OptionalDouble settled(Token token, String symbol, Instant at, Instant now) {
        List<Window> known = windows.computeIfAbsent(token, t -> new ArrayList<>());
        if (known.stream().noneMatch(w -> w.answers(at))
                && !now.isBefore(nextHistoryFetch.getOrDefault(token, Instant.MIN))) {
            nextHistoryFetch.put(token, now.plus(cacheTtl));
            Instant from = at.minus(Timeline.STALE_AFTER);
            Instant until = at.plus(Duration.ofDays(WINDOW_DAYS));
            Instant to = until.isAfter(now) ? now : until;
            URI uri = URI.create(baseUrl + "/fapi/v1/fundingRate?symbol=" + symbol + "&startTime="
                    + from.toEpochMilli() + "&endTime=" + to.toEpochMilli() + "&limit=1000");
            JsonHttp.Outcome<Map<Instant, BigDecimal>> outcome = http.get(uri, Map.of(), BinanceFunding::fundings);
            if (outcome.succeeded()) {
                history.computeIfAbsent(token, t -> new Timeline()).putAll(outcome.value());
                known.add(new Window(from, to));
                nextHistoryFetch.remove(token); // a new window may be asked for at once
                health.answered(symbol + " funding history");
            } else {
                failed(nextHistoryFetch, token, now, outcome, symbol + " funding history");
            }
        }
        if (known.stream().noneMatch(w -> w.answers(at))) {
            return OptionalDouble.empty();
        }
        return history.get(token).at(at);
    }

    private void failed(Map<Token, Instant> nextFetch, Token token, Instant now, JsonHttp.Outcome<?> outcome,
            String what) {
        if (outcome.retryAfter() != null && now.plus(outcome.retryAfter()).isAfter(nextFetch.get(token))) {
            nextFetch.put(token, now.plus(outcome.retryAfter()));
        }
        health.failed(outcome.failure(), " asking for " + what + "; next attempt at " + nextFetch.get(token));
    }

    /** Binance's error report, {@code {"code": -1121, "msg": "Invalid symbol."}} (futures and spot alike). */
    static Optional<String> errorReport(JsonValue body) {
        if (body instanceof JsonObject root && root.containsKey("code") && root.get("msg") instanceof JsonString msg
                && JsonHttp.decimal(root.get("code")).filter(code -> code.signum() != 0).isPresent()) {
            return Optional.of("Binance error " + root.get("code") + ": " + msg.getString());
        }
        return Optional.empty();
    }

    private static JsonHttp.Outcome<Current> premiumIndex(JsonValue body) {
        if (body instanceof JsonObject root) {
            Optional<BigDecimal> rate = JsonHttp.decimal(root.get("lastFundingRate"));
            Optional<BigDecimal> next = JsonHttp.decimal(root.get("nextFundingTime"));
            try {
                if (rate.isPresent() && next.isPresent() && next.get().signum() > 0) {
                    return JsonHttp.Outcome.ok(new Current(percent(rate.get()),
                            Instant.ofEpochMilli(next.get().longValueExact())));
                }
            } catch (ArithmeticException | DateTimeException notATime) {
                // falls through
            }
        }
        return JsonHttp.Outcome.failed("no lastFundingRate and nextFundingTime in the response");
    }

    /** Each funding's rate by its time; entries without a readable rate or time are left out. */
    private static JsonHttp.Outcome<Map<Instant, BigDecimal>> fundings(JsonValue body) {
        if (!(body instanceof JsonArray entries)) {
            return JsonHttp.Outcome.failed("not a list of fundings");
        }
        Map<Instant, BigDecimal> rates = new TreeMap<>();
        for (JsonValue entry : entries) {
            if (entry instanceof JsonObject object) {
                Optional<BigDecimal> rate = JsonHttp.decimal(object.get("fundingRate"));
                Optional<BigDecimal> time = JsonHttp.decimal(object.get("fundingTime"));
                try {
                    if (rate.isPresent() && time.isPresent()) {
                        rates.put(Instant.ofEpochMilli(time.get().longValueExact()), percent(rate.get()));
                    }
                } catch (ArithmeticException | DateTimeException notATime) {
                    // left out
                }
            }
        }
        if (rates.isEmpty() && !entries.isEmpty()) {
            return JsonHttp.Outcome.failed("no usable fundings in the response");
        }
        return JsonHttp.Outcome.ok(rates); // an empty list is an answer: no funding in that window
    }

}
