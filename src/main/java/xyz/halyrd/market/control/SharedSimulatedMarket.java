package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.BarClose;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.DemoTime;

/**
 * The simulated market of the running agent: one {@link SimulatedMarket} — the demo's when a demo runs — asked by the
 * trading cycle, the REST threads and the stream alike, so it answers one question at a time (the lock is this
 * object's monitor).
 */
@ApplicationScoped
@Typed(SharedSimulatedMarket.class) // injected as a MarketFeed only through Market, which picks the adapters
public class SharedSimulatedMarket implements MarketFeed {

    private SimulatedMarket market;

    protected SharedSimulatedMarket() {
        // for the CDI proxy
    }

    @Inject
    public SharedSimulatedMarket(Clock clock, DemoTime time,
            @ConfigProperty(name = "halyrd.market.seed", defaultValue = "42") long seed,
            @ConfigProperty(name = "halyrd.market.backfill", defaultValue = "P8D") Duration backfill) {
        this(new SimulatedMarket(clock, seed, backfill, SimulatedMarket.Anomalies.REALISTIC,
                time.demoBeganAt().orElse(null)));
    }

    /** Shares {@code market}, which nobody else asks any more. */
    public SharedSimulatedMarket(SimulatedMarket market) {
        this.market = market;
    }

    @Override
    public synchronized List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        return market.candles(token, resolution, until, count);
    }

    @Override
    public synchronized Optional<BarClose> lastClose(Token token, Duration resolution, Instant until) {
        return market.lastClose(token, resolution, until);
    }

    @Override
    public synchronized Optional<MidPrice> mid(Token token) {
        return market.mid(token);
    }

    @Override
    public synchronized Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        return market.quote(token, side, sizeUsdt);
    }

    @Override
    public synchronized OptionalDouble fearGreed(Instant at) {
        return market.fearGreed(at);
    }

    @Override
    public synchronized OptionalDouble fundingRate(Token token, Instant at) {
        return market.fundingRate(token, at);
    }
}
