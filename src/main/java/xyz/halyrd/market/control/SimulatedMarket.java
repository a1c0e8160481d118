package xyz.halyrd.market.control;

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
import xyz.halyrd.platform.DemoTime;
import xyz.halyrd.market.entity.BarClose;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * The default market: a simulated one, so Halyrd runs with no network and no key. Every token follows a
 * minute-by-minute path through regimes (range, trends, crashes, spikes) with its own volatility, pulled back
 * towards a slow anchor so that oversold setups occur and often revert, while a market-wide mood now and then
 * drags every token down at once (a sell-off) or lifts it (a rally). Fear &amp; greed and funding are derived from
 * the path as the real ones behave: fear and negative funding in a sell-off, greed and crowded longs in a rally.
 * Its quotes now and then diverge from the mid, go stale or are thin, at the rates of {@link Anomalies}.
 *
 * <p>The market reads the agent's clock; in the demo that clock is sped up (see {@link DemoTime}) and the market is a
 * function of the seed and the hour the demo began alone, so every start shows the same story: a sell-off two
 * market hours in, a relief rally after it, then the seed's own market. Otherwise it is a function of the seed and
 * the day it started. The same seed and clock give the same prices.
 *
 * <p>Prices are generated as doubles (a synthetic path, not money) and leave this class as BigDecimal with eight
 * significant digits.
 *
 * <p>Not thread-safe: it extends its paths as it is asked. The running agent shares one through
 * {@link SharedSimulatedMarket}, which answers one question at a time; a backtest owns one and asks it without a lock
 * (a lock taken nine times a bar was a fifth of a year's replay).
 */
public class SimulatedMarket implements MarketFeed {

    /** Rates of bad quotes, per quote requested: realistic enough that the QuoteVerifier is exercised daily. */
    public record Anomalies(double divergence, double stale, double thin) {
        public static final Anomalies REALISTIC = new Anomalies(0.02, 0.01, 0.01);
        public static final Anomalies NONE = new Anomalies(0, 0, 0);
    }

    private enum Regime {
        RANGE, TREND_UP, TREND_DOWN, CRASH, SPIKE
    }

    /** The market-wide mood of an hour. */
    public enum Mood {
        CALM, SELL_OFF, RALLY
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
    /** The majors whose moves set the market's mood figures (fear &amp; greed). */
    private static final List<Token> MAJORS = List.of(Token.BTCB, Token.ETH, Token.BNB);

    private static final MathContext PRICE = new MathContext(8);
    /** 10^-8 … 10^18, at index k + POWER_OFFSET: exactly the doubles the literals 1e-8 … 1e18 are. */
    private static final double[] POWERS_OF_TEN = new double[27];
    private static final int POWER_OFFSET = 8;
    private static final long TEN_TO_PRECISION = 100_000_000L;

    static {
        for (int k = -POWER_OFFSET; k <= 18; k++) {
            POWERS_OF_TEN[k + POWER_OFFSET] = Double.parseDouble("1e" + k);
        }
    }
    /** History kept per token: 60 days of minutes, beyond the longest indicator window (30 days of hours). */
    static final int KEEP_MINUTES = 60 * 1440;
    private static final double MINUTES_PER_YEAR = 525_600;
    private static final int MINUTES_PER_HOUR = 60;
    /** Hourly regime switches out of RANGE (after 4 to 23 hours of it); crashes about every 3 days per token. */
    private static final double P_TREND = 0.03;
    private static final double P_CRASH = 0.02;
    private static final double P_SPIKE = 0.008;
    /** How much of a token's minute-by-minute move the whole market shares: crypto moves together. */
    private static final double MAJOR_CORRELATION = 0.8;
    private static final double ALT_CORRELATION = 0.65;

    private final Clock clock;
    private final long seed;
    private final Anomalies anomalies;
    private final Instant origin;
    /** The demo's opening sell-off starts in this hour after the origin; -1 outside a demo. */
    private int demoSellOffHour = -1;
    private final Map<Token, Path> paths = new EnumMap<>(Token.class);
    private final MarketMood mood = new MarketMood();
    private int majorsMoveMinute = -1;
    private int majorsMoveHours;
    private double majorsMove;
    /** A demo's first quote arrives late, so that the QuoteVerifier's refusal is among the first things shown. */
    private boolean demoLateQuoteSent;

    /** A market (not a demo) starting {@code backfill} before the clock's current day. */
    public SimulatedMarket(Clock clock, long seed, Duration backfill, Anomalies anomalies) {
        this(clock, seed, backfill, anomalies, null);
    }

    /**
     * A market whose history begins {@code backfill} before the clock's current day, or, for a demo that began at
     * {@code demoBegan}, {@code backfill} before that hour: then it opens with the demo's sell-off and relief rally.
     */
    public SimulatedMarket(Clock clock, long seed, Duration backfill, Anomalies anomalies, Instant demoBegan) {
        this.clock = clock;
        this.seed = seed;
        this.anomalies = anomalies;
        if (demoBegan == null) {
            this.origin = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(backfill);
        } else {
            this.origin = demoBegan.truncatedTo(ChronoUnit.HOURS).minus(backfill);
            this.demoSellOffHour = minuteAt(demoBegan) / MINUTES_PER_HOUR + 2;
        }
    }

    private boolean demo() {
        return demoSellOffHour >= 0;
    }

    /** Nothing from the future: a time after now is read as now. */
    private Instant notAfterNow(Instant at) {
        Instant now = clock.instant();
        return at.isAfter(now) ? now : at;
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        long minutes = barMinutes(resolution);
        Instant last = notAfterNow(until);
        Path path = path(token, last);
        long barsClosed = Math.floorDiv(minutesSinceOrigin(last), minutes);
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
                    price(low), price(close), price(volume)));
        }
        return out;
    }

    /** The newest bar's close as {@link #candles} has it, without building the bar. */
    @Override
    public Optional<BarClose> lastClose(Token token, Duration resolution, Instant until) {
        long minutes = barMinutes(resolution);
        Instant last = notAfterNow(until);
        Path path = path(token, last);
        long barsClosed = Math.floorDiv(minutesSinceOrigin(last), minutes);
        if (barsClosed <= 0) {
            return Optional.empty();
        }
        long from = (barsClosed - 1) * minutes;
        return Optional.of(new BarClose(origin.plusSeconds(from * 60),
                priceAsDouble(path.price((int) (from + minutes - 1)))));
    }

    private static long barMinutes(Duration resolution) {
        long minutes = resolution.toMinutes();
        if (minutes < 1 || resolution.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("resolution must be whole minutes: " + resolution);
        }
        return minutes;
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        Instant now = clock.instant();
        Path path = path(token, now);
        int minute = minuteAt(now);
        Instant ts = now;
        if (rng(token, minute, 7).nextDouble() < anomalies.stale() / 2) { // the reference service lags now and then
            ts = now.minus(Duration.ofMinutes(2 + rng(token, minute, 8).nextInt(4)));
        }
        return Optional.of(new MidPrice(token, price(path.price(minute)), ts));
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        Instant now = clock.instant();
        Path path = path(token, now);
        int minute = minuteAt(now);
        SplittableRandom draw = rng(token, minute, 11 + side.ordinal() + 1000L * sizeUsdt.intValue());
        double depth = PROFILES.get(token).depthUsdt();
        double roll = draw.nextDouble();
        double mid = path.price(minute);
        Instant ts = now;
        if (demo() && !demoLateQuoteSent) {
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
        return Optional.of(new Quote(token, sizeUsdt, price(fill), price(impact * 100),
                price(depth), ts));
    }

    /**
     * The Fear &amp; Greed index (0–100): a slow sentiment that drifts over weeks, moved by the majors' last 24 hours
     * — fearful in a sell-off (a 5 % fall of the majors takes about 25 points), greedy in a rally.
     */
    @Override
    public OptionalDouble fearGreed(Instant at) {
        int minute = minuteAt(notAfterNow(at));
        if (minute < 24 * MINUTES_PER_HOUR) {
            return OptionalDouble.empty();
        }
        double index = 50 + mood.sentiment(minute / MINUTES_PER_HOUR) + 500 * majorsMove(minute, 24);
        return OptionalDouble.of(Math.max(0, Math.min(100, Math.round(index))));
    }

    /**
     * Perpetual funding, percent per 8 h: 0.01 when calm; longs pay more when the token has been rising over the last
     * 8 hours and the whole market with it (crowded longs), shorts pay in a sell-off (negative funding).
     */
    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        int minute = minuteAt(notAfterNow(at));
        if (minute < 24 * MINUTES_PER_HOUR) {
            return OptionalDouble.empty();
        }
        Path path = path(token, clock.instant());
        double own = Math.log(path.price(minute) / path.price(minute - 8 * MINUTES_PER_HOUR));
        double funding = 0.01 + 0.4 * own + 0.2 * majorsMove(minute, 24);
        return OptionalDouble.of(Math.round(funding * 1e6) / 1e6);
    }

    /** The market's mood in the hour around {@code at}. */
    public Mood moodAt(Instant at) {
        return mood.at(minuteAt(notAfterNow(at)) / MINUTES_PER_HOUR);
    }

    public Instant origin() {
        return origin;
    }

    /**
     * The majors' average log move over the last {@code hours} up to {@code minute}; the last answer is kept, since
     * fear &amp; greed and every token's funding ask for the same minute in turn.
     */
    private double majorsMove(int minute, int hours) {
        if (minute == majorsMoveMinute && hours == majorsMoveHours) {
            return majorsMove;
        }
        majorsMove = averageMajorsMove(minute, hours);
        majorsMoveMinute = minute;
        majorsMoveHours = hours;
        return majorsMove;
    }

    private double averageMajorsMove(int minute, int hours) {
        double sum = 0;
        for (Token token : MAJORS) {
            Path path = path(token, clock.instant());
            sum += Math.log(path.price(minute) / path.price(minute - hours * MINUTES_PER_HOUR));
        }
        return sum / MAJORS.size();
    }

    private int minuteAt(Instant at) {
        return (int) Math.max(0, minutesSinceOrigin(at));
    }

    /** Whole minutes from the origin to {@code at}, as {@code Duration.between(origin, at).toMinutes()} counts them. */
    private long minutesSinceOrigin(Instant at) {
        long seconds = at.getEpochSecond() - origin.getEpochSecond();
        if (at.getNano() < origin.getNano()) {
            seconds--; // a part of a second short of the whole
        }
        return seconds / 60;
    }

    private Path path(Token token, Instant until) {
        Path path = paths.get(token);
        if (path == null) {
            path = new Path(token, PROFILES.get(token));
            paths.put(token, path);
        }
        path.extendTo(minuteAt(until));
        return path;
    }

    private SplittableRandom rng(Token token, long index, long salt) {
        long mixed = seed * 0x9E3779B97F4A7C15L ^ (token.ordinal() + 1) * 0xC2B2AE3D27D4EB4FL
                ^ index * 0x165667B19E3779F9L ^ salt * 0x27D4EB2F165667C5L;
        return new SplittableRandom(mixed);
    }

    /**
     * {@code value} to eight significant digits, half up: what {@code BigDecimal.valueOf(value).round(PRICE)} gives,
     * without its trip through a decimal string (which cost a backtest most of its time). Within the range prices
     * take the scaled value is rounded directly; a tie falling the other way than the decimal string's would is a
     * one-in-a-hundred-million event and still an eight-digit rounding of the same path.
     */
    static BigDecimal price(double value) {
        if (!(value >= 1e-8 && value < 1e10)) {
            return BigDecimal.valueOf(value).round(PRICE);
        }
        int scale = scaleOf(value);
        long unscaled = unscaled(value, scale);
        if (unscaled == TEN_TO_PRECISION) { // 99999999.5 rounds up a digit: 1.0000000E+8 as round() gives it
            return BigDecimal.valueOf(unscaled / 10, scale - 1);
        }
        return BigDecimal.valueOf(unscaled, scale);
    }

    /**
     * {@code price(value).doubleValue()} without the BigDecimal: the eight digits over their power of ten, which is
     * the double {@code BigDecimal.doubleValue()} gives for a value of at most eight digits (one exact division).
     */
    static double priceAsDouble(double value) {
        if (!(value >= 1e-8 && value < 1e10)) {
            return price(value).doubleValue();
        }
        int scale = scaleOf(value);
        long unscaled = unscaled(value, scale);
        return scale >= 0 ? unscaled / POWERS_OF_TEN[scale + POWER_OFFSET]
                : unscaled * POWERS_OF_TEN[-scale + POWER_OFFSET];
    }

    /** The scale that leaves eight significant digits of {@code value} (1e-8 ≤ value < 1e10) before the point. */
    private static int scaleOf(double value) {
        int exponent = (int) Math.floor(Math.log10(value));
        if (value < POWERS_OF_TEN[exponent + POWER_OFFSET]) { // log10's last bit at an exact power of ten
            exponent--;
        } else if (value >= POWERS_OF_TEN[exponent + 1 + POWER_OFFSET]) {
            exponent++;
        }
        return PRICE.getPrecision() - 1 - exponent;
    }

    private static long unscaled(double value, int scale) {
        return Math.round(scale >= 0 ? value * POWERS_OF_TEN[scale + POWER_OFFSET]
                : value / POWERS_OF_TEN[-scale + POWER_OFFSET]);
    }

    /**
     * The market-wide mood, hour by hour: mostly calm, now and then a sell-off or a rally that moves every token at
     * once (crypto moves together), and beneath it a slow sentiment that wanders over weeks. A demo opens with a
     * sell-off two market hours in, then a relief rally: its first oversold setups, its first exit.
     */
    private final class MarketMood {
        /** Hourly chances of a sell-off (about one in five days) and a rally (about one a week). */
        private static final double P_SELL_OFF = 0.009;
        private static final double P_RALLY = 0.006;
        /** Sentiment: reverts over about five days, wanders about ±12 points. */
        private static final double SENTIMENT_REVERSION = 1.0 / 120;
        private static final double SENTIMENT_STEP = 1.55;
        private static final int DEMO_SELL_OFF_HOURS = 6;
        private static final int DEMO_RALLY_HOURS = 8;
        private double[] drift = new double[24 * 64];
        private double[] sentiment = new double[24 * 64];
        private Mood[] moods = new Mood[24 * 64];
        private int hours;
        private int hoursLeft;
        private double current;
        private Mood state = Mood.CALM;
        private double mind;
        private final double[] shocks = new double[MINUTES_PER_HOUR];
        private int shocksHour = -1;

        double driftPerMinute(int hour) {
            extendTo(hour);
            return drift[hour];
        }

        double sentiment(int hour) {
            extendTo(hour);
            return sentiment[hour];
        }

        /**
         * The market-wide shocks of one hour's minutes, the same for every token: drawn once for the tokens that
         * generate the hour one after another (they keep step), again only when another hour came between.
         */
        double[] shocks(int hour) {
            if (hour != shocksHour) {
                SplittableRandom random = new SplittableRandom(seed * 0x2545F4914F6CDD1DL ^ hour * 0x9E3779B97F4A7C15L
                        ^ 0x6A09E667F3BCC909L);
                for (int m = 0; m < MINUTES_PER_HOUR; m++) {
                    shocks[m] = random.nextGaussian();
                }
                shocksHour = hour;
            }
            return shocks;
        }

        Mood at(int hour) {
            extendTo(hour);
            return moods[hour];
        }

        private void extendTo(int hour) {
            while (hours <= hour) {
                next();
            }
        }

        private void next() {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ hours * 0xD1B54A32D192ED03L
                    ^ 0x5DEECE66DL);
            if (hours == demoSellOffHour) {
                start(Mood.SELL_OFF, DEMO_SELL_OFF_HOURS, -0.10);
            } else if (demo() && hours == demoSellOffHour + DEMO_SELL_OFF_HOURS + 1) {
                start(Mood.RALLY, DEMO_RALLY_HOURS, 0.07); // the relief rally, an hour after the sell-off ends
            } else if (hoursLeft > 0) {
                hoursLeft--;
            } else {
                double roll = random.nextDouble();
                if (roll < P_SELL_OFF) {
                    start(Mood.SELL_OFF, 4 + random.nextInt(6), -(0.05 + random.nextDouble() * 0.07));
                } else if (roll < P_SELL_OFF + P_RALLY) {
                    start(Mood.RALLY, 4 + random.nextInt(8), 0.04 + random.nextDouble() * 0.05);
                } else {
                    state = Mood.CALM;
                    current = 0;
                }
            }
            mind += -SENTIMENT_REVERSION * mind + SENTIMENT_STEP * random.nextGaussian();
            if (hours == drift.length) {
                drift = java.util.Arrays.copyOf(drift, drift.length * 2);
                sentiment = java.util.Arrays.copyOf(sentiment, sentiment.length * 2);
                moods = java.util.Arrays.copyOf(moods, moods.length * 2);
            }
            drift[hours] = current;
            sentiment[hours] = mind;
            moods[hours] = state;
            hours++;
        }

        /** A sell-off or rally moving the market by {@code total} (log) over {@code length} hours. */
        private void start(Mood mood, int length, double total) {
            state = mood;
            hoursLeft = length - 1;
            current = total / (length * 60.0);
        }
    }

    /**
     * One token's minute path, generated hour by hour from its own random streams and extended as time passes. A
     * minute keeps its log price and the numerator of its volume; its price (an exponential) is worked out when first
     * read, and kept: a backtest on 5-minute bars reads about one minute in five.
     */
    private final class Path {
        private final Token token;
        private final Profile profile;
        private double[] logPrices = new double[16 * 1440];
        /** {@link Double#NaN} until read. */
        private double[] prices = new double[16 * 1440];
        /** USDT turnover of the minute: its volume times its price. */
        private double[] turnovers = new double[16 * 1440];
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
            return priceAt(index(minute));
        }

        double volume(int minute) {
            int at = index(minute);
            return turnovers[at] / priceAt(at);
        }

        private double priceAt(int at) {
            double price = prices[at];
            if (Double.isNaN(price)) {
                price = Math.exp(logPrices[at]);
                prices[at] = price;
            }
            return price;
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
                case CRASH, SPIKE -> minuteVol * 1.4;
                case TREND_UP, TREND_DOWN -> minuteVol * 1.2;
                case RANGE -> minuteVol;
            };
            double pull = regime == Regime.RANGE ? 1.0 / (6 * 60) : 1.0 / (48 * 60); // back towards the anchor
            double marketDrift = mood.driftPerMinute(hour) * (token == Token.BTCB || token == Token.BNB ? 0.9
                    : token == Token.ETH ? 1.0 : 1.3); // altcoins move more than the majors
            // every minute's move is partly the whole market's (the same shock for every token), partly the token's own
            double[] market = mood.shocks(hour);
            double common = MAJORS.contains(token) ? MAJOR_CORRELATION : ALT_CORRELATION;
            double own = Math.sqrt(1 - common * common);
            for (int m = 0; m < MINUTES_PER_HOUR; m++) {
                double shock = common * market[m] + own * random.nextGaussian();
                logPrice += regimeDrift + marketDrift + pull * (anchor - logPrice) + vol * shock;
                anchor += (logPrice - anchor) / (3 * 1440.0); // the anchor follows over about three days
                grow();
                int at = length - offset;
                logPrices[at] = logPrice;
                prices[at] = Double.NaN;
                turnovers[at] = profile.depthUsdt() / 2000 * (0.5 + random.nextDouble())
                        * (regime == Regime.RANGE ? 1 : 2.5);
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
                regimeHoursLeft = 4 + random.nextInt(20);
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
                int grown = Math.min(prices.length * 2, KEEP_MINUTES);
                logPrices = java.util.Arrays.copyOf(logPrices, grown);
                prices = java.util.Arrays.copyOf(prices, grown);
                turnovers = java.util.Arrays.copyOf(turnovers, grown);
                return;
            }
            int drop = KEEP_MINUTES / 3;
            System.arraycopy(logPrices, drop, logPrices, 0, kept - drop);
            System.arraycopy(prices, drop, prices, 0, kept - drop);
            System.arraycopy(turnovers, drop, turnovers, 0, kept - drop);
            offset += drop;
        }
    }
}
