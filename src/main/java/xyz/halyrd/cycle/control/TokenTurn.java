package xyz.halyrd.cycle.control;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Closes;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.control.FeeFilter;
import xyz.halyrd.strategy.control.IndicatorReadings;
import xyz.halyrd.strategy.control.SignalEngine;
import xyz.halyrd.strategy.entity.IndicatorValues;
import xyz.halyrd.strategy.entity.MeasuredEdge;
import xyz.halyrd.strategy.entity.Signal;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * The one copy of the trading loop's decision on one token: indicators → signal (regime filter included) → open
 * positions and cash → QuoteVerifier rules → fee filter → risk rules → paper fill. The trading cycle runs it on the
 * agent's books in the database ({@link CycleRun}), a backtest on books of its own in memory; what is recorded,
 * journaled and announced on the way is the {@link Desk}'s business, what is decided is this class's alone.
 */
public final class TokenTurn {

    /** The books a turn reads and the hands it acts through. */
    public interface Desk {

        /** The positions as they stand, read without locking. */
        List<Position> positions();

        /** The account to act on, locked for the rest of the turn where others share it. */
        Account lockAccount();

        /** Cash plus the positions at their mids; empty when a held token has no price. */
        Optional<BigDecimal> equity(Account account, List<Position> positions);

        /** The quote if the QuoteVerifier's rules let it be used. */
        Optional<Quote> verify(Token token, MidPrice mid, Quote quote);

        /** Whether the risk rules refuse an entry whose worst case is {@code worstCaseUsdt}. */
        boolean vetoed(Account account, RiskRules.State state, Token token, BigDecimal worstCaseUsdt, String orderRef);

        /** The paper fill of an entry. */
        void open(Account account, Token token, Quote quote, BigDecimal spendUsdt, BigDecimal worstCaseUsdt, String why,
                String orderRef);

        /** The paper fill of an exit (never refused by the policy layer). */
        void close(Account account, Position position, Quote quote, String why);

        /**
         * The token was passed on: a code and the reason in plain words, worded only if the desk reads it (a reason
         * that stands pass after pass is journaled once; a backtest keeps none).
         */
        void pass(Token token, String code, Supplier<String> body);

        /** The token's turn ended without a reason standing (held, filled, or vetoed). */
        void settled(Token token);

        /** A fresh order reference. */
        String orderRef();

        /**
         * Whether an entry whose spec has no expected edge is taken without the fee filter, its fees paid and counted
         * all the same: a backtest's, which is how such a spec's edge gets measured. The trading cycle skips it.
         */
        default boolean measuresEdge() {
            return false;
        }
    }

    private final MarketFeed market;
    private final Clock clock;
    private final PaperFills fills;
    private final Duration resolution;
    /** Decides on candles of {@link #resolution}, and words its reasons for them. */
    private final SignalEngine signals;
    private final BigDecimal minOrderUsdt;
    private final BinaryOperator<BigDecimal> worstCase;
    /** The last spec's reading (a turn is one thread's: the cycle's or a backtest's). */
    private IndicatorReadings readings;

    /**
     * @param worstCase the worst case of a new position from its size and round-trip cost fraction
     *                  ({@code RiskEngine::worstCase})
     */
    public TokenTurn(MarketFeed market, Clock clock, PaperFills fills, Duration resolution, BigDecimal minOrderUsdt,
            BinaryOperator<BigDecimal> worstCase) {
        this.market = market;
        this.clock = clock;
        this.fills = fills;
        this.resolution = resolution;
        this.signals = SignalEngine.on(resolution);
        this.minOrderUsdt = minOrderUsdt;
        this.worstCase = worstCase;
    }

    /**
     * One token's decision under {@code spec} and, if any, its fill; {@code measured} is the spec's expected edge as
     * its passed backtest measured it, if it was attached by one.
     */
    public void turn(Token token, StrategySpec spec, Optional<MeasuredEdge> measured, Desk desk) {
        // Decided on the positions as they stand; the account is locked only to act, the usual turn holds
        boolean holding = held(desk.positions(), token) != null;
        Instant now = clock.instant();
        IndicatorReadings readings = readingsOf(spec);
        Closes closes = market.closes(token, resolution, now, readings.history() + 1);
        IndicatorValues values = readings.read(token, closes, market, now);
        Signal signal = signals.decide(spec, values, holding);
        switch (signal.action()) {
            case ENTER, EXIT -> act(token, holding, spec, measured, values, signal, desk);
            case SKIP -> desk.pass(token, "DATA_UNKNOWN",
                    () -> "Skipped " + token.pair() + " entry: " + signal.reason());
            case STAND_ASIDE -> desk.pass(token, "REGIME_FILTER", () -> token.pair() + ": " + signal.reason());
            case HOLD -> desk.settled(token);
        }
    }

    /** The spec's indicator reading, worked out once for as long as the spec stays the same. */
    private IndicatorReadings readingsOf(StrategySpec spec) {
        if (readings == null || readings.spec() != spec) {
            readings = IndicatorReadings.of(spec);
        }
        return readings;
    }

    private static Position held(List<Position> positions, Token token) {
        for (int i = 0; i < positions.size(); i++) { // indexed: no iterator on every bar
            if (positions.get(i).token() == token) {
                return positions.get(i);
            }
        }
        return null;
    }

    /** An entry or exit: under the account's lock, on the positions as they are now. */
    private void act(Token token, boolean holding, StrategySpec spec, Optional<MeasuredEdge> measured,
            IndicatorValues values, Signal signal,
            Desk desk) {
        Account account = desk.lockAccount();
        List<Position> positions = desk.positions();
        Optional<Position> held = Optional.ofNullable(held(positions, token));
        if (held.isPresent() != holding) {
            return; // another writer got in between: the next pass decides again on what is there
        }
        if (signal.action() == Signal.Action.ENTER) {
            enter(account, positions, token, spec, measured, values, signal, desk);
        } else {
            exit(account, held.orElseThrow(), signal, desk);
        }
    }

    private void enter(Account account, List<Position> positions, Token token, StrategySpec spec,
            Optional<MeasuredEdge> measured, IndicatorValues values, Signal signal, Desk desk) {
        String pair = token.pair();
        if (positions.size() >= spec.params().maxConcurrent()) {
            desk.pass(token, "MAX_CONCURRENT", () -> "Skipped " + pair + " entry: " + positions.size() + " of "
                    + spec.params().maxConcurrent() + " positions already open. " + signal.reason());
            return;
        }
        BigDecimal spend = account.cashUsdt().multiply(spec.params().positionSizePct()).movePointLeft(2)
                .setScale(2, RoundingMode.DOWN);
        if (spend.compareTo(minOrderUsdt) < 0) {
            desk.pass(token, "INSUFFICIENT_CASH", () -> "Skipped " + pair + " entry: " + spend.toPlainString()
                    + " USDT available for it, below the " + minOrderUsdt.toPlainString() + " USDT minimum.");
            return;
        }
        Optional<Quote> quote = desk.verify(token, market.mid(token).orElse(null),
                market.quote(token, Side.BUY, spend).orElse(null));
        if (quote.isEmpty()) {
            return;
        }
        Optional<FeeFilter.Edge> edge = FeeFilter.expectedEdge(spec, values, measured);
        if (edge.isEmpty() && !desk.measuresEdge()) {
            desk.pass(token, "FEE_FILTER", () -> "Skipped " + pair + " entry: " + FeeFilter.NO_EDGE + ".");
            return;
        }
        BigDecimal cost = fills.roundTripCostFraction(quote.get(), spend);
        if (edge.isPresent()) {
            FeeFilter.Verdict verdict = FeeFilter.DEFAULT.judgeRoundTrip(edge.get().fraction(), cost,
                    fills.swapFeePct(), fills.gasUsdt(quote.get()), spend);
            if (!verdict.passes()) {
                desk.pass(token, "FEE_FILTER", () -> "Skipped " + token.name() + " entry: " + verdict.reason()
                        + " (edge: " + edge.get().source() + ").");
                return;
            }
        }
        Optional<BigDecimal> equity = desk.equity(account, positions);
        if (equity.isEmpty()) {
            desk.pass(token, "EQUITY_UNKNOWN",
                    () -> "Skipped " + pair + " entry: equity unknown (a held token has no price).");
            return;
        }
        String orderRef = desk.orderRef();
        BigDecimal worst = worstCase.apply(spend, cost);
        account.markEquity(equity.get(), clock.instant());
        if (!desk.vetoed(account, account.riskState(equity.get()), token, worst, orderRef)) {
            desk.open(account, token, quote.get(), spend, worst, signal.reason(), orderRef);
        }
        desk.settled(token);
    }

    private void exit(Account account, Position position, Signal signal, Desk desk) {
        Token token = position.token();
        Optional<MidPrice> mid = market.mid(token);
        BigDecimal size = mid.map(m -> position.valueAt(m.price())).orElse(position.costUsdt());
        Optional<Quote> quote = desk.verify(token, mid.orElse(null), market.quote(token, Side.SELL, size).orElse(null));
        if (quote.isPresent()) { // otherwise the next pass tries again
            desk.close(account, position, quote.get(), signal.reason());
            desk.settled(token);
        }
    }
}
