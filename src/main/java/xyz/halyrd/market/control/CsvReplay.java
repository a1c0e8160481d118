package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * Replays Binance-style kline CSV files ({@code ETHUSDT-1h-2024-01.csv}: open_time, open, high, low, close,
 * volume, close_time, …; with or without a header; open_time in epoch milliseconds or microseconds) from a
 * directory. Candles keep their historical times, so replay is meant to run under a clock set in that past (a
 * backtest); the mid is the close of the last bar closed by then, dated at its close. Files carry no order book:
 * a quote fills at that close on a constant-product pool as deep as the bar's USDT turnover (volume × close), the
 * simulated market's model of price impact ({@link Quote#onPool}); a bar without volume quotes no depth, and the
 * QuoteVerifier refuses it. Malformed lines are skipped and counted, never guessed.
 *
 * <p>Two kinds of companion files in the same directory answer what the strategies need beside prices:
 * {@code fear_greed.csv} ({@code date,value} per UTC day, {@code 2024-01-01,63}) and {@code <SYMBOL>-funding.csv}
 * of a token's USDⓈ-M perpetual ({@code ETHUSDT-funding.csv}, BTCB's is {@code BTCUSDT-funding.csv}:
 * {@code funding_time_ms,funding_rate} with the rate as Binance's fraction, {@code 1704067200000,0.00010000}),
 * both with or without a header. They answer as the live feeds do: the latest value at or before the time, none
 * once that is more than two days old, funding in percent per interval.
 */
@ApplicationScoped
@Typed(CsvReplay.class)
public class CsvReplay implements MarketFeed {

    private static final Logger LOG = Logger.getLogger(CsvReplay.class.getName());
    private static final Pattern FILE = Pattern.compile("([A-Z0-9]+)USDT-(\\d+)([mhd])-.*\\.csv",
            Pattern.CASE_INSENSITIVE);
    private static final String FEAR_GREED_FILE = "fear_greed.csv";
    private static final Pattern FUNDING_FILE = Pattern.compile("([A-Z0-9]+)-funding\\.csv", Pattern.CASE_INSENSITIVE);
    private static final long MICROS_THRESHOLD = 100_000_000_000_000L; // open_time above this is in microseconds

    private Clock clock;
    private final Map<Token, TreeMap<Instant, Candle>> candles = new EnumMap<>(Token.class);
    private final Map<Token, Duration> resolutions = new EnumMap<>(Token.class);
    private final Timeline fearGreed = new Timeline();
    private final Map<Token, Timeline> funding = new EnumMap<>(Token.class);
    private int skippedLines;

    protected CsvReplay() {
        // for the CDI proxy
    }

    @Inject
    public CsvReplay(Clock clock, @ConfigProperty(name = "halyrd.market.csv.dir") Optional<String> dir) {
        this.clock = clock;
        dir.map(Path::of).ifPresent(this::load);
    }

    /** A replay of the kline files in {@code dir}. */
    public CsvReplay(Clock clock, Path dir) {
        this.clock = clock;
        load(dir);
    }

    private void load(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.csv")) {
            for (Path file : files) {
                if (companion(file)) {
                    continue;
                }
                Matcher name = FILE.matcher(file.getFileName().toString());
                Optional<Token> token = name.matches() ? Token.bySymbol(name.group(1)) : Optional.empty();
                if (token.isEmpty()) {
                    LOG.warning(() -> "Ignoring " + file.getFileName() + ": not TOKENUSDT-<interval>-….csv of a supported token");
                    continue;
                }
                Duration resolution = resolution(Integer.parseInt(name.group(2)), name.group(3));
                Duration known = resolutions.putIfAbsent(token.get(), resolution);
                if (known != null && !known.equals(resolution)) {
                    LOG.warning(() -> "Ignoring " + file.getFileName() + ": " + token.get() + " is already replayed at " + known);
                    continue;
                }
                read(file, token.get(), resolution);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the kline directory " + dir, e);
        }
        if (skippedLines > 0) {
            LOG.warning(() -> "Skipped " + skippedLines + " malformed kline lines in " + dir);
        }
    }

    private void read(Path file, Token token, Duration resolution) throws IOException {
        TreeMap<Instant, Candle> series = candles.computeIfAbsent(token, t -> new TreeMap<>());
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",");
            if (f.length < 6 || !Character.isDigit(f[0].trim().isEmpty() ? 'x' : f[0].trim().charAt(0))) {
                if (!line.isBlank() && !line.toLowerCase(Locale.ROOT).startsWith("open_time")) {
                    skippedLines++;
                }
                continue;
            }
            try {
                long openTime = Long.parseLong(f[0].trim());
                Instant open = openTime > MICROS_THRESHOLD ? Instant.EPOCH.plusNanos(openTime * 1000)
                        : Instant.ofEpochMilli(openTime);
                series.put(open, new Candle(token, open, resolution, decimal(f[1]), decimal(f[2]), decimal(f[3]),
                        decimal(f[4]), decimal(f[5])));
            } catch (RuntimeException e) { // unparsable numbers or an inconsistent bar
                skippedLines++;
            }
        }
    }

    /** Reads the file if it is a fear &amp; greed or funding companion; false when it is not one. */
    private boolean companion(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.equalsIgnoreCase(FEAR_GREED_FILE)) {
            readCompanion(file, fearGreed, f -> LocalDate.parse(f[0].trim()).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    f -> {
                        BigDecimal value = decimal(f[1]);
                        if (!FearGreedHistory.inRange(value)) {
                            throw new IllegalArgumentException("not 0 to 100");
                        }
                        return value;
                    });
            return true;
        }
        Matcher funded = FUNDING_FILE.matcher(name);
        if (!funded.matches()) {
            return false;
        }
        String symbol = funded.group(1).toUpperCase(Locale.ROOT);
        Optional<Token> token = Arrays.stream(Token.values())
                .filter(t -> BinanceFunding.perpetual(t).filter(symbol::equals).isPresent()).findFirst();
        if (token.isEmpty()) {
            LOG.warning(() -> "Ignoring " + name + ": " + symbol + " is not the perpetual of a supported token");
            return true;
        }
        readCompanion(file, funding.computeIfAbsent(token.get(), t -> new Timeline()),
                f -> Instant.ofEpochMilli(Long.parseLong(f[0].trim())), f -> BinanceFunding.percent(decimal(f[1])));
        return true;
    }

    /**
     * Reads {@code time,value} lines into {@code series}; a first line that starts with a letter is a header.
     * Malformed lines are skipped, and counted in one warning for the file.
     */
    private static void readCompanion(Path file, Timeline series, Function<String[], Instant> time,
            Function<String[], BigDecimal> value) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int skipped = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || i == 0 && Character.isLetter(line.charAt(0))) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length != 2) {
                    throw new IllegalArgumentException("not two fields");
                }
                series.put(time.apply(f), value.apply(f));
            } catch (RuntimeException e) { // unparsable time or number, or a value out of range
                skipped++;
            }
        }
        if (skipped > 0) {
            int count = skipped;
            LOG.warning(() -> "Skipped " + count + " malformed lines in " + file);
        }
    }

    private static BigDecimal decimal(String field) {
        return new BigDecimal(field.trim());
    }

    private static Duration resolution(int amount, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public int skippedLines() {
        return skippedLines;
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        TreeMap<Instant, Candle> series = candles.get(token);
        if (series == null || !resolution.equals(resolutions.get(token))) {
            return List.of();
        }
        Instant last = until.isAfter(clock.instant()) ? clock.instant() : until;
        List<Candle> out = new ArrayList<>();
        for (Candle candle : series.headMap(last.minus(resolution), true).descendingMap().values()) {
            if (out.size() == count) {
                break;
            }
            out.add(candle);
        }
        Collections.reverse(out);
        return out;
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        Duration resolution = resolutions.get(token);
        if (resolution == null) {
            return Optional.empty();
        }
        List<Candle> last = candles(token, resolution, clock.instant(), 1);
        return last.isEmpty() ? Optional.empty()
                : Optional.of(new MidPrice(token, last.get(0).close(), last.get(0).closeTime()));
    }

    /** The value of {@code fear_greed.csv}'s latest day at or before {@code at} (and the clock), if not stale. */
    @Override
    public OptionalDouble fearGreed(Instant at) {
        return fearGreed.at(happened(at));
    }

    /** The rate of the token's funding file in force at {@code at} (and the clock), in percent; empty without one. */
    @Override
    public OptionalDouble fundingRate(Token token, Instant at) {
        Timeline rates = funding.get(token);
        return rates == null ? OptionalDouble.empty() : rates.at(happened(at));
    }

    private Instant happened(Instant at) {
        Instant now = clock.instant();
        return at.isAfter(now) ? now : at;
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        Duration resolution = resolutions.get(token);
        if (resolution == null) {
            return Optional.empty();
        }
        List<Candle> last = candles(token, resolution, clock.instant(), 1);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Candle bar = last.get(0);
        return Optional.of(Quote.onPool(token, side, sizeUsdt, bar.close(), bar.volume().multiply(bar.close()),
                bar.closeTime()));
    }
}
