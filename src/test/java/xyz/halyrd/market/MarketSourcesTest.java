package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.MarketSources;

/** The market mode and the source keys: what each combination answers with, and which are refused, word for word. */
class MarketSourcesTest {

    private static final String RPC = "http://127.0.0.1:8545";

    /** The sources for keys given as pairs: {@code "halyrd.market.mode", "bsc", …}. */
    private static MarketSources resolve(String... keysAndValues) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MarketSources.resolve(key -> Optional.ofNullable(keys.get(key)));
    }

    private static Map<String, String> shown(String mode, String candles, String reference, String quotes,
            String fearGreed, String funding) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("mode", mode);
        map.put("candles", candles);
        map.put("reference", reference);
        map.put("quotes", quotes);
        map.put("fear_greed", fearGreed);
        map.put("funding", funding);
        return map;
    }

    private static String refusal(String... keysAndValues) {
        return assertThrows(MarketSources.Incoherent.class, () -> resolve(keysAndValues)).getMessage();
    }

    @Test
    void theDefaultIsTheDemoEverythingSimulated() {
        MarketSources demo = resolve();
        assertEquals(new MarketSources("demo", "simulated", "simulated", "candles", "candles", "candles"), demo);
        assertEquals(shown("demo", "simulated", "simulated", "simulated", "simulated", "simulated"), demo.asMap());
        assertEquals(demo, resolve("halyrd.market.mode", " demo ", "halyrd.market.reference", ""),
                "trimmed; a blank key is not set");
        assertEquals("candles", resolve("halyrd.chain.rpc-url", RPC).quotes(),
                "a chain for live trading does not make the demo's simulated prices quote through its router");
    }

    @Test
    void eachModeIsACoherentSet() {
        assertEquals(shown("chain", "chain", "chain", "router", "alternative-me", "binance"),
                resolve("halyrd.market.mode", "chain", "halyrd.chain.rpc-url", RPC).asMap());
        assertEquals(shown("bsc", "binance", "coinmarketcap", "router", "alternative-me", "binance"),
                resolve("halyrd.market.mode", "bsc", "halyrd.chain.rpc-url", RPC).asMap());
    }

    @Test
    void aKeySetOnItsOwnOverridesItsSourceAndTheReferenceFollowsTheCandles() {
        assertEquals(shown("demo", "csv", "csv", "csv", "csv", "csv"), resolve("halyrd.market.candles", "csv").asMap());
        assertEquals(shown("demo", "binance", "binance", "binance", "none", "none"),
                resolve("halyrd.market.candles", "binance").asMap(), "Binance's klines carry no indexes");
        assertEquals(shown("demo", "binance", "coinmarketcap", "router", "alternative-me", "binance"),
                resolve("halyrd.market.candles", "binance", "halyrd.market.reference", "coinmarketcap",
                        "halyrd.chain.rpc-url", RPC, "halyrd.market.sentiment", "alternative-me",
                        "halyrd.market.funding", "binance").asMap(),
                "live candles on a configured chain quote through its router");
        assertEquals("binance", resolve("halyrd.market.mode", "bsc", "halyrd.chain.rpc-url", RPC,
                "halyrd.market.quotes", "candles").quotesFrom(), "bsc with Binance's live price as the quote");
        assertEquals(shown("chain", "chain", "chain", "router", "simulated", "simulated"),
                resolve("halyrd.market.mode", "chain", "halyrd.chain.rpc-url", RPC, "halyrd.market.sentiment",
                        "simulated", "halyrd.market.funding", "simulated").asMap(),
                "the local chain has no indexes of its own: the simulator's stand in");
    }

    @Test
    void pricesFromTwoMarketsAreRefusedNamingTheKeys() {
        assertEquals("halyrd.market.candles is simulated (the simulated market) but halyrd.market.reference is"
                + " coinmarketcap (a live market): the agent would decide on one market and check its quotes against"
                + " another. Set the prices from one market, or set only halyrd.market.mode (demo, chain or bsc).",
                refusal("halyrd.market.reference", "coinmarketcap"));
        assertEquals("halyrd.market.candles is csv (a CSV replay) but halyrd.market.reference is simulated (the"
                + " simulated market): the agent would decide on one market and check its quotes against another."
                + " Set the prices from one market, or set only halyrd.market.mode (demo, chain or bsc).",
                refusal("halyrd.market.candles", "csv", "halyrd.market.reference", "simulated"));
        assertEquals("halyrd.market.candles is binance (a live market) but halyrd.market.reference is simulated (the"
                + " simulated market): the agent would decide on one market and check its quotes against another."
                + " Set the prices from one market, or set only halyrd.market.mode (demo, chain or bsc).",
                refusal("halyrd.market.mode", "bsc", "halyrd.chain.rpc-url", RPC, "halyrd.market.reference",
                        "simulated"));
        assertEquals("halyrd.market.quotes is router (the chain's live pools) but halyrd.market.candles is simulated"
                + " (the simulated market): real quotes would be checked against prices that are not. Set the prices"
                + " from one market, or set only halyrd.market.mode (demo, chain or bsc).",
                refusal("halyrd.chain.rpc-url", RPC, "halyrd.market.quotes", "router"));
        assertEquals("halyrd.market.quotes is candles but halyrd.market.candles is chain: the chain's quotes are its"
                + " router's; leave halyrd.market.quotes unset or set it to router",
                refusal("halyrd.market.mode", "chain", "halyrd.chain.rpc-url", RPC, "halyrd.market.quotes", "candles"));
    }

    @Test
    void theRouterNeedsAChain() {
        assertEquals("halyrd.market.mode is bsc, whose quotes are the router's, but halyrd.chain.rpc-url is not set:"
                + " the router quotes only on a configured chain", refusal("halyrd.market.mode", "bsc"));
        assertEquals("halyrd.market.quotes is router, but halyrd.chain.rpc-url is not set: the router quotes only on"
                + " a configured chain", refusal("halyrd.market.candles", "binance", "halyrd.market.quotes", "router",
                        "halyrd.chain.rpc-url", " "));
    }

    @Test
    void anUnknownValueIsRefusedNamingTheKeyAndTheValues() {
        assertEquals("halyrd.market.mode must be one of [demo, chain, bsc], not 'live'", refusal("halyrd.market.mode",
                "live"));
        assertEquals("halyrd.market.candles must be one of [simulated, csv, binance, chain], not 'coinmarketcap'",
                refusal("halyrd.market.candles", "coinmarketcap"));
        assertEquals("halyrd.market.sentiment must be one of [candles, simulated, alternative-me, coinmarketcap], not"
                + " 'binance'", refusal("halyrd.market.sentiment", "binance"));
        assertEquals("halyrd.market.funding must be one of [candles, simulated, binance], not 'coinmarketcap'",
                refusal("halyrd.market.funding", "coinmarketcap"));
        assertEquals("halyrd.market.quotes must be one of [candles, router], not 'pancakeswap'",
                refusal("halyrd.market.quotes", "pancakeswap"));
    }
}
