package xyz.halyrd.strategy.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.strategy.entity.Candidate;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * Ranks the supported universe for the watchlist. The score, in [0, 1], is
 * {@code 0.5 × setup + 0.3 × liquidity + 0.2 × quote quality}, where
 * <ul>
 * <li>setup = mean of clamp((50 − RSI) / 30) and clamp(−price_vs_sma / 0.08): RSI 20 and 8 % below the SMA score 1;
 * unknown (too little history) scores 0; read on the candles the trading cycle reads ({@code halyrd.cycle.resolution},
 * hourly by default, so that its windows are the strategy's);</li>
 * <li>liquidity = clamp(1 − price impact % of a {@value #PROBE_USDT} USDT buy / 1 %);</li>
 * <li>quote quality = clamp(1 − |quote − mid| / mid / 0.75 %), the spread to the reference price.</li>
 * </ul>
 */
@ApplicationScoped
public class Candidates {

    static final int PROBE_USDT = 1000;

    @Inject
    MarketFeed market;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "halyrd.cycle.resolution", defaultValue = "PT1H")
    Duration resolution;

    /** The universe ranked for a strategy: the setup is read with the windows its entry rule uses. */
    public List<Candidate> ranked(StrategySpec strategy) {
        int smaWindow = strategy.entryWindowOf("price_vs_sma").orElse(48);
        int rsiWindow = strategy.entryWindowOf("rsi").orElse(14);
        record Scored(Token token, double score, String reason) {
        }
        List<Scored> scored = new ArrayList<>();
        int history = Math.max(smaWindow, rsiWindow + 1) + 24;
        for (Token token : Token.values()) {
            List<Candle> candles = market.candles(token, resolution, clock.instant(), history);
            OptionalDouble rsi = IndicatorReadings.value("rsi", rsiWindow, candles);
            OptionalDouble deviation = IndicatorReadings.value("price_vs_sma", smaWindow, candles);
            List<String> why = new ArrayList<>();
            double setup = setup(rsi, deviation, SignalEngine.window(smaWindow, resolution), why);
            double liquidity = 0;
            double quality = 0;
            Optional<Quote> quote = market.quote(token, Side.BUY, BigDecimal.valueOf(PROBE_USDT));
            Optional<MidPrice> mid = market.mid(token);
            if (quote.isPresent() && quote.get().priceImpactPct() != null) {
                double impact = quote.get().priceImpactPct().doubleValue();
                liquidity = clamp(1 - impact / 1.0);
                why.add(String.format(Locale.ROOT, "price impact %.2f%% for %d USDT", impact, PROBE_USDT));
            } else {
                why.add("no executable quote");
            }
            if (quote.isPresent() && mid.isPresent() && mid.get().price().signum() > 0) {
                double spread = quote.get().price().subtract(mid.get().price()).abs()
                        .divide(mid.get().price(), 8, RoundingMode.HALF_UP).doubleValue() * 100;
                quality = clamp(1 - spread / 0.75);
                why.add(String.format(Locale.ROOT, "quote %.2f%% from the reference mid", spread));
            }
            double score = 0.5 * setup + 0.3 * liquidity + 0.2 * quality;
            scored.add(new Scored(token, score, capitalise(String.join("; ", why)) + "."));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.token().name()));
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            out.add(new Candidate(s.token().name(), i + 1,
                    BigDecimal.valueOf(s.score()).setScale(2, RoundingMode.HALF_UP), s.reason()));
        }
        return out;
    }

    private static double setup(OptionalDouble rsi, OptionalDouble deviation, String smaWindow, List<String> why) {
        if (rsi.isEmpty() || deviation.isEmpty()) {
            why.add("not enough history for RSI and the " + smaWindow + " SMA");
            return 0;
        }
        double dev = deviation.getAsDouble();
        why.add(String.format(Locale.ROOT, "RSI %.1f, price %.1f%% %s %s SMA", rsi.getAsDouble(),
                Math.abs(dev) * 100, dev < 0 ? "below" : "above", smaWindow));
        return (clamp((50 - rsi.getAsDouble()) / 30) + clamp(-dev / 0.08)) / 2;
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
