package xyz.halyrd.market.entity;

import java.time.Instant;
import java.util.Objects;

/**
 * A bar's close as an indicator reads it ({@code double}: statistics, not money), with the time the bar opened: what
 * a reader that remembers the earlier closes asks for on every bar.
 */
public record BarClose(Instant openTime, double close) {

    public BarClose {
        Objects.requireNonNull(openTime, "openTime");
    }
}
