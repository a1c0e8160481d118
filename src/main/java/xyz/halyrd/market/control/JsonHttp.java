package xyz.halyrd.market.control;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.platform.JsonP;

/**
 * The HTTP conventions of the market feeds that ask a JSON API: one GET bounded by a timeout (headers and body),
 * up to {@code retries} more after a timeout, an I/O error, a 5xx or a 429, waiting a doubling backoff or the
 * server's Retry-After (a Retry-After beyond the last backoff step ends the round), and the body read as JSON. Any
 * other 4xx ends the round at once, with the Retry-After it carries (a ban's) for the feed to honour.
 * It never throws and never logs: the feed decides what a failure means and logs it without secrets.
 */
public final class JsonHttp {

    /** How a feed waits between retries; tests replace it so that they never really wait. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    /** What a round gave: a value, or why not (and the Retry-After the server asked for, if any). */
    public record Outcome<T>(T value, String failure, boolean retryable, Duration retryAfter) {

        public static <T> Outcome<T> ok(T value) {
            return new Outcome<>(value, null, false, null);
        }

        /** A failure that asking again at once will not mend (a bad body, an error report, a 4xx). */
        public static <T> Outcome<T> failed(String why) {
            return new Outcome<>(null, why, false, null);
        }

        static <T> Outcome<T> failed(String why, boolean retryable) {
            return new Outcome<>(null, why, retryable, null);
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    /** Retries and first backoff of the keyless feeds (alternative.me, Binance): CoinMarketCap's defaults. */
    public static final int KEYLESS_RETRIES = 2;
    public static final Duration KEYLESS_BACKOFF = Duration.ofMillis(500);

    private final HttpClient http;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Function<JsonValue, Optional<String>> errorReport;

    /**
     * @param errorReport the API's own error report in a body (2xx or not), empty when there is none
     */
    public JsonHttp(Duration timeout, int retries, Duration backoff, Clock clock, Sleeper sleeper,
            Function<JsonValue, Optional<String>> errorReport) {
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
        this.clock = clock;
        this.sleeper = sleeper;
        this.errorReport = errorReport;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The longest a retry waits: the last step of the backoff schedule. A longer Retry-After ends the round. */
    public static Duration backoffCap(Duration backoff, int retries) {
        return backoff.multipliedBy(1L << Math.min(Math.max(retries - 1, 0), 20));
    }

    /**
     * Normalises a configured base URL (no trailing slash) or says which key is wrong.
     */
    public static URI baseUri(String baseUrl, String key) {
        String trimmed = baseUrl.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be an http(s) URL, not '" + baseUrl + "'");
        }
    }

    /** Asks, retrying as above, and hands a readable 2xx body without an error report to {@code read}. */
    public <T> Outcome<T> get(URI uri, Map<String, String> headers, Function<JsonValue, Outcome<T>> read) {
        Duration delay = backoff;
        for (int attempt = 0;; attempt++) {
            Outcome<T> result = attemptOnce(uri, headers, read);
            if (result.succeeded() || !result.retryable() || attempt >= retries) {
                return result;
            }
            Duration wait = delay;
            if (result.retryAfter() != null) {
                if (result.retryAfter().compareTo(backoffCap(backoff, retries)) > 0) {
                    return new Outcome<>(null, result.failure() + ", Retry-After " + result.retryAfter().toSeconds()
                            + " s", false, result.retryAfter());
                }
                wait = result.retryAfter().compareTo(delay) > 0 ? result.retryAfter() : delay;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome<>(null, result.failure() + " (interrupted before retrying)", false,
                        result.retryAfter());
            }
            delay = delay.multipliedBy(2);
        }
    }

    private <T> Outcome<T> attemptOnce(URI uri, Map<String, String> headers, Function<JsonValue, Outcome<T>> read) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(builder::header);
        HttpResponse<String> response;
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(builder.GET().build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            // The request timeout covers the headers only; this bounds a body that trickles in as well.
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Outcome.failed("no answer within " + timeout, true);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted", false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return Outcome.failed("no answer within " + timeout, true);
            }
            return Outcome.failed(describe(cause), cause instanceof IOException);
        }
        int status = response.statusCode();
        Optional<JsonValue> body = json(response.body());
        String report = body.flatMap(errorReport).map(m -> ": " + m).orElse("");
        if (status == 429) {
            return new Outcome<>(null, "HTTP 429" + report, true, retryAfter(response).orElse(null));
        }
        if (status >= 400 && status <= 499) { // not retried, but a ban's Retry-After (Binance's 418) is passed on
            return new Outcome<>(null, "HTTP " + status + report, false, retryAfter(response).orElse(null));
        }
        if (status < 200 || status > 299) {
            return Outcome.failed("HTTP " + status + report, status >= 500);
        }
        if (body.isEmpty()) {
            return Outcome.failed("malformed JSON", false);
        }
        if (!report.isEmpty()) {
            return Outcome.failed(report.substring(2), false);
        }
        try {
            return read.apply(body.get());
        } catch (RuntimeException e) { // a reader that trips over an odd shape gives nothing, like any bad body
            return Outcome.failed("unreadable response: " + describe(e), false);
        }
    }

    private static Optional<JsonValue> json(String body) {
        try (JsonReader reader = JsonP.createReader(new StringReader(body == null ? "" : body))) {
            return Optional.of(reader.readValue());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Retry-After as delta-seconds or an HTTP date; absent when missing or unreadable. */
    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).flatMap(value -> {
            try {
                long seconds = Long.parseLong(value);
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    Duration until = Duration.between(clock.instant(), at);
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** A JSON number, or a string holding one (several APIs quote their numbers); empty otherwise. */
    public static Optional<BigDecimal> decimal(JsonValue value) {
        try {
            if (value instanceof JsonNumber number) {
                return Optional.of(number.bigDecimalValue());
            }
            if (value instanceof JsonString text) {
                return Optional.of(new BigDecimal(text.getString().trim()));
            }
        } catch (NumberFormatException e) {
            // not a number
        }
        return Optional.empty();
    }

    public static String describe(Throwable thrown) {
        String message = thrown.getMessage();
        return thrown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * A feed's health as its log shows it: the first failure of a run is a warning, further ones while it keeps
     * failing are FINE, and the first success after them says it answers again.
     */
    public static final class Health {
        private final Logger log;
        private final String source;
        private boolean failing;

        public Health(Logger log, String source) {
            this.log = log;
            this.source = source;
        }

        /** Logs a failed round; {@code consequence} says what the feed serves meanwhile. */
        public synchronized void failed(String why, String consequence) {
            Level level = failing ? Level.FINE : Level.WARNING;
            failing = true;
            log.log(level, () -> source + " unavailable (" + why + ")" + consequence);
        }

        public synchronized void answered(String what) {
            if (failing) {
                failing = false;
                log.info(() -> source + " answers again: " + what);
            }
        }
    }
}
