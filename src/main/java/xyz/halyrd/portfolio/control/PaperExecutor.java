package xyz.halyrd.portfolio.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * Executes paper orders at the verified quote with the pessimistic {@link PaperFills} model. Each fill is one
 * transaction with its trade, its {@code EXECUTED} journal entry and the account change; the {@code trade} event
 * follows the commit.
 */
@Singleton
@Lock(LockType.READ) // callers hold the account's row lock; nothing here is shared
public class PaperExecutor {


    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    Journal journal;

    @Inject
    Event<Trade> trades;

    private final PaperFills fills = PaperFills.DEFAULT;

    public PaperFills fills() {
        return fills;
    }

    /** Opens a position spending {@code spendUsdt} of the account's cash. */
    public Trade open(Account account, Token token, Quote quote, BigDecimal spendUsdt, BigDecimal riskTakenUsdt,
            String why, String orderRef, String configVersionId) {
        Instant now = clock.instant();
        PaperFills.Fill fill = fills.buy(quote, spendUsdt);
        account.pay(spendUsdt);
        JournalEntry entry = journal.append(JournalType.EXECUTED, List.of(token.name(), "BUY", "PAPER"),
                "Bought " + token.pair() + ": " + Decimals.usdt(fill.notionalUsdt()) + " at " + fill.price().toPlainString()
                        + " (fees " + Decimals.usdt(fill.feesUsdt()) + "). " + why, configVersionId);
        Trade trade = Trade.opening(ids.next("trd"), account.agentId(), now, token, fill, riskTakenUsdt, Phase.PAPER,
                orderRef, entry.id(), configVersionId);
        em.persist(trade);
        em.persist(Position.opened(ids.next("pos"), account.agentId(), token, fill, now, trade.id(), configVersionId,
                Phase.PAPER));
        trades.fire(trade);
        return trade;
    }

    /** Closes a whole position; exits are never refused by the policy layer. */
    public Trade close(Account account, Position position, Quote quote, RiskRules rules, String why, String orderRef,
            String configVersionId) {
        Instant now = clock.instant();
        PaperFills.Fill fill = fills.sell(quote, position.quantity());
        Trade trade = Trade.closing(ids.next("trd"), account.agentId(), now, position, fill, null, Phase.PAPER,
                orderRef, journalOfClose(position, fill, why, configVersionId), configVersionId);
        account.receive(fill.cashDeltaUsdt());
        account.recordClose(trade.pnlUsdt(), now, rules);
        em.persist(trade);
        em.remove(position);
        trades.fire(trade);
        return trade;
    }

    private String journalOfClose(Position position, PaperFills.Fill fill, String why, String configVersionId) {
        BigDecimal pnl = position.pnlOf(fill);
        return journal.append(JournalType.EXECUTED, List.of(position.token().name(), "SELL", "PAPER"),
                "Sold " + position.token().pair() + ": " + Decimals.usdt(fill.notionalUsdt()) + " at "
                        + fill.price().toPlainString() + " (fees " + Decimals.usdt(fill.feesUsdt()) + "), realised "
                        + Decimals.usdt(pnl) + ". " + why, configVersionId).id();
    }

}
