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
import org.eclipse.microprofile.config.Config;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MarketSources;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.StartRefusal;

/**
 * The market the agent sees: the MarketFeed everything else injects. It routes each kind of question — candles, the
 * reference mid, executable quotes, fear &amp; greed, funding — to the adapter {@link MarketSources} settles from
 * {@code halyrd.market.mode} and the source keys: by default the simulated market answers all of them. Quotes come
 * from the configured chain's router ({@link RouterQuotes}) or from the candle source itself (the simulated market's
 * pools, a CSV replay's close, Binance's live price on a pool as deep as the bar's turnover) — never a simulated quote
 * against real prices: such a mix stops the deployment. Candles and the reference mid from {@code chain} are the
 * configured chain's own pools ({@link ChainCandles}: their swaps and reserves); their quotes are the router's.
 * {@link #sources()} says which source answers what (the SERVER_START entry and {@code GET /health/ready} show it).
 */
@ApplicationScoped
public class Market implements MarketFeed {

    @Inject
    Config config;

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

    @Inject
    Instance<ChainCandles> chainCandles;

    /** The funding adapter's name: {@code binance} names the klines as candles or reference, the futures as funding. */
    static final String BINANCE_FUTURES = "binance-futures";

    private MarketSources sources;
    private MarketFeed candles;
    private MarketFeed reference;
    private MarketFeed quotes;
    private MarketFeed sentiment;
    private MarketFeed funding;

    /**
     * Routes at start: a configuration that names no coherent set of sources, or an adapter that cannot be made from
     * its keys (a chain's router without its address, say), stops Halyrd with the reason (see {@link StartRefusal}).
     */
    @PostConstruct
    void route() {
        try {
            routeConfigured();
        } catch (RuntimeException e) {
            Throwable reason = e; // the container may wrap what an adapter's constructor threw
            while (reason.getCause() != null && !(reason instanceof IllegalStateException)) {
                reason = reason.getCause();
            }
            throw StartRefusal.refuse("Halyrd refuses to start: " + reason.getMessage());
        }
    }

    private void routeConfigured() {
        route(MarketSources.resolve(key -> config.getOptionalValue(key, String.class)),
                Map.of(MarketSources.SIMULATED, simulated::get, MarketSources.CSV, csv::get, MarketSources.BINANCE,
                        binanceKlines::get, MarketSources.COINMARKETCAP, coinMarketCap::get,
                        MarketSources.ALTERNATIVE_ME, alternativeMe::get, BINANCE_FUTURES, binanceFunding::get,
                        MarketSources.ROUTER, routerQuotes::get, MarketSources.CHAIN, chainCandles::get));
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
     * Routes each kind of question to the adapter {@code sources} names, from the adapters by name; only the adapters
     * chosen are created, each once.
     */
    void route(MarketSources sources, Map<String, Supplier<MarketFeed>> suppliers) {
        Map<String, Supplier<MarketFeed>> adapters = new HashMap<>();
        suppliers.forEach((name, create) -> adapters.put(name, once(create)));
        this.sources = sources;
        candles = adapters.get(sources.candles()).get();
        reference = adapters.get(sources.reference()).get();
        quotes = adapters.get(sources.quotesFrom()).get();
        Map<String, Supplier<MarketFeed>> indexes = new HashMap<>(adapters);
        indexes.put(MarketSources.CANDLES, () -> candles);
        sentiment = indexes.get(sources.sentiment()).get();
        indexes.put(MarketSources.BINANCE, adapters.get(BINANCE_FUTURES)); // funding's binance is the futures API
        funding = indexes.get(sources.funding()).get();
    }

    /**
     * Which source answers what: the mode, then {@code candles}, {@code reference}, {@code quotes},
     * {@code fear_greed} and {@code funding} by the names the keys take (see {@link MarketSources#asMap()}).
     */
    public Map<String, String> sources() {
        return sources.asMap();
    }

    /** The sources in words: "mode demo, candles simulated, reference simulated, …". */
    public String sourcesInWords() {
        return sources().entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Routes at start-up, so a misconfigured source stops the deployment with the key's name instead of failing later. */
    void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: delivering this event creates the bean, which routes in its @PostConstruct
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
