package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * The default market: a simulated one, so Halyrd runs with no network and no key. Every token follows a
 * minute-by-minute path through regimes (range, trends, crashes, spikes) with its own volatility, pulled back
 * towards a slow anchor so that oversold setups occur and often revert. Its quotes now and then diverge from the
 * mid, go stale or are thin, at the rates of {@link Anomalies}. The whole market is a pure function of the seed
 * and the day it started: the same seed and clock give the same prices.
 *
 * <p>Prices are generated as doubles (a synthetic path, not money) and leave this class as BigDecimal with eight
 * significant digits.
 */
@ApplicationScoped
@Typed(SimulatedMarket.class) // injected as a MarketFeed only through Market, which picks the adapters
public class SimulatedMarket implements MarketFeed {

    /** Rates of bad quotes, per quote requested: realistic enough that the QuoteVerifier is exercised daily. */
    public record Anomalies(double divergence, double stale, double thin) {
        public static final Anomalies REALISTIC = new Anomalies(0.02, 0.01, 0.01);
        public static final Anomalies NONE = new Anomalies(0, 0, 0);
    }

    private enum Regime {
        RANGE, TREND_UP, TREND_DOWN, CRASH, SPIKE
    }

    /** Per-token character: a start price, annual volatility and pool depth in USDT. */
    private record Profile(double startPrice, double annualVol, double depthUsdt) {
    }

    private static final Map<Token, Profile> PROFILES = new EnumMap<>(Map.ofEntries(
            Map.entry(Token.BNB, new Profile(600, 0.55, 4_000_000)),
            Map.entry(Token.BTCB, new Profile(65_000, 0.50, 6_000_000)),
            Map.entry(Token.ETH, new Profile(3_400, 0.60, 5_000_000)),
            Map.entry(Token.CAKE, new Profile(2.4, 0.95, 800_000)),
            Map.entry(Token.LINK, new Profile(15, 0.85, 1_200_000)),
            Map.entry(Token.AVAX, new Profile(35, 0.90, 900_000)),
            Map.entry(Token.ADA, new Profile(0.45, 0.85, 700_000)),
            Map.entry(Token.DOT, new Profile(7, 0.85, 600_000)),
            Map.entry(Token.XRP, new Profile(0.6, 0.80, 1_000_000)),
            Map.entry(Token.DOGE, new Profile(0.15, 1.10, 900_000)),
            Map.entry(Token.UNI, new Profile(8, 0.90, 500_000)),
            Map.entry(Token.LTC, new Profile(80, 0.75, 600_000)),
            Map.entry(Token.ATOM, new Profile(9, 0.90, 400_000)),
            Map.entry(Token.FIL, new Profile(5, 1.00, 350_000))));

    private static final MathContext PRICE = new MathContext(8);
    /** History kept per token: 60 days of minutes, beyond the longest indicator window (30 days of hours). */
    static final int KEEP_MINUTES = 60 * 1440;
    private static final double MINUTES_PER_YEAR = 525_600;
    private static final int MINUTES_PER_HOUR = 60;
    /** Hourly regime switches out of RANGE; the rest stays. Crashes about every 3 days per token. */
    private static final double P_TREND = 0.03;
    private static final double P_CRASH = 0.014;
    private static final double P_SPIKE = 0.008;

    private Clock clock;
    private long seed;
    private long speed = 1;
    private Instant started;
    private Anomalies anomalies;
    private Instant origin;
    private final Map<Token, Path> paths = new EnumMap<>(Token.class);
    private Mood mood; // made on first use, once speed and start are known
    /** A demo's first quote arrives late, so that the QuoteVerifier's refusal is among the first things shown. */
    private boolean demoLateQuoteSent;

    protected SimulatedMarket() {
        // for the CDI proxy
    }

    @Inject
    public SimulatedMarket(Clock clock,
            @ConfigProperty(name = "halyrd.market.seed", defaultValue = "42") long seed,
            @ConfigProperty(name = "halyrd.market.backfill", defaultValue = "P8D") Duration backfill,
            @ConfigProperty(name = "halyrd.market.speed", defaultValue = "720") long speed) {
        this(clock, seed, backfill, Anomalies.REALISTIC);
        if (speed < 1) {
            throw new IllegalArgumentException("halyrd.market.speed must be at least 1, was " + speed);
        }
        this.speed = speed;
    }

    /** A market starting {@code backfill} before the clock's current day; every token's history begins there. */
    public SimulatedMarket(Clock clock, long seed, Duration backfill, Anomalies anomalies) {
        this.clock = clock;
        this.seed = seed;
        this.anomalies = anomalies;
        this.started = clock.instant();
        this.origin = started.truncatedTo(ChronoUnit.DAYS).minus(backfill);
    }

    /**
     * Market time for a wall-clock time: the same at speed 1; at speed n the market lives n seconds for every
     * second since start (a demo). Candles carry market time; mids and quotes are stamped with the wall clock,
     * as a live feed's would be, so the QuoteVerifier judges their age the same at any speed.
     */
    private Instant marketTime(Instant wall) {
        if (speed == 1 || !wall.isAfter(started)) {
            return wall;
        }
        return started.plus(Duration.between(started, wall).multipliedBy(speed));
    }

    private Instant marketNow() {
        return marketTime(clock.instant());
    }

    @Override
    public synchronized List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        long minutes = resolution.toMinutes();
        if (minutes < 1 || resolution.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("resolution must be whole minutes: " + resolution);
        }
        Instant last = marketTime(until.isAfter(clock.instant()) ? clock.instant() : until); // nothing from the future
        Path path = path(token, last);
        long barsClosed = Math.floorDiv(Duration.between(origin, last).toMinutes(), minutes);
        List<Candle> out = new ArrayList<>();
        for (long bar = Math.max(0, barsClosed - count); bar < barsClosed; bar++) {
            int from = (int) (bar * minutes);
            int to = (int) ((bar + 1) * minutes); // exclusive
            double open = path.price(from == 0 ? 0 : from - 1);
            double high = open;
            double low = open;
            double volume = 0;
            for (int m = from; m < to; m++) {
                double p = path.price(m);
                high = Math.max(high, p);
                low = Math.min(low, p);
                volume += path.volume(m);
            }
            double close = path.price(to - 1);
            out.add(new Candle(token, origin.plus(Duration.ofMinutes(from)), resolution, price(open), price(high),
                    price(low), price(close), BigDecimal.valueOf(volume).round(PRICE)));
        }
        return out;
    }

    @Override
    public synchronized Optional<MidPrice> mid(Token token) {
        Instant now = clock.instant();
        Path path = path(token, marketNow());
        int minute = minuteAt(marketNow());
        Instant ts = now;
        if (rng(token, minute, 7).nextDouble() < anomalies.stale() / 2) { // the reference service lags now and then
            ts = now.minus(Duration.ofMinutes(2 + rng(token, minute, 8).nextInt(4)));
        }
        return Optional.of(new MidPrice(token, price(path.price(minute)), ts));
    }

    @Override
    public synchronized Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        Instant now = clock.instant();
        Path path = path(token, marketNow());
        int minute = minuteAt(marketNow());
        SplittableRandom draw = rng(token, minute, 11 + side.ordinal() + 1000L * sizeUsdt.intValue());
        double depth = PROFILES.get(token).depthUsdt();
        double roll = draw.nextDouble();
        double mid = path.price(minute);
        Instant ts = now;
        if (speed > 1 && !demoLateQuoteSent) {
            demoLateQuoteSent = true;
            ts = now.minus(Duration.ofMinutes(3));
        } else if (roll < anomalies.thin()) {
            depth = depth / 400; // a pool drained for a while
        } else if (roll < anomalies.thin() + anomalies.stale()) {
            ts = now.minus(Duration.ofMinutes(2 + draw.nextInt(4)));
        } else if (roll < anomalies.thin() + anomalies.stale() + anomalies.divergence()) {
            mid = mid * (1 + (draw.nextBoolean() ? 1 : -1) * (0.008 + draw.nextDouble() * 0.012));
        }
        double size = sizeUsdt.doubleValue();
        double impact = size / (depth + size); // constant-product pool: the fraction the price moves for this size
        double fill = side == Side.BUY ? mid * (1 + impact) : mid * (1 - impact);
        return Optional.of(new Quote(token, sizeUsdt, price(fill), BigDecimal.valueOf(impact * 100).round(PRICE),
                BigDecimal.valueOf(depth).round(PRICE), ts));
    }

    /** Market-wide mood: greedy after broad gains, fearful after losses, from the average 24 h move. */
    @Override
    public synchronized OptionalDouble fearGreed(Instant at) {
        int minute = minuteAt(marketTime(at.isAfter(clock.instant()) ? clock.instant() : at));
        if (minute < 24 * MINUTES_PER_HOUR) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (Token token : List.of(Token.BTCB, Token.ETH, Token.BNB)) {
            Path path = path(token, marketNow());
            sum += Math.log(path.price(minute) / path.price(minute - 24 * MINUTES_PER_HOUR));
        }
        double avg = sum / 3;
        return OptionalDouble.of(Math.max(0, Math.min(100, Math.round(50 + avg * 600))));
    }

    /** Funding follows the last 8 h of trend: longs pay when the token has been rising. */
    @Override
    public synchronized OptionalDouble fundingRate(Token token, Instant at) {
        int minute = minuteAt(marketTime(at.isAfter(clock.instant()) ? clock.instant() : at));
        if (minute < 8 * MINUTES_PER_HOUR) {
            return OptionalDouble.empty();
        }
        Path path = path(token, marketNow());
        double move = Math.log(path.price(minute) / path.price(minute - 8 * MINUTES_PER_HOUR));
        return OptionalDouble.of(Math.round((0.01 + move * 0.5) * 1e6) / 1e6); // percent: 0.01 when calm
    }

    public Instant origin() {
        return origin;
    }

    private int minuteAt(Instant at) {
        return (int) Math.max(0, Duration.between(origin, at).toMinutes());
    }

    private Path path(Token token, Instant until) {
        Path path = paths.computeIfAbsent(token, t -> new Path(t, PROFILES.get(t)));
        path.extendTo(minuteAt(until));
        return path;
    }

    private SplittableRandom rng(Token token, long index, long salt) {
        long mixed = seed * 0x9E3779B97F4A7C15L ^ (token.ordinal() + 1) * 0xC2B2AE3D27D4EB4FL
                ^ index * 0x165667B19E3779F9L ^ salt * 0x27D4EB2F165667C5L;
        return new SplittableRandom(mixed);
    }

    private static BigDecimal price(double value) {
        return BigDecimal.valueOf(value).round(PRICE);
    }

    /**
     * The market-wide mood, hour by hour: mostly calm, now and then a sell-off or a rally that moves every token at
     * once (crypto moves together), which is what drags fear &amp; greed down when altcoins are oversold.
     */
    private final class Mood {
        private static final double P_SELL_OFF = 0.006;
        private static final double P_RALLY = 0.004;
        private double[] drift = new double[24 * 64];
        private int hours;
        /** A sped-up market (a demo) gets a sell-off two market hours after start, so there is something to see. */
        private final int demoSellOff = speed > 1 ? minuteAt(started) / MINUTES_PER_HOUR + 2 : -1;
        private int hoursLeft;
        private double current;

        double driftPerMinute(int hour) {
            while (hours <= hour) {
                next();
            }
            return drift[hour];
        }

        private void next() {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ hours * 0xD1B54A32D192ED03L
                    ^ 0x5DEECE66DL);
            if (hours == demoSellOff) {
                hoursLeft = 5;
                current = -0.10 / (6 * 60.0);
            } else if (hoursLeft > 0) {
                hoursLeft--;
            } else {
                double roll = random.nextDouble();
                if (roll < P_SELL_OFF) {
                    hoursLeft = 3 + random.nextInt(6);
                    current = -(0.05 + random.nextDouble() * 0.07) / ((hoursLeft + 1) * 60.0);
                } else if (roll < P_SELL_OFF + P_RALLY) {
                    hoursLeft = 3 + random.nextInt(8);
                    current = (0.04 + random.nextDouble() * 0.05) / ((hoursLeft + 1) * 60.0);
                } else {
                    current = 0;
                }
            }
            if (hours == drift.length) {
                drift = java.util.Arrays.copyOf(drift, drift.length * 2);
            }
            drift[hours++] = current;
        }
    }

    /** One token's minute path, generated hour by hour from its own random streams and extended as time passes. */
    private final class Path {
        private final Token token;
        private final Profile profile;
        private double[] prices = new double[16 * 1440];
        private double[] volumes = new double[16 * 1440];
        /** Minutes generated since the origin; the arrays hold the last ones, from minute {@code offset} on. */
        private int length;
        private int offset;
        private double logPrice;
        private double anchor;
        private Regime regime = Regime.RANGE;
        private int regimeHoursLeft;
        private double regimeDrift;

        Path(Token token, Profile profile) {
            this.token = token;
            this.profile = profile;
            this.logPrice = Math.log(profile.startPrice());
            this.anchor = logPrice;
        }

        double price(int minute) {
            return prices[index(minute)];
        }

        double volume(int minute) {
            return volumes[index(minute)];
        }

        /** Minutes older than what is kept answer with the oldest kept; no window reaches that far back. */
        private int index(int minute) {
            return Math.max(0, Math.min(minute, length - 1) - offset);
        }

        void extendTo(int minute) {
            while (length <= minute) {
                generateHour(length / MINUTES_PER_HOUR);
            }
        }

        private void generateHour(int hour) {
            SplittableRandom random = rng(token, hour, 1);
            nextRegime(random);
            double minuteVol = profile.annualVol() / Math.sqrt(MINUTES_PER_YEAR);
            double vol = switch (regime) {
                case CRASH, SPIKE -> minuteVol * 2.2;
                case TREND_UP, TREND_DOWN -> minuteVol * 1.2;
                case RANGE -> minuteVol;
            };
            double pull = regime == Regime.RANGE ? 1.0 / (6 * 60) : 1.0 / (48 * 60); // back towards the anchor
            if (mood == null) {
                mood = new Mood();
            }
            double marketDrift = mood.driftPerMinute(hour) * (token == Token.BTCB || token == Token.BNB ? 0.9
                    : token == Token.ETH ? 1.0 : 1.3); // altcoins move more than the majors
            for (int m = 0; m < MINUTES_PER_HOUR; m++) {
                logPrice += regimeDrift + marketDrift + pull * (anchor - logPrice) + vol * random.nextGaussian();
                anchor += (logPrice - anchor) / (3 * 1440.0); // the anchor follows over about three days
                grow();
                int at = length - offset;
                prices[at] = Math.exp(logPrice);
                volumes[at] = profile.depthUsdt() / 2000 * (0.5 + random.nextDouble())
                        * (regime == Regime.RANGE ? 1 : 2.5) / prices[at];
                length++;
            }
        }

        private void nextRegime(SplittableRandom random) {
            if (regimeHoursLeft > 0) {
                regimeHoursLeft--;
                return;
            }
            double roll = random.nextDouble();
            double perMinute;
            if (regime != Regime.RANGE) {
                regime = Regime.RANGE;
                regimeHoursLeft = 6 + random.nextInt(30);
                regimeDrift = 0;
                return;
            }
            if (roll < P_CRASH) {
                regime = Regime.CRASH;
                regimeHoursLeft = 2 + random.nextInt(5);
                perMinute = -(0.06 + random.nextDouble() * 0.08) / ((regimeHoursLeft + 1) * 60.0);
            } else if (roll < P_CRASH + P_SPIKE) {
                regime = Regime.SPIKE;
                regimeHoursLeft = 1 + random.nextInt(3);
                perMinute = (0.04 + random.nextDouble() * 0.06) / ((regimeHoursLeft + 1) * 60.0);
            } else if (roll < P_CRASH + P_SPIKE + P_TREND) {
                boolean up = random.nextBoolean();
                regime = up ? Regime.TREND_UP : Regime.TREND_DOWN;
                regimeHoursLeft = 12 + random.nextInt(36);
                perMinute = (up ? 1 : -1) * (0.01 + random.nextDouble() * 0.03) / 1440.0;
            } else {
                regimeHoursLeft = 0;
                perMinute = 0;
            }
            regimeDrift = perMinute;
        }

        /** Doubles the arrays up to {@value #KEEP_MINUTES} minutes; beyond that the oldest third is dropped. */
        private void grow() {
            int kept = length - offset;
            if (kept < prices.length) {
                return;
            }
            if (kept < KEEP_MINUTES) {
                prices = java.util.Arrays.copyOf(prices, Math.min(prices.length * 2, KEEP_MINUTES));
                volumes = java.util.Arrays.copyOf(volumes, Math.min(volumes.length * 2, KEEP_MINUTES));
                return;
            }
            int drop = KEEP_MINUTES / 3;
            System.arraycopy(prices, drop, prices, 0, kept - drop);
            System.arraycopy(volumes, drop, volumes, 0, kept - drop);
            offset += drop;
        }
    }
}
