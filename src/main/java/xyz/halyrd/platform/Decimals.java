package xyz.halyrd.platform;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Decimal helpers for the wire. */
public final class Decimals {

    private Decimals() {
    }

    /** Without trailing zeros and never in exponent form: 20 rather than 2E+1, 7.5 rather than 7.5000. */
    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** An amount of USDT for people: {@code 40.01 USDT}. */
    public static String usdt(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " USDT";
    }

    /** A fraction as a percentage for people: 0.0525 → {@code 5.25%}. */
    public static String percentOf(BigDecimal fraction) {
        return percent(fraction.movePointRight(2));
    }

    /** A value already in percent, for people: 0.82 → {@code 0.82%}. */
    public static String percent(BigDecimal percent) {
        return percent.setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
