package xyz.halyrd.platform;

import java.math.BigDecimal;

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
}
