package xyz.halyrd.cycle.control;

import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.cluster.control.LeaseLost;
import xyz.halyrd.cluster.entity.TradingLease;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.lifecycle.control.DrawdownWatch;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.control.QuoteVerifier;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.portfolio.control.LiveBooksCheck;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.control.PaperExecutor;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * One pass of the trading loop over the watchlist: for each token, the decision of {@link TokenTurn} (indicators →
 * signal → executable quote → QuoteVerifier → fee filter → RiskEngine → paper executor) on the agent's books,
 * each token in its own transaction so one failure costs only that token's turn; then an equity snapshot when one
 * is due. Passes never overlap: a pass that finds the previous one still running does nothing.
 * <p>
 * Only the holder of the trading {@link Lease} trades: a pass runs only while this node holds it, under the epoch it
 * held at the start, and each turn that books a fill or writes the journal, and the snapshot, checks that epoch in
 * its own transaction ({@link Lease#fence}) before it commits — a node that lost the lease during the pass commits
 * nothing more, and the pass stops there. Before its first pass under an epoch — at its start, or when it takes over
 * from another node — it settles the live swaps left unbooked and compares the live books with the wallet
 * ({@link LiveBooksCheck}): the positions it decides on are the database's and the chain's as they stand.
 * <p>
 * While the agent is LIVE the paper loop runs on unchanged, and each paper entry or exit the policy layer let
 * through is also executed live ({@link LiveExecutor}: signer, chain) in a transaction of its own, so a live
 * failure never undoes the paper decision; a due snapshot is followed by the live equity snapshot and its risk
 * check.
 */
@Singleton
@Lock(LockType.READ) // overlap is prevented by the running flag; each token's turn locks the account row
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CycleRun {

    private static final Logger LOG = Logger.getLogger(CycleRun.class.getName());

    @Resource
    SessionContext context;

    @Inject
    ConfigVersions versions;

    @Inject
    MarketFeed market;

    @Inject
    QuoteVerifier verifier;

    @Inject
    Portfolio portfolio;

    @Inject
    PaperExecutor executor;

    @Inject
    LiveExecutor live;

    @Inject
    LiveBooksCheck liveBooks;

    @Inject
    DrawdownWatch drawdowns;

    @Inject
    RiskEngine risk;

    @Inject
    Journal journal;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    PassGate gate;

    @Inject
    Lease lease;

    @Inject
    @ConfigProperty(name = "halyrd.cycle.resolution", defaultValue = "PT1H")
    Duration resolution;

    @Inject
    @ConfigProperty(name = "halyrd.snapshot.interval", defaultValue = "PT15M")
    Duration snapshotInterval;

    @Inject
    @ConfigProperty(name = "halyrd.paper.min-order-usdt", defaultValue = "10")
    BigDecimal minOrderUsdt;

    private final AtomicBoolean running = new AtomicBoolean();
    /**
     * No snapshot is due before this (null: not known yet), so most passes skip the lookup. Only ever set from a
     * committed snapshot's time; after a new snapshot it is stale, and the next pass looks again.
     */
    private volatile Instant nextSnapshotDue;
    /** The last reason each token was passed on, so a standing reason is journaled once, not every pass. */
    private final Map<Token, String> standing = new ConcurrentHashMap<>();
    /** The lease epoch this node's last pass ran under; 0 before its first. */
    private volatile long tradingEpoch;

    /**
     * One pass over the watchlist of the running config, then a snapshot if due; whether it ran (not when this node
     * does not hold the trading lease, nor while the previous pass still runs).
     */
    public boolean run() {
        Optional<TradingLease.Term> term = lease.held();
        if (term.isEmpty() || !running.compareAndSet(false, true)) {
            return false;
        }
        try {
            long epoch = term.get().epoch();
            if (epoch != tradingEpoch) { // this node trades under a new term: its start, or a takeover
                standing.clear(); // what another node journaled meanwhile is not this node's to repeat or keep quiet
                nextSnapshotDue = null;
                liveBooks.beforeTrading(epoch);
                tradingEpoch = epoch;
            }
            return lease.during(term.get(), this::pass);
        } finally {
            running.set(false);
        }
    }

    private boolean pass() {
        PassEvent event = new PassEvent();
        event.start();
        gate.enter(); // a running backtest waits until the pass is over
        try {
            CycleRun self = context.getBusinessObject(CycleRun.class);
            // a pass runs under the version running when it began: a change takes effect from the next pass
            ConfigVersion version = versions.requireCurrent();
            event.tokens = version.watchlist().size();
            for (String symbol : version.watchlist()) {
                Token token = Token.bySymbol(symbol).orElseThrow();
                try {
                    if (self.turn(Agent.SEED_ID, token, version)) {
                        event.fills++;
                    }
                } catch (LeaseLost e) { // another node trades now: nothing of this turn was booked
                    standing.clear(); // nor journaled: a reason this node took as standing may not have been
                    self.journalFailure("decide on " + token.pair(), token.name(), e);
                    return true;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Cycle turn for " + token + " failed", e);
                    self.journalFailure("decide on " + token.pair(), token.name(), e);
                }
            }
            boolean snapshotDue;
            try {
                Instant due = nextSnapshotDue;
                snapshotDue = (due == null || !clock.instant().isBefore(due)) && self.snapshotIfDue(Agent.SEED_ID);
            } catch (LeaseLost e) {
                self.journalFailure("take the equity snapshot", "snapshot", e);
                return true;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Equity snapshot failed", e);
                self.journalFailure("take the equity snapshot", "snapshot", e);
                snapshotDue = false;
            }
            if (snapshotDue) {
                live(() -> drawdowns.live(Agent.SEED_ID), null);
            }
            event.snapshot = snapshotDue;
            return true;
        } finally {
            gate.leave();
            event.finish();
        }
    }

    /**
     * One token's decision and, if any, its fill, under {@code version} (read-only here): one transaction. A turn that
     * wrote anything — a fill, or a journal entry (a new reason to pass, a refused quote, a veto) — commits only if
     * this node still holds the lease in the pass's epoch, checked last, after the live order's own transaction (which
     * the signer fences itself), so the lease row is locked only for the commit. A turn that only held or repeated a
     * standing reason writes nothing and is not fenced: the usual turn costs no lock on the lease row. Whether it booked
     * a fill.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean turn(String agentId, Token token, ConfigVersion version) {
        Books books = new Books(agentId, version);
        new TokenTurn(market, clock, executor.fills(), resolution, minOrderUsdt, risk::worstCase)
                .turn(token, version.strategy(), version.measuredEdge(), books);
        if (books.filled || books.wrote) {
            lease.fence();
        }
        return books.filled;
    }

    /**
     * The agent's books in the database for one turn: reads through the portfolio, quotes through the
     * QuoteVerifier and vetoes through the RiskEngine (both journal and announce), fills through the paper
     * executor and, while LIVE, the live executor after it; a standing reason to pass is journaled once.
     */
    private final class Books implements TokenTurn.Desk {

        private final String agentId;
        private final ConfigVersion version;
        /** Whether this turn booked a fill, which its transaction then fences. */
        private boolean filled;
        /** Whether this turn wrote anything else (the journal, the account's marks), which is fenced too. */
        private boolean wrote;

        Books(String agentId, ConfigVersion version) {
            this.agentId = agentId;
            this.version = version;
        }

        @Override
        public List<Position> positions() {
            return portfolio.positions(agentId);
        }

        @Override
        public Account lockAccount() {
            return portfolio.lockAccount(agentId);
        }

        @Override
        public Optional<BigDecimal> equity(Account account, List<Position> positions) {
            return portfolio.equity(account, positions);
        }

        @Override
        public Optional<Quote> verify(Token token, MidPrice mid, Quote quote) {
            Optional<Quote> verified = verifier.verify(token, mid, quote, version.id());
            wrote |= verified.isEmpty(); // the refusal is journaled
            return verified;
        }

        @Override
        public boolean vetoed(Account account, RiskRules.State state, Token token, BigDecimal worstCaseUsdt,
                String orderRef) {
            boolean vetoed = risk.vetoEntry(account.agentId(), state, token, worstCaseUsdt, rules(version),
                    version.id(), orderRef).isPresent();
            wrote |= vetoed; // the veto is journaled, the account's equity marked
            return vetoed;
        }

        @Override
        public void open(Account account, Token token, Quote quote, BigDecimal spendUsdt, BigDecimal worstCaseUsdt,
                String why, String orderRef) {
            executor.open(account, token, quote, spendUsdt, worstCaseUsdt, why, orderRef, version.id());
            filled = true;
            live(() -> live.buy(account.agentId(), token, spendUsdt, worstCaseUsdt, why, ids.next("ord"),
                    version.id()), token);
        }

        @Override
        public void close(Account account, Position position, Quote quote, String why) {
            Token token = position.token();
            executor.close(account, position, quote, rules(version), why, ids.next("ord"), version.id());
            filled = true;
            live(() -> live.sell(account.agentId(), token, why, ids.next("ord"), version.id()), token);
        }

        @Override
        public void pass(Token token, String code, Supplier<String> body) {
            wrote |= CycleRun.this.pass(token, code, body, version);
        }

        @Override
        public void settled(Token token) {
            standing.remove(token);
        }

        @Override
        public String orderRef() {
            return ids.next("ord");
        }
    }

    /** Journals a reason to pass unless it is the token's standing one; whether it did. */
    private boolean pass(Token token, String code, Supplier<String> body, ConfigVersion version) {
        if (code.equals(standing.put(token, code))) {
            return false;
        }
        journal.append(JournalType.SKIPPED, List.of(code, token.name()), body.get(), version.id());
        return true;
    }

    /** The risk rules of {@code version}'s evaluation config, with the engine's cooldown. */
    private RiskRules rules(ConfigVersion version) {
        return version.evaluation().riskRules(risk.cooldown());
    }

    /**
     * The live side of a decision: its own transactions inside {@link LiveExecutor}; a failure (the node not
     * answering) is logged and journaled, and the paper side stands.
     */
    private void live(Runnable order, Token token) {
        try {
            order.run();
        } catch (LeaseLost e) { // the signer's fence: nothing was signed, its transaction rolled back
            journal.append(JournalType.LIVE_SKIPPED, token == null ? List.of() : List.of(token.name()),
                    "No live order: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Live execution failed" + (token == null ? "" : " for " + token), e);
            journal.append(JournalType.LIVE_SKIPPED, token == null ? List.of() : List.of(token.name()),
                    "Live execution failed this time (" + e.getClass().getSimpleName()
                            + "); nothing was changed on the books.", null);
        }
    }

    /**
     * A snapshot of the equity curve once {@code halyrd.snapshot.interval} has passed since the last one; whether
     * one was due.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean snapshotIfDue(String agentId) {
        Instant now = clock.instant();
        Optional<Instant> last = portfolio.lastSnapshotAt(agentId);
        if (last.isPresent() && now.isBefore(last.get().plus(snapshotInterval))) {
            nextSnapshotDue = last.get().plus(snapshotInterval); // read from what is committed: nothing to undo
            return false;
        }
        ConfigVersion version = versions.requireCurrent();
        Account account = portfolio.lockAccount(agentId);
        RiskRules rules = rules(version);
        Optional<EquitySnapshot> taken = portfolio.snapshot(account, rules, version.id());
        if (taken.isEmpty()) {
            return true;
        }
        drawdowns.paper(account, taken.get(), rules, version);
        lease.fence(); // a node that lost the lease keeps no snapshot, nor what the drawdown watch decided on it
        return true;
    }

    /**
     * A failed turn or snapshot is journaled (without its stack), and the next one runs; one the lease's fence
     * refused says so, and the pass stops there.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void journalFailure(String what, String tag, RuntimeException failure) {
        String body = failure instanceof LeaseLost ? "The pass stopped before it could " + what + ": "
                + failure.getMessage() : "The cycle could not " + what + " this time ("
                + failure.getClass().getSimpleName() + "); it will try again.";
        journal.append(JournalType.CYCLE_FAILED, List.of(tag), body,
                versions.current().map(ConfigVersion::id).orElse(null));
    }
}
