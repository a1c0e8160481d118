package xyz.halyrd;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import xyz.halyrd.market.control.Market;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * Test-only market (added to the deployed WAR by the tests): the real market, except for the tokens a test has
 * scripted through the probe — their candles end now with the given closes, and their mid and quote are fixed.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class ScriptedMarket implements MarketFeed {

    /** One token's script: closes oldest first, the mid, and the quote's price and impact. */
    public record Script(List<BigDecimal> closes, BigDecimal mid, BigDecimal quotePrice, BigDecimal impactPct,
            double fearGreed, double fundingRate) {
    }

    private final Map<Token, Script> scripts = new ConcurrentHashMap<>();
    private volatile Runnable beforeNextQuote;

    @Inject
    Market real;

    @Inject
    Clock clock;

    public void script(Token token, Script script) {
        scripts.put(token, script);
    }

    /**
     * Runs {@code action} once, when the next quote is asked for: in the middle of a turn, after its decision and
     * before its fill (the lease tests take the lease away from the node there).
     */
    public void beforeNextQuote(Runnable action) {
        beforeNextQuote = action;
    }

    public void clear() {
        scripts.clear();
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        Script script = scripts.get(token);
        if (script == null) {
            return real.candles(token, resolution, until, count);
        }
        Instant end = clock.instant();
        List<BigDecimal> closes = script.closes();
        List<Candle> out = new ArrayList<>();
        for (int i = Math.max(0, closes.size() - count); i < closes.size(); i++) {
            BigDecimal close = closes.get(i);
            Instant open = end.minus(resolution.multipliedBy(closes.size() - i));
            out.add(new Candle(token, open, resolution, close, close, close, close, BigDecimal.ONE));
        }
        return out;
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        Script script = scripts.get(token);
        return script == null ? real.mid(token) : Optional.of(new MidPrice(token, script.mid(), clock.instant()));
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        Runnable action = beforeNextQuote;
        if (action != null) {
            beforeNextQuote = null;
            action.run();
        }
        Script script = scripts.get(token);
        return script == null ? real.quote(token, side, sizeUsdt)
                : Optional.of(new Quote(token, sizeUsdt, script.quotePrice(), script.impactPct(),
                        new BigDecimal("10000000"), clock.instant()));
    }

    @Override
    public OptionalDouble fearGreed(Instant at) {
        return scripts.values().stream().findFirst().map(s -> OptionalDouble.of(s.fearGreed()))
                .orElseGet(() -> real.fearGreed(at));
    }

    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        Script script = scripts.get(token);
        return script == null ? real.fundingRate(token, at) : OptionalDouble.of(script.fundingRate());
    }
}
