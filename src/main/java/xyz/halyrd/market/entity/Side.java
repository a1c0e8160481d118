package xyz.halyrd.market.entity;

import java.util.Locale;

/** Direction of a spot trade against USDT: buy the token, or sell it back. Lower-case on the wire. */
public enum Side {
    BUY, SELL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
