package xyz.halyrd.market.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * The market the agent sees: the MarketFeed everything else injects. It routes each kind of question to the
 * adapter configured for it — {@code halyrd.market.candles}, {@code halyrd.market.reference},
 * {@code halyrd.market.sentiment} (fear &amp; greed) and {@code halyrd.market.funding} — and by default the simulated
 * market answers all of them: sentiment and funding default to {@code candles}, whatever the candle source provides.
 * Executable quotes come from the configured chain's router ({@link RouterQuotes}) when {@code halyrd.chain.rpc-url} is
 * set, and otherwise from the candle source: the simulated market's pools, or a CSV replay's close or Binance's live
 * price on a pool as deep as the bar's turnover — never a simulated quote against real prices.
 * {@code halyrd.market.quotes} ({@code router} or {@code candles}) overrides that choice. Binance's klines
 * carry no fear &amp; greed or funding: with candles from Binance, {@code candles} there answers nothing.
 * {@link #sources()} says which source answers what (the SERVER_START entry and {@code GET /health/ready} show it).
 */
@ApplicationScoped
public class Market implements MarketFeed {

    @Inject
    @ConfigProperty(name = "halyrd.market.candles", defaultValue = "simulated")
    String candleSource;

    @Inject
    @ConfigProperty(name = "halyrd.market.reference", defaultValue = "simulated")
    String referenceSource;

    @Inject
    @ConfigProperty(name = "halyrd.market.sentiment", defaultValue = CANDLES)
    String sentimentSource;

    @Inject
    @ConfigProperty(name = "halyrd.market.funding", defaultValue = CANDLES)
    String fundingSource;

    /** Set when a chain is configured: its router then quotes, unless {@code halyrd.market.quotes} says otherwise. */
    @Inject
    @ConfigProperty(name = "halyrd.chain.rpc-url")
    Optional<String> chainRpcUrl;

    @Inject
    @ConfigProperty(name = "halyrd.market.quotes")
    Optional<String> quoteSource;

    @Inject
    Instance<SharedSimulatedMarket> simulated;

    @Inject
    Instance<CsvReplay> csv;

    @Inject
    Instance<BinanceKlines> binanceKlines;

    @Inject
    Instance<CoinMarketCap> coinMarketCap;

    @Inject
    Instance<AlternativeMe> alternativeMe;

    @Inject
    Instance<BinanceFunding> binanceFunding;

    @Inject
    Instance<RouterQuotes> routerQuotes;

    /** The value of {@code halyrd.market.sentiment} and {@code halyrd.market.funding} that asks the candle source. */
    static final String CANDLES = "candles";
    /** What {@link #sources()} names where the candle source is asked for what it does not have. */
    static final String NONE = "none";
    /** The candle sources that answer fear &amp; greed and funding themselves. */
    private static final List<String> WITH_SENTIMENT_AND_FUNDING = List.of("simulated", "csv");
    /** The funding adapter's name: {@code binance} names the klines as candles or reference, the futures as funding. */
    static final String BINANCE_FUTURES = "binance-futures";
    /** The configured chain's router as the source of executable quotes. */
    static final String ROUTER = "router";

    private MarketFeed candles;
    private MarketFeed reference;
    private MarketFeed quotes;
    private MarketFeed sentiment;
    private MarketFeed funding;
    /** What answers the quotes, by name: {@value #ROUTER} or the candle source's; settled when routing. */
    private String quotesFrom;

    @PostConstruct
    void route() {
        route(Map.of("simulated", simulated::get, "csv", csv::get, "binance", binanceKlines::get,
                "coinmarketcap", coinMarketCap::get, "alternative-me", alternativeMe::get, BINANCE_FUTURES,
                binanceFunding::get, ROUTER, routerQuotes::get));
    }

    /** One instance however often asked: Binance's klines, for one, are a dependent bean and one stream. */
    private static Supplier<MarketFeed> once(Supplier<MarketFeed> create) {
        MarketFeed[] made = new MarketFeed[1];
        return () -> {
            if (made[0] == null) {
                made[0] = create.get();
            }
            return made[0];
        };
    }

    /**
     * Routes each kind of question to the adapter its key names, from the adapters by name; only the adapters
     * chosen are created, each once. Executable quotes come from the chain's router when a chain is configured,
     * from the candle source otherwise ({@link #quoteSource()}).
     */
    void route(Map<String, Supplier<MarketFeed>> suppliers) {
        Map<String, Supplier<MarketFeed>> adapters = new HashMap<>();
        suppliers.forEach((name, create) -> adapters.put(name, once(create)));
        candles = pick("halyrd.market.candles", candleSource, adapters, List.of("simulated", "csv", "binance"));
        // CoinMarketCap has prices and fear & greed, no candles
        reference = pick("halyrd.market.reference", referenceSource, adapters,
                List.of("simulated", "csv", "binance", "coinmarketcap"));
        Map<String, Supplier<MarketFeed>> withCandles = new HashMap<>(adapters);
        withCandles.put(CANDLES, () -> candles);
        sentiment = pick("halyrd.market.sentiment", sentimentSource, withCandles,
                List.of(CANDLES, "alternative-me", "coinmarketcap"));
        withCandles.put("binance", adapters.get(BINANCE_FUTURES)); // funding's binance is the futures API
        funding = pick("halyrd.market.funding", fundingSource, withCandles, List.of(CANDLES, "binance"));
        boolean router = ROUTER.equals(quoteSource());
        quotes = router ? adapters.get(ROUTER).get() : candles;
        quotesFrom = router ? ROUTER : candleSource;
    }

    /**
     * Where executable quotes come from: {@code halyrd.market.quotes} when set ({@value #ROUTER} or {@value #CANDLES}),
     * else {@value #ROUTER} when {@code halyrd.chain.rpc-url} is set and {@value #CANDLES} when it is not. The router
     * needs a chain: {@value #ROUTER} without one stops the deployment, naming both keys.
     */
    private String quoteSource() {
        boolean chain = chainRpcUrl.filter(url -> !url.isBlank()).isPresent();
        String source = quoteSource.map(String::trim).filter(q -> !q.isEmpty()).orElse(chain ? ROUTER : CANDLES);
        if (!List.of(CANDLES, ROUTER).contains(source)) {
            throw new IllegalStateException("halyrd.market.quotes must be one of [" + CANDLES + ", " + ROUTER
                    + "], not '" + source + "'");
        }
        if (ROUTER.equals(source) && !chain) {
            throw new IllegalStateException("halyrd.market.quotes is router, but halyrd.chain.rpc-url is not set:"
                    + " the router quotes only on a configured chain");
        }
        return source;
    }

    /**
     * Which source answers what, by the names the keys take — {@code candles}, {@code reference}, {@code quotes},
     * {@code fear_greed} and {@code funding} in that order — the candle source named where it answers for itself,
     * {@value #NONE} where {@code candles} asks one that has no fear &amp; greed or funding (Binance's klines).
     */
    public Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("candles", candleSource);
        sources.put("reference", referenceSource);
        sources.put("quotes", quotesFrom);
        sources.put("fear_greed", CANDLES.equals(sentimentSource) ? candleSourceItself() : sentimentSource);
        sources.put("funding", CANDLES.equals(fundingSource) ? candleSourceItself() : fundingSource);
        return sources;
    }

    /** The candle source where it answers fear &amp; greed and funding itself, {@value #NONE} where it has neither. */
    private String candleSourceItself() {
        return WITH_SENTIMENT_AND_FUNDING.contains(candleSource) ? candleSource : NONE;
    }

    /** The sources in words: "candles simulated, reference coinmarketcap, …". */
    public String sourcesInWords() {
        return sources().entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Routes at start-up, so a misconfigured source stops the deployment with the key's name instead of failing later. */
    void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: delivering this event creates the bean, which routes in its @PostConstruct
    }

    private static MarketFeed pick(String key, String name, Map<String, Supplier<MarketFeed>> adapters,
            List<String> allowed) {
        if (!allowed.contains(name)) {
            throw new IllegalStateException(key + " must be one of " + allowed + ", not '" + name + "'");
        }
        return adapters.get(name).get();
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        return candles.candles(token, resolution, until, count);
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        return reference.mid(token);
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        return quotes.quote(token, side, sizeUsdt);
    }

    @Override
    public OptionalDouble fearGreed(Instant at) {
        return sentiment.fearGreed(at);
    }

    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        return funding.fundingRate(token, at);
    }
}
