package xyz.halyrd.market.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which source answers each kind of market question, settled once from the configuration: {@code halyrd.market.mode}
 * names a coherent set — {@code demo} (everything simulated, the default), {@code chain} (candles, reference mid and
 * quotes from the configured chain's pools) or {@code bsc} (Binance's candles, CoinMarketCap's reference, the
 * chain's router quotes) — and a key set on its own ({@code halyrd.market.candles}, {@code .reference},
 * {@code .quotes}, {@code .sentiment}, {@code .funding}) overrides that one source.
 * <p>
 * Prices must come from one market: the candles the strategy reads, the reference mid the QuoteVerifier checks
 * against and the quotes it checks must all be the simulated market's, all a CSV replay's, or all live. A mix that
 * would check a real quote against a simulated mid (or decide on one market and trade on another) is refused with a
 * message naming the keys: it stops the deployment. Fear &amp; greed and funding are indexes, not prices: any of their
 * sources goes with any market.
 *
 * @param mode the {@code halyrd.market.mode}
 * @param candles where candles come from: {@code simulated}, {@code csv}, {@code binance} or {@code chain}
 * @param reference where the reference mid comes from: one of the candle sources, or {@code coinmarketcap}
 * @param quotes where executable quotes come from: {@link #ROUTER} or {@link #CANDLES} (the candle source's)
 * @param sentiment where fear &amp; greed comes from: {@link #CANDLES}, {@code simulated}, {@code alternative-me} or
 *        {@code coinmarketcap}
 * @param funding where funding rates come from: {@link #CANDLES}, {@code simulated} or {@code binance} (futures)
 */
public record MarketSources(String mode, String candles, String reference, String quotes, String sentiment,
        String funding) {

    private static final String MODE = "halyrd.market.mode";
    private static final String CANDLES_KEY = "halyrd.market.candles";
    private static final String REFERENCE_KEY = "halyrd.market.reference";
    private static final String QUOTES_KEY = "halyrd.market.quotes";
    private static final String SENTIMENT_KEY = "halyrd.market.sentiment";
    private static final String FUNDING_KEY = "halyrd.market.funding";
    private static final String RPC_URL_KEY = "halyrd.chain.rpc-url";

    /** The value that asks the candle source (quotes, fear &amp; greed, funding). */
    public static final String CANDLES = "candles";
    /** The configured chain's router, for quotes. */
    public static final String ROUTER = "router";
    public static final String SIMULATED = "simulated";
    public static final String CSV = "csv";
    public static final String BINANCE = "binance";
    public static final String CHAIN = "chain";
    public static final String COINMARKETCAP = "coinmarketcap";
    public static final String ALTERNATIVE_ME = "alternative-me";

    private static final String HOW_TO_FIX = "Set the prices from one market, or set only " + MODE
            + " (demo, chain or bsc).";
    /** The candle sources that also answer fear &amp; greed and funding themselves. */
    private static final List<String> WITH_INDEXES = List.of(SIMULATED, CSV);
    /** What {@link #asMap()} names where {@link #CANDLES} asks a candle source that has no such index. */
    private static final String NONE = "none";

    /** The modes: each a coherent set of sources. */
    public enum Mode {
        DEMO(SIMULATED, SIMULATED, CANDLES, CANDLES, CANDLES),
        CHAIN(MarketSources.CHAIN, MarketSources.CHAIN, ROUTER, ALTERNATIVE_ME, BINANCE),
        BSC(BINANCE, COINMARKETCAP, ROUTER, ALTERNATIVE_ME, BINANCE);

        private final String candles;
        private final String reference;
        private final String quotes;
        private final String sentiment;
        private final String funding;

        Mode(String candles, String reference, String quotes, String sentiment, String funding) {
            this.candles = candles;
            this.reference = reference;
            this.quotes = quotes;
            this.sentiment = sentiment;
            this.funding = funding;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode of(String value) {
            for (Mode mode : values()) {
                if (mode.wire().equals(value)) {
                    return mode;
                }
            }
            throw new Incoherent(MODE + " must be one of [demo, chain, bsc], not '" + value + "'");
        }
    }

    /** The configuration names no coherent set of sources: the message names the keys and what to set. */
    public static final class Incoherent extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Incoherent(String message) {
            super(message);
        }
    }

    /**
     * The sources the keys name, the mode filling in those not set, checked for coherence.
     *
     * @param key a configuration key's value, empty when it is not set (a blank value counts as not set)
     * @throws Incoherent when a value is unknown or the prices would come from more than one market
     */
    public static MarketSources resolve(Function<String, Optional<String>> key) {
        Function<String, Optional<String>> set = name -> key.apply(name).map(String::trim).filter(v -> !v.isEmpty());
        Mode mode = Mode.of(set.apply(MODE).orElse(Mode.DEMO.wire()));
        boolean chainConfigured = set.apply(RPC_URL_KEY).isPresent();
        Optional<String> explicitCandles = set.apply(CANDLES_KEY);
        String candles = oneOf(CANDLES_KEY, explicitCandles.orElse(mode.candles), List.of(SIMULATED, CSV, BINANCE, CHAIN));
        // every candle source has a mid of its own: an unset reference follows set candles, else the mode's
        String reference = oneOf(REFERENCE_KEY, set.apply(REFERENCE_KEY)
                .orElse(explicitCandles.isPresent() ? candles : mode.reference),
                List.of(SIMULATED, CSV, BINANCE, CHAIN, COINMARKETCAP));
        Optional<String> explicitQuotes = set.apply(QUOTES_KEY);
        String quotes = oneOf(QUOTES_KEY, explicitQuotes.orElse(defaultQuotes(mode, candles, chainConfigured)),
                List.of(CANDLES, ROUTER));
        String sentiment = oneOf(SENTIMENT_KEY, set.apply(SENTIMENT_KEY).orElse(mode.sentiment),
                List.of(CANDLES, SIMULATED, ALTERNATIVE_ME, COINMARKETCAP));
        String funding = oneOf(FUNDING_KEY, set.apply(FUNDING_KEY).orElse(mode.funding),
                List.of(CANDLES, SIMULATED, BINANCE));
        MarketSources sources = new MarketSources(mode.wire(), candles, reference, quotes, sentiment, funding);
        sources.requireOneMarket(chainConfigured, explicitQuotes.isPresent());
        return sources;
    }

    /** The mode's quotes; in the demo mode the router's when a chain is configured and the candles are live. */
    private static String defaultQuotes(Mode mode, String candles, boolean chainConfigured) {
        if (mode != Mode.DEMO) {
            return mode.quotes;
        }
        return chainConfigured && origin(candles) == Origin.LIVE ? ROUTER : CANDLES;
    }

    private static String oneOf(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new Incoherent(key + " must be one of " + allowed + ", not '" + value + "'");
        }
        return value;
    }

    /** The market a price source belongs to. */
    private enum Origin {
        SIMULATED("the simulated market"),
        REPLAY("a CSV replay"),
        LIVE("a live market");

        private final String words;

        Origin(String words) {
            this.words = words;
        }
    }

    private static Origin origin(String priceSource) {
        return switch (priceSource) {
            case SIMULATED -> Origin.SIMULATED;
            case CSV -> Origin.REPLAY;
            default -> Origin.LIVE;
        };
    }

    private void requireOneMarket(boolean chainConfigured, boolean quotesSet) {
        Origin decided = origin(candles);
        if (origin(reference) != decided) {
            throw new Incoherent(CANDLES_KEY + " is " + candles + " (" + decided.words + ") but " + REFERENCE_KEY
                    + " is " + reference + " (" + origin(reference).words + "): the agent would decide on one market"
                    + " and check its quotes against another. " + HOW_TO_FIX);
        }
        if (ROUTER.equals(quotes)) {
            if (!chainConfigured) {
                throw new Incoherent((quotesSet ? QUOTES_KEY + " is router" : MODE + " is " + mode
                        + ", whose quotes are the router's") + ", but " + RPC_URL_KEY + " is not set: the router"
                        + " quotes only on a configured chain");
            }
            if (decided != Origin.LIVE) {
                throw new Incoherent(QUOTES_KEY + " is router (the chain's live pools) but " + CANDLES_KEY + " is "
                        + candles + " (" + decided.words + "): real quotes would be checked against prices that are"
                        + " not. " + HOW_TO_FIX);
            }
        } else if (CHAIN.equals(candles)) {
            throw new Incoherent(QUOTES_KEY + " is candles but " + CANDLES_KEY + " is chain: the chain's quotes are its"
                    + " router's; leave " + QUOTES_KEY + " unset or set it to router");
        }
    }

    /** The name of the adapter that answers quotes: the router, or the candle source itself. */
    public String quotesFrom() {
        return ROUTER.equals(quotes) ? ROUTER : candles;
    }

    /**
     * Which source answers what, by the names the keys take — {@code mode}, {@code candles}, {@code reference},
     * {@code quotes}, {@code fear_greed} and {@code funding} in that order — the candle source named where
     * {@link #CANDLES} asks it, {@link #NONE} where it has no such index (Binance's klines, the chain).
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("mode", mode);
        map.put("candles", candles);
        map.put("reference", reference);
        map.put("quotes", quotesFrom());
        map.put("fear_greed", CANDLES.equals(sentiment) ? candleIndexes() : sentiment);
        map.put("funding", CANDLES.equals(funding) ? candleIndexes() : funding);
        return map;
    }

    private String candleIndexes() {
        return WITH_INDEXES.contains(candles) ? candles : NONE;
    }
}
