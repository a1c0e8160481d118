package xyz.halyrd.market.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The daily Fear &amp; Greed index of an API that gives its history in one request, kept in memory. The index moves
 * once a day, so it asks again only when the day asked about (up to today) is newer than the newest day it has,
 * and then at most once per TTL — or later, when the server asked for that with Retry-After. Never throws.
 */
final class FearGreedHistory {

    private final Clock clock;
    private final Duration ttl;
    private final Supplier<JsonHttp.Outcome<Map<Instant, BigDecimal>>> fetch;
    private final JsonHttp.Health health;
    private final Logger log;

    // guarded by this
    private final Timeline days = new Timeline();
    private Instant nextFetch = Instant.MIN;

    /** @param fetch one request for the history: the value of each day keyed by the day's 00:00 UTC */
    FearGreedHistory(Clock clock, Duration ttl, Supplier<JsonHttp.Outcome<Map<Instant, BigDecimal>>> fetch,
            Logger log, String source) {
        this.clock = clock;
        this.ttl = ttl;
        this.fetch = fetch;
        this.log = log;
        this.health = new JsonHttp.Health(log, source);
    }

    /** An index value is 0 to 100; anything else is not one. */
    static boolean inRange(BigDecimal value) {
        return value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(100)) <= 0;
    }

    /**
     * The days of a response's {@code data} array, {@code [{"value": …, "timestamp": "<unix seconds>"}, …]} as
     * alternative.me and CoinMarketCap both send it (numbers or strings holding them), by the time given; entries
     * without a value in 0–100 or a readable timestamp are left out, and none at all is a failure.
     */
    static JsonHttp.Outcome<Map<Instant, BigDecimal>> days(JsonValue body) {
        if (!(body instanceof JsonObject root) || !(root.get("data") instanceof JsonArray data)) {
            return JsonHttp.Outcome.failed("no data in the response");
        }
        Map<Instant, BigDecimal> days = new TreeMap<>();
        for (JsonValue entry : data) {
            if (entry instanceof JsonObject object) {
                Optional<BigDecimal> value = JsonHttp.decimal(object.get("value")).filter(FearGreedHistory::inRange);
                Optional<BigDecimal> seconds = JsonHttp.decimal(object.get("timestamp"));
                try {
                    if (value.isPresent() && seconds.isPresent()) {
                        days.put(Instant.ofEpochSecond(seconds.get().longValueExact()), value.get());
                    }
                } catch (ArithmeticException | DateTimeException notATime) {
                    // left out
                }
            }
        }
        return days.isEmpty() ? JsonHttp.Outcome.failed("no usable values in the response") : JsonHttp.Outcome.ok(days);
    }

    /** The value of the latest day at or before {@code at}; empty when unknown or older than two days. */
    synchronized OptionalDouble at(Instant at) {
        try {
            refreshIfDue(at);
        } catch (RuntimeException e) { // a feed that throws would stop the cycle; absent data will not
            log.warning(() -> "Fear & greed refresh failed unexpectedly: " + JsonHttp.describe(e));
        }
        return days.at(at);
    }

    private void refreshIfDue(Instant at) {
        Instant now = clock.instant();
        Instant wanted = (at.isAfter(now) ? now : at).truncatedTo(ChronoUnit.DAYS);
        if (!days.newest().isBefore(wanted) || now.isBefore(nextFetch)) {
            return;
        }
        nextFetch = now.plus(ttl);
        JsonHttp.Outcome<Map<Instant, BigDecimal>> outcome = fetch.get();
        if (outcome.succeeded()) {
            outcome.value().forEach((time, value) -> days.put(time.truncatedTo(ChronoUnit.DAYS), value));
            health.answered(days.size() + " days");
            return;
        }
        if (outcome.retryAfter() != null && now.plus(outcome.retryAfter()).isAfter(nextFetch)) {
            nextFetch = now.plus(outcome.retryAfter());
        }
        health.failed(outcome.failure(), "; " + days.size() + " days known, next attempt at " + nextFetch);
    }
}
