package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * The market the agent sees: the MarketFeed everything else injects. It routes each question to the adapter
 * configured for it; by default the simulated market answers all of them.
 */
@ApplicationScoped
public class Market implements MarketFeed {

    @Inject
    SimulatedMarket simulated;

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        return simulated.candles(token, resolution, until, count);
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        return simulated.mid(token);
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        return simulated.quote(token, side, sizeUsdt);
    }

    @Override
    public OptionalDouble fearGreed(Instant at) {
        return simulated.fearGreed(at);
    }

    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        return simulated.fundingRate(token, at);
    }
}
