package xyz.halyrd.market.entity;

import java.time.Instant;
import java.util.Locale;

/** A quote the QuoteVerifier refused to let through to the risk engine, and why — a committed fact once journaled. */
public record QuoteRejection(Token token, Reason reason, String detail, String journalRef, Instant ts) {

    /** Why a quote was refused; {@code wire()} is the stream's reason, {@code code()} the journal's error code. */
    public enum Reason {
        DIVERGENCE("QUOTE_DIVERGENCE"), STALE("QUOTE_STALE"), LIQUIDITY("INSUFFICIENT_LIQUIDITY");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
