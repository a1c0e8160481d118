package xyz.halyrd.market.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/** Market's routing of each kind of question to the adapter its key names, without a container. */
class MarketRoutingTest {

    private static final Instant NOW = Instant.parse("2024-01-01T12:00:00Z");

    /** An adapter that answers fear &amp; greed and funding with its own number, so the answer says who was asked. */
    private record Named(String name, double number) implements MarketFeed {

        @Override
        public OptionalDouble fearGreed(Instant at) {
            return OptionalDouble.of(number);
        }

        @Override
        public OptionalDouble fundingRate(Token token, Instant at) {
            return OptionalDouble.of(number + 0.5);
        }

        @Override
        public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
            return Optional.of(new Quote(token, sizeUsdt, BigDecimal.valueOf(number), BigDecimal.ZERO,
                    BigDecimal.ONE, NOW));
        }
    }

    private final List<String> created = new ArrayList<>();
    private final Map<String, Supplier<MarketFeed>> adapters = new HashMap<>();

    MarketRoutingTest() {
        List<String> names = List.of("simulated", "csv", "coinmarketcap", "alternative-me", Market.BINANCE_FUTURES,
                "binance", Market.ROUTER);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Named feed = new Named(name, i + 1);
            adapters.put(name, () -> {
                created.add(name);
                return feed;
            });
        }
    }

    /** A Market with the keys' values as MicroProfile Config would set them (the defaults when null). */
    private Market market(String candles, String sentiment, String funding) {
        return market(candles, "simulated", sentiment, funding);
    }

    private Market market(String candles, String reference, String sentiment, String funding) {
        return market(candles, reference, sentiment, funding, null, null);
    }

    /** With {@code halyrd.chain.rpc-url} and {@code halyrd.market.quotes} as well (unset when null). */
    private Market market(String candles, String reference, String sentiment, String funding, String rpcUrl,
            String quotes) {
        Market market = new Market();
        market.chainRpcUrl = Optional.ofNullable(rpcUrl);
        market.quoteSource = Optional.ofNullable(quotes);
        market.candleSource = candles == null ? "simulated" : candles;
        market.referenceSource = reference;
        market.sentimentSource = sentiment == null ? Market.CANDLES : sentiment;
        market.fundingSource = funding == null ? Market.CANDLES : funding;
        market.route(adapters);
        return market;
    }

    @Test
    void byDefaultTheCandleSourceAnswersFearGreedAndFunding() {
        Market simulated = market(null, null, null);
        assertEquals(OptionalDouble.of(1), simulated.fearGreed(NOW));
        assertEquals(OptionalDouble.of(1.5), simulated.fundingRate(Token.ETH, NOW));
        assertEquals(List.of("simulated"), created, "candles, quotes and reference, made once; nothing else");

        Market csv = market("csv", null, null);
        assertEquals(OptionalDouble.of(2), csv.fearGreed(NOW), "whatever the candle source is");
        assertEquals(OptionalDouble.of(2.5), csv.fundingRate(Token.ETH, NOW));
    }

    @Test
    void eachKeyPicksItsAdapter() {
        Market market = market("csv", "alternative-me", "binance");
        assertEquals(OptionalDouble.of(4), market.fearGreed(NOW));
        assertEquals(OptionalDouble.of(5.5), market.fundingRate(Token.ETH, NOW));
        assertEquals(OptionalDouble.of(3), market("csv", "coinmarketcap", null).fearGreed(NOW));
        assertTrue(created.contains("alternative-me") && created.contains(Market.BINANCE_FUTURES));
    }

    @Test
    void anUnknownValueStopsTheDeploymentNamingTheKey() {
        IllegalStateException sentiment = assertThrows(IllegalStateException.class, () -> market(null, "binance", null));
        assertEquals("halyrd.market.sentiment must be one of [candles, alternative-me, coinmarketcap], not 'binance'",
                sentiment.getMessage());
        IllegalStateException funding = assertThrows(IllegalStateException.class,
                () -> market(null, null, "coinmarketcap"));
        assertEquals("halyrd.market.funding must be one of [candles, binance], not 'coinmarketcap'", funding.getMessage());
        IllegalStateException candles = assertThrows(IllegalStateException.class, () -> market("candles", null, null));
        assertTrue(candles.getMessage().startsWith("halyrd.market.candles must be one of"), candles.getMessage());
    }

    @Test
    void theCandleSourceQuotesNeverASimulatedQuoteAgainstRealPrices() {
        Market market = market("csv", "alternative-me", "binance");
        market.quote(Token.ETH, Side.BUY, BigDecimal.TEN);
        assertEquals(List.of("csv", "simulated", "alternative-me", Market.BINANCE_FUTURES), created,
                "candles and quotes from csv, the reference simulated, and nothing else created");
        assertEquals(Map.of("candles", "csv", "reference", "simulated", "quotes", "csv", "fear_greed",
                "alternative-me", "funding", "binance"), market.sources());
        assertEquals("candles csv, reference simulated, quotes csv, fear greed alternative-me, funding binance",
                market.sourcesInWords());
        assertEquals("candles simulated, reference simulated, quotes simulated, fear greed simulated, funding"
                + " simulated", market(null, null, null).sourcesInWords(), "the defaults: the demo");
    }

    @Test
    void binanceKlinesAreOneAdapterForCandlesQuotesAndReferenceAndNoSentimentOrFunding() {
        Market market = market("binance", "binance", null, null);
        assertEquals(List.of("binance"), created, "candles, quotes and reference: one adapter, made once");
        assertEquals(OptionalDouble.of(6), market.fearGreed(NOW), "asked, as the key says; the real adapter has none");
        assertEquals(Map.of("candles", "binance", "reference", "binance", "quotes", "binance", "fear_greed", "none",
                "funding", "none"), market.sources(), "the candle source is not named for what it lacks");
        assertEquals("candles binance, reference binance, quotes binance, fear greed alternative-me, funding binance",
                market("binance", "binance", "alternative-me", "binance").sourcesInWords());
        assertEquals(OptionalDouble.of(5.5), market("binance", "coinmarketcap", null, "binance")
                .fundingRate(Token.ETH, NOW), "funding's binance is the futures feed, not the klines");
    }

    @Test
    void binanceIsACandleAndReferenceSourceButNoSentimentOne() {
        IllegalStateException sentiment = assertThrows(IllegalStateException.class,
                () -> market("binance", "binance", null));
        assertEquals("halyrd.market.sentiment must be one of [candles, alternative-me, coinmarketcap], not 'binance'",
                sentiment.getMessage());
        IllegalStateException candles = assertThrows(IllegalStateException.class,
                () -> market("binance-futures", null, null));
        assertEquals("halyrd.market.candles must be one of [simulated, csv, binance], not 'binance-futures'",
                candles.getMessage());
    }

    @Test
    void aConfiguredChainQuotesThroughItsRouterAndNamesIt() {
        Market market = market(null, "simulated", null, null, "http://127.0.0.1:8545", null);
        assertEquals(new BigDecimal("7.0"), market.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price(),
                "the router answered the quote");
        assertEquals(OptionalDouble.of(1), market.fearGreed(NOW), "everything else as without a chain");
        assertEquals(List.of("simulated", Market.ROUTER), created);
        assertEquals("candles simulated, reference simulated, quotes router, fear greed simulated, funding simulated",
                market.sourcesInWords());

        Market csv = market("csv", "coinmarketcap", null, null, "http://127.0.0.1:8545", "router");
        assertEquals(new BigDecimal("7.0"), csv.quote(Token.ETH, Side.SELL, BigDecimal.TEN).orElseThrow().price());
        assertEquals("router", csv.sources().get("quotes"));
    }

    @Test
    void quotesFromTheCandlesOnAChainWhenAskedAndNeverFromARouterWithoutOne() {
        Market demo = market(null, "simulated", null, null, "http://127.0.0.1:8545", "candles");
        assertEquals(new BigDecimal("1.0"), demo.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price());
        assertEquals("simulated", demo.sources().get("quotes"));
        assertEquals(List.of("simulated"), created, "no router made");
        assertEquals("simulated", market(null, "simulated", null, null, " ", null).sources().get("quotes"),
                "a blank RPC URL is no chain");

        IllegalStateException noChain = assertThrows(IllegalStateException.class,
                () -> market(null, "simulated", null, null, null, "router"));
        assertEquals("halyrd.market.quotes is router, but halyrd.chain.rpc-url is not set: the router quotes only on"
                + " a configured chain", noChain.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> market(null, "simulated", null, null, "http://127.0.0.1:8545", "pancakeswap"));
        assertEquals("halyrd.market.quotes must be one of [candles, router], not 'pancakeswap'", unknown.getMessage());
    }
}
