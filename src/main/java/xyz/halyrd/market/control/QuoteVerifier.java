package xyz.halyrd.market.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.QuoteRejection;
import xyz.halyrd.market.entity.Token;

/**
 * Checks every quote against its reference price before the risk engine sees it. A refused quote is journaled
 * as {@code SKIPPED} (with the code QUOTE_DIVERGENCE, QUOTE_STALE or INSUFFICIENT_LIQUIDITY) and announced as a
 * {@link QuoteRejection}, which the stream sends as {@code quote_rejected} once the journal entry is committed.
 */
@Singleton
@Lock(LockType.READ) // the rules are immutable after start-up
public class QuoteVerifier {


    @Inject
    @ConfigProperty(name = "halyrd.quote.max-divergence-pct", defaultValue = "0.75")
    BigDecimal maxDivergencePct;

    @Inject
    @ConfigProperty(name = "halyrd.quote.max-age", defaultValue = "PT60S")
    Duration maxAge;

    @Inject
    @ConfigProperty(name = "halyrd.quote.max-slippage-pct", defaultValue = "1.0")
    BigDecimal maxSlippagePct;

    @Inject
    Clock clock;

    @Inject
    Journal journal;

    @Inject
    Event<QuoteRejection> rejections;

    private QuoteRules rules;

    @PostConstruct
    void buildRules() {
        rules = new QuoteRules(maxDivergencePct, maxAge, maxSlippagePct);
    }

    /** The rules themselves, for a replay that judges quotes without journaling them (a backtest). */
    public QuoteRules rules() {
        return rules;
    }

    /** The quote if it may be used; otherwise empty, with the refusal journaled and announced. */
    public Optional<Quote> verify(Token token, MidPrice mid, Quote quote, String configVersionId) {
        var now = clock.instant();
        Optional<QuoteRules.Refusal> refusal = rules.judge(mid, quote, now);
        if (refusal.isEmpty()) {
            return Optional.of(quote);
        }
        QuoteRules.Refusal why = refusal.get();
        JournalEntry entry = journal.append(JournalType.SKIPPED, List.of(why.reason().code(), token.name()),
                "Skipped " + token.pair() + ": " + why.reason().code() + ". " + why.detail(), configVersionId);
        rejections.fire(new QuoteRejection(token, why.reason(), why.detail(), entry.id(), now));
        return Optional.empty();
    }

}
