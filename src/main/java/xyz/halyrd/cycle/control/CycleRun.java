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
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.lifecycle.control.DrawdownWatch;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.control.QuoteVerifier;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.control.PaperExecutor;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.control.FeeFilter;
import xyz.halyrd.strategy.control.IndicatorReadings;
import xyz.halyrd.strategy.control.SignalEngine;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.Signal;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * One pass of the trading loop over the watchlist: for each token, indicators → signal → executable quote →
 * QuoteVerifier → fee filter → RiskEngine → paper executor, each token in its own transaction so one failure
 * costs only that token's turn; then an equity snapshot when one is due. Passes never overlap: a pass that finds
 * the previous one still running does nothing.
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

    /** One pass over the watchlist of the running config, then a snapshot if due. */
    public void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            CycleRun self = context.getBusinessObject(CycleRun.class);
            // a pass runs under the version running when it began: a change takes effect from the next pass
            ConfigVersion version = versions.requireCurrent();
            for (String symbol : version.watchlist()) {
                Token token = Token.bySymbol(symbol).orElseThrow();
                try {
                    self.turn(Agent.SEED_ID, token, version);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Cycle turn for " + token + " failed", e);
                    self.journalFailure("decide on " + token.pair(), token.name(), e);
                }
            }
            boolean snapshotDue;
            try {
                Instant due = nextSnapshotDue;
                snapshotDue = (due == null || !clock.instant().isBefore(due)) && self.snapshotIfDue(Agent.SEED_ID);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Equity snapshot failed", e);
                self.journalFailure("take the equity snapshot", "snapshot", e);
                snapshotDue = false;
            }
            if (snapshotDue) {
                live(() -> drawdowns.live(Agent.SEED_ID), null);
            }
        } finally {
            running.set(false);
        }
    }

    /** One token's decision and, if any, its fill, under {@code version} (read-only here): one transaction. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void turn(String agentId, Token token, ConfigVersion version) {
        StrategySpec spec = version.strategy();
        // Decided on the positions as committed; the account row is locked only to act, the usual turn holds
        boolean holding = portfolio.positions(agentId).stream().anyMatch(p -> p.token() == token);
        Instant now = clock.instant();
        List<Candle> candles = market.candles(token, resolution, now, IndicatorReadings.history(spec) + 1);
        IndicatorValues values = IndicatorReadings.read(spec, token.name(), candles, market.fearGreed(now),
                market.fundingRate(token, now));
        Signal signal = SignalEngine.decide(spec, values, holding);
        switch (signal.action()) {
            case ENTER, EXIT -> act(agentId, token, holding, spec, values, signal, version);
            case SKIP -> pass(token, "DATA_UNKNOWN", "Skipped " + token.pair() + " entry: " + signal.reason(), version);
            case STAND_ASIDE -> pass(token, "REGIME_FILTER", token.pair() + ": " + signal.reason(), version);
            case HOLD -> standing.remove(token);
        }
    }

    /** An entry or exit: under the account's row lock, on the positions as they are now. */
    private void act(String agentId, Token token, boolean holding, StrategySpec spec, IndicatorValues values,
            Signal signal, ConfigVersion version) {
        Account account = portfolio.lockAccount(agentId);
        List<Position> positions = portfolio.positions(agentId);
        Optional<Position> held = positions.stream().filter(p -> p.token() == token).findFirst();
        if (held.isPresent() != holding) {
            return; // another writer got in between: the next pass decides again on what is there
        }
        if (signal.action() == Signal.Action.ENTER) {
            enter(account, positions, token, spec, values, signal, version);
        } else {
            exit(account, held.orElseThrow(), signal, version);
        }
    }

    private void enter(Account account, List<Position> positions, Token token, StrategySpec spec,
            IndicatorValues values, Signal signal, ConfigVersion version) {
        String pair = token.pair();
        if (positions.size() >= spec.params().maxConcurrent()) {
            pass(token, "MAX_CONCURRENT", "Skipped " + pair + " entry: " + positions.size() + " of "
                    + spec.params().maxConcurrent() + " positions already open. " + signal.reason(), version);
            return;
        }
        BigDecimal spend = account.cashUsdt().multiply(spec.params().positionSizePct()).movePointLeft(2)
                .setScale(2, RoundingMode.DOWN);
        if (spend.compareTo(minOrderUsdt) < 0) {
            pass(token, "INSUFFICIENT_CASH", "Skipped " + pair + " entry: " + spend.toPlainString()
                    + " USDT available for it, below the " + minOrderUsdt.toPlainString() + " USDT minimum.", version);
            return;
        }
        Optional<Quote> quote = verifier.verify(token, market.mid(token).orElse(null),
                market.quote(token, Side.BUY, spend).orElse(null), version.id());
        if (quote.isEmpty()) {
            return;
        }
        OptionalDouble deviation = values.value("price_vs_sma", spec.entryWindowOf("price_vs_sma"));
        PaperFills fills = executor.fills();
        BigDecimal cost = fills.roundTripCostFraction(quote.get(), spend);
        if (deviation.isEmpty()) {
            pass(token, "FEE_FILTER", "Skipped " + pair + " entry: no expected edge without price_vs_sma.", version);
            return;
        }
        BigDecimal swapFees = fills.swapFeePct().multiply(BigDecimal.valueOf(2)).movePointLeft(2);
        BigDecimal gas = fills.gasUsdt().multiply(BigDecimal.valueOf(2)).divide(spend, 10, RoundingMode.HALF_UP);
        FeeFilter.Verdict verdict = FeeFilter.DEFAULT.judge(
                FeeFilter.reversionEdge(BigDecimal.valueOf(deviation.getAsDouble())), swapFees, gas,
                cost.subtract(swapFees).subtract(gas).max(BigDecimal.ZERO));
        if (!verdict.passes()) {
            pass(token, "FEE_FILTER", "Skipped " + token.name() + " entry: " + verdict.reason() + ".", version);
            return;
        }
        Optional<BigDecimal> equity = portfolio.equity(account, positions);
        if (equity.isEmpty()) {
            pass(token, "EQUITY_UNKNOWN", "Skipped " + pair + " entry: equity unknown (a held token has no price).",
                    version);
            return;
        }
        String orderRef = ids.next("ord");
        BigDecimal worstCase = risk.worstCase(spend, cost);
        account.markEquity(equity.get(), clock.instant());
        if (risk.vetoEntry(account.agentId(), account.riskState(equity.get()), token, worstCase, rules(version),
                version.id(), orderRef).isPresent()) {
            standing.remove(token);
            return;
        }
        executor.open(account, token, quote.get(), spend, worstCase, signal.reason(), orderRef, version.id());
        standing.remove(token);
        live(() -> live.buy(account.agentId(), token, spend, worstCase, signal.reason(), ids.next("ord"),
                version.id()), token);
    }

    private void exit(Account account, Position position, Signal signal, ConfigVersion version) {
        Token token = position.token();
        Optional<MidPrice> mid = market.mid(token);
        BigDecimal size = mid.map(m -> position.valueAt(m.price())).orElse(position.costUsdt());
        Optional<Quote> quote = verifier.verify(token, mid.orElse(null),
                market.quote(token, Side.SELL, size).orElse(null), version.id());
        if (quote.isPresent()) { // otherwise the next pass tries again
            executor.close(account, position, quote.get(), rules(version), signal.reason(), ids.next("ord"),
                    version.id());
            standing.remove(token);
            live(() -> live.sell(account.agentId(), token, signal.reason(), ids.next("ord"), version.id()), token);
        }
    }

    private void pass(Token token, String code, String body, ConfigVersion version) {
        if (code.equals(standing.put(token, code))) {
            return;
        }
        journal.append(JournalType.SKIPPED, List.of(code, token.name()), body, version.id());
    }

    /**
     * The live side of a decision: its own transactions inside {@link LiveExecutor}; a failure (the node not
     * answering) is logged and journaled, and the paper side stands.
     */
    /** The risk rules of {@code version}'s evaluation config, with the engine's cooldown. */
    private RiskRules rules(ConfigVersion version) {
        return version.evaluation().riskRules(risk.cooldown());
    }

    private void live(Runnable order, Token token) {
        try {
            order.run();
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
        return true;
    }

    /** A failed turn or snapshot is journaled (without its stack), and the next one runs. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void journalFailure(String what, String tag, RuntimeException failure) {
        journal.append(JournalType.CYCLE_FAILED, List.of(tag), "The cycle could not " + what + " this time ("
                + failure.getClass().getSimpleName() + "); it will try again.",
                versions.current().map(ConfigVersion::id).orElse(null));
    }
}
