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
import xyz.halyrd.market.entity.MarketSources;
import xyz.halyrd.market.entity.MidPrice;
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
        public Optional<MidPrice> mid(Token token) {
            return Optional.of(new MidPrice(token, BigDecimal.valueOf(number), NOW));
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
                "binance", MarketSources.ROUTER, MarketSources.CHAIN);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Named feed = new Named(name, i + 1);
            adapters.put(name, () -> {
                created.add(name);
                return feed;
            });
        }
    }

    /** A Market on these keys, given as pairs ({@code "halyrd.market.candles", "csv", …}); the others unset. */
    private Market market(String... keysAndValues) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        Market market = new Market();
        market.route(MarketSources.resolve(key -> Optional.ofNullable(keys.get(key))), adapters);
        return market;
    }

    @Test
    void byDefaultTheSimulatedMarketAnswersEverything() {
        Market simulated = market();
        assertEquals(OptionalDouble.of(1), simulated.fearGreed(NOW));
        assertEquals(OptionalDouble.of(1.5), simulated.fundingRate(Token.ETH, NOW));
        assertEquals(new BigDecimal("1.0"), simulated.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price());
        assertEquals(List.of("simulated"), created, "candles, quotes, reference and indexes: made once; nothing else");
        assertEquals("mode demo, candles simulated, reference simulated, quotes simulated, fear greed simulated,"
                + " funding simulated", simulated.sourcesInWords());
    }

    @Test
    void aCsvReplayAnswersEverythingItselfUnlessAnIndexIsAskedElsewhere() {
        Market csv = market("halyrd.market.candles", "csv");
        assertEquals(OptionalDouble.of(2), csv.fearGreed(NOW));
        assertEquals(OptionalDouble.of(2.5), csv.fundingRate(Token.ETH, NOW));
        assertEquals(new BigDecimal("2.0"), csv.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price());
        assertEquals(List.of("csv"), created);

        Market indexes = market("halyrd.market.candles", "csv", "halyrd.market.sentiment", "alternative-me",
                "halyrd.market.funding", "binance");
        assertEquals(OptionalDouble.of(4), indexes.fearGreed(NOW));
        assertEquals(OptionalDouble.of(5.5), indexes.fundingRate(Token.ETH, NOW), "funding's binance is the futures");
        assertEquals(OptionalDouble.of(3), market("halyrd.market.candles", "csv", "halyrd.market.sentiment",
                "coinmarketcap").fearGreed(NOW));
        assertEquals("mode demo, candles csv, reference csv, quotes csv, fear greed alternative-me, funding binance",
                indexes.sourcesInWords());
    }

    @Test
    void binanceKlinesAreOneAdapterForCandlesQuotesAndReferenceAndNoSentimentOrFunding() {
        Market market = market("halyrd.market.candles", "binance");
        assertEquals(List.of("binance"), created, "candles, quotes and reference: one adapter, made once");
        assertEquals(OptionalDouble.of(6), market.fearGreed(NOW), "asked, as the key says; the real adapter has none");
        assertEquals(Map.of("mode", "demo", "candles", "binance", "reference", "binance", "quotes", "binance",
                "fear_greed", "none", "funding", "none"), market.sources(),
                "the candle source is not named for what it lacks");
    }

    @Test
    void theBscModeQuotesThroughTheChainsRouterAndPricesFromCoinMarketCap() {
        Market bsc = market("halyrd.market.mode", "bsc", "halyrd.chain.rpc-url", "http://127.0.0.1:8545");
        assertEquals(new BigDecimal("7.0"), bsc.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price(),
                "the router answered the quote");
        assertEquals(OptionalDouble.of(4), bsc.fearGreed(NOW), "alternative.me");
        assertEquals(OptionalDouble.of(5.5), bsc.fundingRate(Token.ETH, NOW), "Binance's futures");
        assertEquals(List.of("binance", "coinmarketcap", MarketSources.ROUTER, "alternative-me", Market.BINANCE_FUTURES),
                created);
        assertEquals("mode bsc, candles binance, reference coinmarketcap, quotes router, fear greed alternative-me,"
                + " funding binance", bsc.sourcesInWords());
    }

    @Test
    void theChainModeReadsCandlesAndTheMidFromTheChainsPoolsOneAdapterAndQuotesThroughItsRouter() {
        Market chain = market("halyrd.market.mode", "chain", "halyrd.chain.rpc-url", "http://127.0.0.1:8545");
        assertEquals(List.of(MarketSources.CHAIN, MarketSources.ROUTER, "alternative-me", Market.BINANCE_FUTURES),
                created, "candles and reference: the chain's pools, one adapter made once; quotes: the router");
        assertEquals(new BigDecimal("8.0"), chain.mid(Token.ETH).orElseThrow().price(), "the pools' mid");
        assertEquals(new BigDecimal("7.0"), chain.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price(),
                "the router answered the quote");
        assertEquals("mode chain, candles chain, reference chain, quotes router, fear greed alternative-me,"
                + " funding binance", chain.sourcesInWords());
    }

    @Test
    void aChainForLiveTradingLeavesTheDemoQuotingFromItsOwnPools() {
        Market demo = market("halyrd.chain.rpc-url", "http://127.0.0.1:8545");
        assertEquals(new BigDecimal("1.0"), demo.quote(Token.ETH, Side.BUY, BigDecimal.TEN).orElseThrow().price());
        assertEquals(List.of("simulated"), created, "no router made");
    }

    @Test
    void anIncoherentMixStopsTheDeploymentBeforeAnyAdapterIsMade() {
        IllegalStateException mixed = assertThrows(IllegalStateException.class,
                () -> market("halyrd.market.reference", "coinmarketcap"));
        assertTrue(mixed.getMessage().startsWith("halyrd.market.candles is simulated (the simulated market) but"
                + " halyrd.market.reference is coinmarketcap"), mixed.getMessage());
        assertEquals(List.of(), created);
    }
}
