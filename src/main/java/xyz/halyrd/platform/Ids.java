package xyz.halyrd.platform;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Makes prefixed ids that sort by creation time: {@code jrn_01HX…}. Ten Crockford base-32 characters of
 * epoch milliseconds, then eight of a random counter that is incremented, not redrawn, while the millisecond
 * stays the same, so ids made by one process sort strictly in the order they were made.
 */
public final class Ids {

    private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final char[] ALPHABET = DIGITS.toCharArray();
    private static final long COUNTER_LIMIT = 1L << 40;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private long counter;

    public Ids(Clock clock) {
        this.clock = clock;
    }

    /** A new id with the given prefix (lower-case letters, without the underscore). */
    public synchronized String next(String prefix) {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = random.nextLong() & (COUNTER_LIMIT / 2 - 1); // leave room to count up
        } else {
            counter++;
            if (counter >= COUNTER_LIMIT) { // practically unreachable: borrow the next millisecond
                lastMillis++;
                counter = 0;
            }
        }
        return prefix + "_" + encode(lastMillis, 10) + encode(counter, 8);
    }

    /** Whether {@code id} has the shape of an id made here with {@code prefix}. */
    public static boolean isWellFormed(String id, String prefix) {
        if (id == null || !id.startsWith(prefix + "_") || id.length() != prefix.length() + 19) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            if (DIGITS.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String encode(long value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
        return new String(out);
    }
}
