package xyz.halyrd.market.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.JsonP;

/**
 * Live candles from Binance's spot market, public klines without a key. Each token and resolution asked about
 * becomes a series: back-filled over REST ({@code GET /api/v3/klines}, pages of {@value #PAGE} by
 * {@code startTime}) for {@code halyrd.market.backfill} — further back, once, when a question asks for more bars —
 * then kept current by the kline stream ({@link KlineStream}).
 * A closed kline ({@code "x": true}) becomes a candle; every kline, closed or not, moves the series' live price.
 * Bars missed while the stream was down, or skipped in it, are fetched over REST when it reopens, when a closed
 * kline arrives after a gap, and when a read finds a bar that closed {@link #STREAM_GRACE} ago still missing. Bars
 * are kept by their open time, so none is ever held twice, and only those REST and the stream have given without a
 * hole are answered.
 *
 * <p>The reference mid and the executable quotes read the token's series at the cycle's resolution
 * ({@code halyrd.cycle.resolution}): the mid is the live price, dated by its event (the last closed bar's close,
 * dated at its close, before the stream has spoken); a quote fills at that price on a constant-product pool as deep
 * as the last closed bar's quote volume — its USDT turnover — as a CSV replay quotes ({@link Quote#onPool}).
 *
 * <p>Failures give empty or older answers, never an exception: a failed request waits
 * {@code halyrd.market.feeds.cache-ttl} before the series asks again, and a Retry-After (Binance's 429 and 418)
 * holds every request back that long. Messages that are not kline events are ignored; malformed ones are counted.
 *
 * <p>Thread-safe: each series is guarded by its own lock, held while its REST requests run (the trading cycle
 * reading it waits for them; other series do not); the stream's messages arrive on the scheduler's threads, one at
 * a time, after the catch-up of each new connection.
 */
@Dependent // created with Market, which owns the one instance: a bad key stops the deployment, and it closes with it
@Typed(BinanceKlines.class)
public class BinanceKlines implements MarketFeed {

    /** The most klines one REST request returns. */
    static final int PAGE = 1000;
    /** How long after a bar closes the stream may take to deliver it before a read fetches it over REST. */
    static final Duration STREAM_GRACE = Duration.ofSeconds(10);
    /**
     * The stream's timing: the first wait before reconnecting, doubling up to {@code maxReconnect}, and how long a
     * connection may bring nothing at all (no kline, no ping) before it is taken for dead and made again — a
     * connection can die without either side hearing of it, and an active kline stream speaks every few seconds.
     */
    public record StreamTiming(Duration firstReconnect, Duration maxReconnect, Duration silence) {

        /** 1 s doubling up to a minute; a minute of silence. */
        public static final StreamTiming DEFAULT = new StreamTiming(Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1));
    }

    private static final Logger LOG = Logger.getLogger(BinanceKlines.class.getName());
    private static final String SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";

    /** Binance's kline intervals by the resolution they are (months, which vary in length, are left out). */
    private static final Map<Duration, String> INTERVALS = intervals();

    /** A closed bar and its quote volume (USDT turnover), which the candle has no place for. */
    private record Bar(Candle candle, BigDecimal quoteVolume) {
    }

    /** The latest price of a series, from a kline event (closed or not), as of the event's time. */
    private record Live(BigDecimal price, Instant at) {
    }

    /** One token at one interval: its bars by open time and its live price, guarded by itself. */
    private static final class Series {
        final Token token;
        final Duration resolution;
        final String symbol;
        final String interval;
        final TreeMap<Instant, Bar> bars = new TreeMap<>();
        /** How far back bars are kept: the backfill, or more when a question asks for more bars. */
        Duration span;
        /** Every bar that opened from this on was asked for (or the history asked for starts later). */
        Instant heldFrom;
        /** Every bar that opened before this is held (or Binance has none); bars after it may have holes. */
        Instant filledUntil;
        /** No REST request for this series before this (after a failure). */
        Instant retryAt = Instant.MIN;
        Live live;

        Series(Token token, Duration resolution, String symbol, String interval, Duration span, Instant now) {
            this.token = token;
            this.resolution = resolution;
            this.symbol = symbol;
            this.interval = interval;
            this.span = span;
            this.heldFrom = now.minus(span);
            this.filledUntil = heldFrom;
        }
    }

    private final Clock clock;
    private final URI restUrl;
    private final Duration backfill;
    private final Duration failureWait;
    private final Duration quoteResolution;
    private final JsonHttp http;
    private final KlineStream stream;
    private final JsonHttp.Health health = new JsonHttp.Health(LOG, "Binance klines");
    private final Map<String, Series> series = new ConcurrentHashMap<>(); // by stream name, ethusdt@kline_1h
    private final AtomicLong malformed = new AtomicLong();
    /** No REST request before this: a Retry-After holds back every series, since it bans the address. */
    private volatile Instant bannedUntil = Instant.MIN;

    @Inject
    public BinanceKlines(Clock clock,
            @ConfigProperty(name = "halyrd.market.binance.url", defaultValue = "https://api.binance.com") String restUrl,
            @ConfigProperty(name = "halyrd.market.binance.stream-url", defaultValue = "wss://stream.binance.com:9443") String streamUrl,
            @ConfigProperty(name = "halyrd.market.feeds.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "halyrd.market.feeds.cache-ttl", defaultValue = "PT5M") Duration failureWait,
            @ConfigProperty(name = "halyrd.market.backfill", defaultValue = "P8D") Duration backfill,
            @ConfigProperty(name = "halyrd.cycle.resolution", defaultValue = "PT1H") Duration quoteResolution) {
        this(JsonHttp.baseUri(restUrl, "halyrd.market.binance.url"), streamUri(streamUrl), timeout, failureWait,
                backfill, quoteResolution, clock, JsonHttp.Sleeper.REAL, managedScheduler(), StreamTiming.DEFAULT);
    }

    /**
     * A feed asking {@code restUrl} and streaming from {@code streamUrl}; {@code sleeper} waits between REST retries,
     * {@code scheduler} connects the stream and delivers its messages, reconnecting as {@code streamTiming} says.
     */
    public BinanceKlines(URI restUrl, URI streamUrl, Duration timeout, Duration failureWait, Duration backfill,
            Duration quoteResolution, Clock clock, JsonHttp.Sleeper sleeper, ScheduledExecutorService scheduler,
            StreamTiming streamTiming) {
        if (interval(quoteResolution).isEmpty()) {
            throw new IllegalArgumentException("halyrd.cycle.resolution must be one of Binance's kline intervals "
                    + INTERVALS.keySet() + " when candles come from Binance, not " + quoteResolution);
        }
        this.clock = clock;
        this.restUrl = restUrl;
        this.backfill = backfill;
        this.failureWait = failureWait;
        this.quoteResolution = quoteResolution;
        this.http = new JsonHttp(timeout, JsonHttp.KEYLESS_RETRIES, JsonHttp.KEYLESS_BACKOFF, clock, sleeper,
                BinanceFunding::errorReport);
        this.stream = new KlineStream(streamUrl, scheduler, timeout, streamTiming, this::message, this::reopened);
    }

    /** Binance's name for a resolution's kline interval ({@code 5m}, {@code 1h}, {@code 1d}), if it has one. */
    public static Optional<String> interval(Duration resolution) {
        return Optional.ofNullable(INTERVALS.get(resolution));
    }

    /** The symbol of the token's spot market: Binance lists it under the same symbol as its perpetual. */
    static Optional<String> symbol(Token token) {
        return BinanceFunding.perpetual(token);
    }

    /** Messages from the stream that were not readable kline events (nor any other known message). */
    public long malformedMessages() {
        return malformed.get();
    }

    @PreDestroy
    public void close() {
        stream.close();
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        Optional<Series> held = series(token, resolution);
        if (held.isEmpty()) {
            return List.of();
        }
        Series s = held.get();
        synchronized (s) {
            Instant now = clock.instant();
            catchUpIfLate(s, now);
            Instant last = until.isAfter(now) ? now : until;
            reachBack(s, Duration.between(last, now).plus(resolution.multipliedBy(count + 1L)), now);
            List<Candle> out = new ArrayList<>();
            for (Bar bar : answered(s, last.minus(resolution)).descendingMap().values()) {
                if (out.size() == count) {
                    break;
                }
                out.add(bar.candle());
            }
            Collections.reverse(out);
            return out;
        }
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        return latest(token).map(latest -> new MidPrice(token, latest.price(), latest.at()));
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        Optional<Series> held = series(token, quoteResolution);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Series s = held.get();
        synchronized (s) {
            Optional<Live> latest = latest(s);
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            BigDecimal depth = answered(s, s.filledUntil).lastEntry().getValue().quoteVolume();
            return Optional.of(Quote.onPool(token, side, sizeUsdt, latest.get().price(), depth, latest.get().at()));
        }
    }

    /** The bars held without a hole that opened by {@code openedBy}. */
    private static NavigableMap<Instant, Bar> answered(Series s, Instant openedBy) {
        return openedBy.isBefore(s.filledUntil) ? s.bars.headMap(openedBy, true) : s.bars.headMap(s.filledUntil, false);
    }

    private Optional<Live> latest(Token token) {
        Optional<Series> held = series(token, quoteResolution);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        synchronized (held.get()) {
            return latest(held.get());
        }
    }

    /** The live price, or the last closed bar's close at its close when that is newer; empty without a bar. */
    private Optional<Live> latest(Series s) {
        catchUpIfLate(s, clock.instant());
        Map.Entry<Instant, Bar> newest = answered(s, s.filledUntil).lastEntry();
        if (newest == null) {
            return Optional.empty();
        }
        Candle bar = newest.getValue().candle();
        if (s.live != null && s.live.at().isAfter(bar.closeTime())) {
            return Optional.of(s.live);
        }
        return Optional.of(new Live(bar.close(), bar.closeTime()));
    }

    /** The token's series at a resolution, created (and streamed) when first asked; empty if Binance has none. */
    private Optional<Series> series(Token token, Duration resolution) {
        Optional<String> symbol = symbol(token);
        Optional<String> interval = interval(resolution);
        if (symbol.isEmpty() || interval.isEmpty()) {
            return Optional.empty();
        }
        String name = KlineStream.klines(symbol.get(), interval.get());
        Series s = series.computeIfAbsent(name, n -> new Series(token, resolution, symbol.get(), interval.get(),
                backfill, clock.instant()));
        stream.want(name);
        return Optional.of(s);
    }

    /** Fetches the bars missing since the last held one if a bar closed more than the stream's grace ago. */
    private void catchUpIfLate(Series s, Instant now) {
        if (!now.isBefore(s.filledUntil.plus(s.resolution).plus(STREAM_GRACE))) {
            fill(s, now);
        }
    }

    /** The stream (re)opened: every series fetches the bars it missed while it was down. */
    private void reopened() {
        for (Series s : series.values()) {
            synchronized (s) {
                Instant now = clock.instant();
                if (!now.isBefore(s.filledUntil.plus(s.resolution))) {
                    fill(s, now);
                }
            }
        }
    }

    /**
     * Fetches the closed bars that opened from the series' {@code filledUntil} up to {@code until}; on success every
     * closed bar before {@code until} that Binance has is held. False when a request failed (or is held back).
     */
    private boolean fill(Series s, Instant until) {
        Instant now = clock.instant();
        Optional<Instant> next = fetch(s, s.filledUntil, until, now);
        if (next.isEmpty()) {
            return false;
        }
        // a bar that opened before this had closed by now, so the answers hold it if Binance has it
        Instant settled = now.minus(s.resolution);
        s.filledUntil = later(s.filledUntil, later(next.get(), until.isBefore(settled) ? until : settled));
        forgetOld(s, now);
        return true;
    }

    /** Keeps {@code span} of history from now on, fetching the older bars it lacks when the span grows. */
    private void reachBack(Series s, Duration span, Instant now) {
        if (span.compareTo(s.span) <= 0) {
            return;
        }
        Instant from = now.minus(span);
        if (fetch(s, from, s.heldFrom, now).isPresent()) {
            s.span = span;
            s.heldFrom = from;
        } else {
            s.bars.headMap(s.heldFrom).clear(); // the pages before a failed one would leave a hole
        }
    }

    /**
     * Fetches over REST the closed bars that opened from {@code from} up to {@code until}, page by page, and holds
     * them; the open time after the newest one (or {@code from}), or empty when a request failed or is held back
     * after a failure or a ban.
     */
    private Optional<Instant> fetch(Series s, Instant from, Instant until, Instant now) {
        if (now.isBefore(s.retryAt) || now.isBefore(bannedUntil)) {
            return Optional.empty();
        }
        Instant next = from;
        while (from.isBefore(until)) {
            URI uri = URI.create(restUrl + "/api/v3/klines?symbol=" + s.symbol + "&interval=" + s.interval
                    + "&startTime=" + from.toEpochMilli() + "&endTime=" + (until.toEpochMilli() - 1) + "&limit=" + PAGE);
            JsonHttp.Outcome<List<Bar>> page = http.get(uri, Map.of(), body -> bars(s, body));
            if (!page.succeeded()) {
                s.retryAt = now.plus(failureWait);
                if (page.retryAfter() != null && now.plus(page.retryAfter()).isAfter(bannedUntil)) {
                    bannedUntil = now.plus(page.retryAfter());
                }
                health.failed(page.failure(), " asking for " + s.symbol + " " + s.interval + " klines from " + from
                        + "; next attempt at " + later(s.retryAt, bannedUntil));
                return Optional.empty();
            }
            for (Bar bar : page.value()) {
                Instant open = bar.candle().openTime();
                if (!bar.candle().closeTime().isAfter(now) && open.isBefore(until)) {
                    s.bars.put(open, bar);
                    next = later(next, open.plus(s.resolution));
                }
            }
            if (page.value().size() < PAGE || !next.isAfter(from)) {
                break;
            }
            from = next;
        }
        health.answered(s.symbol + " " + s.interval + " klines");
        return Optional.of(next);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Drops the bars older than any question asks about. */
    private void forgetOld(Series s, Instant now) {
        s.heldFrom = later(s.heldFrom, now.minus(s.span));
        s.bars.headMap(now.minus(s.span).minus(s.resolution)).clear();
    }

    /** The bars of a klines response: arrays of 12 fields, open time first and prices as strings. */
    private static JsonHttp.Outcome<List<Bar>> bars(Series s, JsonValue body) {
        if (!(body instanceof JsonArray rows)) {
            return JsonHttp.Outcome.failed("not a list of klines");
        }
        List<Bar> bars = new ArrayList<>();
        for (JsonValue row : rows) {
            if (!(row instanceof JsonArray f) || f.size() < 8 || !(f.get(0) instanceof JsonNumber open)) {
                return JsonHttp.Outcome.failed("not a kline: " + row);
            }
            bars.add(bar(s, Instant.ofEpochMilli(open.longValueExact()), f.get(1), f.get(2), f.get(3), f.get(4),
                    f.get(5), f.get(7)));
        }
        return JsonHttp.Outcome.ok(bars);
    }

    private static Bar bar(Series s, Instant open, JsonValue o, JsonValue h, JsonValue l, JsonValue c, JsonValue v,
            JsonValue q) {
        return new Bar(new Candle(s.token, open, s.resolution, number(o), number(h), number(l), number(c), number(v)),
                number(q));
    }

    private static BigDecimal number(JsonValue value) {
        return JsonHttp.decimal(value).orElseThrow(() -> new IllegalArgumentException("not a number: " + value));
    }

    /**
     * One message of the combined stream, {@code {"stream": …, "data": {"e": "kline", "E": …, "k": {…}}}} (or the
     * bare event of a single stream). A closed kline joins its series' bars, after the bars it skipped are fetched.
     */
    private void message(String text) {
        JsonObject event;
        try (JsonReader reader = JsonP.createReader(new StringReader(text))) {
            JsonObject root = reader.readObject();
            event = root.containsKey("data") ? root.getJsonObject("data") : root;
            if (!"kline".equals(event.getString("e", null))) {
                if (!root.containsKey("result")) { // a subscription's answer is no kline and no error
                    malformed(text, "not a kline event");
                }
                return;
            }
            JsonObject k = event.getJsonObject("k");
            Series s = series.get(KlineStream.klines(k.getString("s"), k.getString("i")));
            if (s == null) {
                return; // a stream no longer wanted, from a connection being replaced
            }
            Instant at = Instant.ofEpochMilli(event.getJsonNumber("E").longValueExact());
            Bar bar = bar(s, Instant.ofEpochMilli(k.getJsonNumber("t").longValueExact()), k.get("o"), k.get("h"),
                    k.get("l"), k.get("c"), k.get("v"), k.get("q"));
            boolean closed = k.getBoolean("x");
            synchronized (s) {
                if (s.live == null || !at.isBefore(s.live.at())) {
                    s.live = new Live(bar.candle().close(), at);
                }
                if (closed) {
                    closed(s, bar);
                }
            }
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException
                | IllegalArgumentException | IllegalStateException e) {
            malformed(text, JsonHttp.describe(e));
        }
    }

    private void closed(Series s, Bar bar) {
        Instant open = bar.candle().openTime();
        if (open.isAfter(s.filledUntil) && fill(s, open)) {
            s.filledUntil = later(s.filledUntil, open); // whatever Binance had in between is held now
        }
        s.bars.put(open, bar);
        if (open.equals(s.filledUntil)) {
            s.filledUntil = open.plus(s.resolution);
        }
        forgetOld(s, clock.instant());
    }

    private void malformed(String text, String why) {
        long count = malformed.incrementAndGet();
        LOG.log(count == 1 ? Level.WARNING : Level.FINE, () -> "Ignoring a malformed kline message (" + count
                + " so far): " + why + ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
    }

    private static URI streamUri(String streamUrl) {
        String key = "halyrd.market.binance.stream-url";
        URI uri;
        try {
            uri = JsonHttp.baseUri(streamUrl, key);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            throw new IllegalArgumentException(key + " must be a ws(s) URL, not '" + streamUrl + "'");
        }
        return uri;
    }

    private static ScheduledExecutorService managedScheduler() {
        try {
            return InitialContext.doLookup(SCHEDULER);
        } catch (NamingException e) {
            throw new IllegalStateException("No " + SCHEDULER + " for the Binance kline stream", e);
        }
    }

    private static Map<Duration, String> intervals() {
        Map<Duration, String> intervals = new LinkedHashMap<>();
        for (int minutes : new int[] {1, 3, 5, 15, 30}) {
            intervals.put(Duration.ofMinutes(minutes), minutes + "m");
        }
        for (int hours : new int[] {1, 2, 4, 6, 8, 12}) {
            intervals.put(Duration.ofHours(hours), hours + "h");
        }
        intervals.put(Duration.ofDays(1), "1d");
        intervals.put(Duration.ofDays(3), "3d");
        intervals.put(Duration.ofDays(7), "1w");
        return Collections.unmodifiableMap(intervals);
    }
}
