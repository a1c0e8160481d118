package xyz.halyrd.platform;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code wait} preference of a request's {@code Prefer} headers (RFC 7240): how many seconds the client is
 * prepared to wait for an answer that is about to change. As the RFC asks, a preference that cannot be read is
 * ignored rather than refused; a wait longer than the server grants is cut to it.
 */
public final class PreferredWait {

    private PreferredWait() {
    }

    /** The wait asked for in {@code prefer} (the header's values, or null), at most {@code max}; zero when none. */
    public static Duration of(List<String> prefer, Duration max) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                String token = preference.split(";", 2)[0].trim();
                int equals = token.indexOf('=');
                if (equals < 0 || !token.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("wait")) {
                    continue;
                }
                String value = unquoted(token.substring(equals + 1).trim());
                if (!value.isEmpty() && value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    Duration wait = Duration.ofSeconds(Long.parseLong(value));
                    return wait.compareTo(max) > 0 ? max : wait;
                }
                return Duration.ZERO; // the first wait counts, readable or not
            }
        }
        return Duration.ZERO;
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
