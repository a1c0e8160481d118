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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * The market the agent sees: the MarketFeed everything else injects. It routes each kind of question to the
 * adapter configured for it — {@code halyrd.market.candles} and {@code halyrd.market.reference} — and by default
 * the simulated market answers all of them. Fear &amp; greed and funding come from the candle source.
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
    Instance<SimulatedMarket> simulated;

    @Inject
    Instance<CsvReplay> csv;

    @Inject
    Instance<CoinMarketCap> coinMarketCap;

    private MarketFeed candles;
    private MarketFeed reference;
    private MarketFeed quotes;

    @PostConstruct
    void route() {
        Map<String, Supplier<MarketFeed>> candleAdapters = Map.of("simulated", simulated::get, "csv", csv::get);
        Map<String, Supplier<MarketFeed>> referenceAdapters = Map.of("simulated", simulated::get, "csv", csv::get,
                "coinmarketcap", coinMarketCap::get); // CoinMarketCap has prices only, no candles
        candles = pick("halyrd.market.candles", candleSource, candleAdapters);
        reference = pick("halyrd.market.reference", referenceSource, referenceAdapters);
        quotes = simulated.get();
    }

    /** Routes at start-up, so a misconfigured source stops the deployment with the key's name instead of failing later. */
    void startUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: delivering this event creates the bean, which routes in its @PostConstruct
    }

    private static MarketFeed pick(String key, String name, Map<String, Supplier<MarketFeed>> adapters) {
        Supplier<MarketFeed> adapter = adapters.get(name);
        if (adapter == null) {
            throw new IllegalStateException(key + " must be one of " + adapters.keySet() + ", not '" + name + "'");
        }
        return adapter.get();
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
        return candles.fearGreed(at);
    }

    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        return candles.fundingRate(token, at);
    }
}
