package xyz.halyrd.backtest.control;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.backtest.entity.BacktestCurve;
import xyz.halyrd.backtest.entity.BacktestPoint;
import xyz.halyrd.backtest.entity.BacktestTrade;
import xyz.halyrd.backtest.entity.Metrics;
import xyz.halyrd.cycle.control.TokenTurn;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.control.QuoteRules;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.SteppedClock;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.strategy.entity.StrategySpec;

/**
 * A backtest's run at full speed: the market replayed on a clock of its own, one step a bar, and on each step the
 * trading cycle's own decision ({@link TokenTurn}) for every token, on a paper account in memory with the same fill
 * model, quote rules and risk rules — then the equity at the step's end, as the cycle's snapshot takes it. Nothing is
 * journaled or stored here; the caller keeps the fills, the sampled curve and the metrics.
 */
public final class Replay {

    /** The in-sample part's share of the window, by time; the rest is out of sample. */
    public static final double IN_SAMPLE_SHARE = 0.7;

    /** What to replay: steps at {@code from}, {@code from + resolution}, … before {@code to}. */
    public record Plan(String backtestId, StrategySpec spec, List<Token> tokens, Instant from, Instant to,
            Duration resolution, BigDecimal startingEquity, RiskRules rules) {

        public Instant splitAt() {
            long seconds = Duration.between(from, to).toSeconds();
            return from.plusSeconds(Math.round(seconds * IN_SAMPLE_SHARE));
        }

        long steps() {
            return Duration.between(from, to).dividedBy(resolution);
        }
    }

    /** What a run made: empty of metrics when it was cancelled. */
    public record Outcome(boolean cancelled, List<BacktestTrade> trades, List<BacktestPoint> curve, Metrics whole,
            Metrics inSample, Metrics outOfSample, int quoteRefusals, int vetoes) {
    }

    private final PaperFills fills;
    private final QuoteRules quoteRules;
    private final BigDecimal minOrderUsdt;
    private final BinaryOperator<BigDecimal> worstCase;

    public Replay(PaperFills fills, QuoteRules quoteRules, BigDecimal minOrderUsdt,
            BinaryOperator<BigDecimal> worstCase) {
        this.fills = fills;
        this.quoteRules = quoteRules;
        this.minOrderUsdt = minOrderUsdt;
        this.worstCase = worstCase;
    }

    /**
     * Runs {@code plan} on the market {@code marketOn} makes for the replay's clock; {@code cancelled} is asked
     * before every step, {@code progress} told now and then (0 to 1).
     */
    public Outcome run(Plan plan, Function<Clock, MarketFeed> marketOn, BooleanSupplier cancelled,
            DoubleConsumer progress) {
        SteppedClock clock = new SteppedClock(plan.from()); // a bar a step, as fast as the decisions are made
        MarketFeed market = new RecentBars(marketOn.apply(clock));
        Run run = new Run(plan, clock, market, new TokenTurn(market, clock, fills, plan.resolution(), minOrderUsdt,
                worstCase), new Book(plan, clock, market));
        long steps = plan.steps();
        long reportEvery = Math.max(1, steps / 100);
        for (long step = 0; step < steps; step++) {
            if (cancelled.getAsBoolean()) {
                return new Outcome(true, List.of(), List.of(), null, null, null, run.book.quoteRefusals,
                        run.book.vetoes);
            }
            run.step(step, steps);
            if (step % reportEvery == 0) {
                progress.accept((double) step / steps);
            }
            clock.advance(plan.resolution());
        }
        return run.outcome();
    }

    /**
     * One run's state from step to step. A step is a method of its own rather than the body of {@link #run}'s loop:
     * the JIT compiles it as an ordinary method with an inlining budget of its own, where one long loop gets only an
     * on-stack replacement (in the server, its iterators were then left on the heap: 17 % of a run's samples).
     */
    private final class Run {
        private final Plan plan;
        private final SteppedClock clock;
        private final MarketFeed market;
        private final TokenTurn turn;
        private final Book book;
        /** The tokens as an array: a step goes through them without an iterator. */
        private final Token[] tokens;
        private final Instant split;
        private final Metrics.Tally whole;
        private final Metrics.Tally in;
        private Metrics.Tally out;
        private final List<BacktestPoint> curve = new ArrayList<>();
        private final long every;

        Run(Plan plan, SteppedClock clock, MarketFeed market, TokenTurn turn, Book book) {
            this.plan = plan;
            this.clock = clock;
            this.market = market;
            this.turn = turn;
            this.book = book;
            this.tokens = plan.tokens().toArray(Token[]::new);
            this.split = plan.splitAt();
            this.whole = new Metrics.Tally(plan.from(), plan.startingEquity());
            this.in = new Metrics.Tally(plan.from(), plan.startingEquity());
            this.every = Math.max(1, (plan.steps() + BacktestCurve.MAX_POINTS - 1) / BacktestCurve.MAX_POINTS);
        }

        /** Every token's turn at the clock's instant, the fills tallied, then the equity at the step's end. */
        void step(long step, long steps) {
            Instant now = clock.instant();
            if (out == null && !now.isBefore(split)) {
                out = new Metrics.Tally(now, in.equity());
            }
            Metrics.Tally part = out == null ? in : out;
            int before = book.trades.size();
            for (Token token : tokens) {
                turn.turn(token, plan.spec(), Optional.empty(), book);
            }
            for (int i = before; i < book.trades.size(); i++) {
                BacktestTrade trade = book.trades.get(i);
                whole.fill(trade.feesUsdt(), trade.pnlUsdt(), book.moves.get(i));
                part.fill(trade.feesUsdt(), trade.pnlUsdt(), book.moves.get(i));
            }
            Optional<BigDecimal> equity = book.account.equity(book.positions, market::mid);
            if (equity.isPresent()) { // as the cycle's snapshot: the peak and the day's opening move with it
                book.account.markEquity(equity.get(), now);
                boolean exposed = !book.positions.isEmpty();
                whole.step(now, equity.get(), exposed);
                part.step(now, equity.get(), exposed);
                if (step % every == 0 || step == steps - 1) {
                    curve.add(new BacktestPoint(curve.size() + 1L, now, equity.get()));
                }
            }
        }

        Outcome outcome() {
            Metrics outOfSample = out == null ? new Metrics.Tally(plan.to(), in.equity()).metrics() : out.metrics();
            return new Outcome(false, List.copyOf(book.trades), curve, whole.metrics(), in.metrics(), outOfSample,
                    book.quoteRefusals, book.vetoes);
        }
    }

    /** The replay's books: a paper account and its positions in memory, acted on as the cycle acts on the agent's. */
    private final class Book implements TokenTurn.Desk {

        private final Plan plan;
        private final Clock clock;
        private final MarketFeed market;
        private final Account account;
        private final List<Position> positions = new ArrayList<>();
        /** The positions as they stand, copied when they change rather than on every read. */
        private List<Position> standing = List.of();
        private final List<BacktestTrade> trades = new ArrayList<>();
        /** Each trade's price move from its entry (exit price over entry price, less one); null for an entry. */
        private final List<BigDecimal> moves = new ArrayList<>();
        private long orders;
        private int quoteRefusals;
        private int vetoes;

        Book(Plan plan, Clock clock, MarketFeed market) {
            this.plan = plan;
            this.clock = clock;
            this.market = market;
            this.account = Account.open(plan.backtestId(), plan.startingEquity(), clock.instant());
        }

        @Override
        public List<Position> positions() {
            return standing;
        }

        @Override
        public Account lockAccount() {
            return account;
        }

        @Override
        public Optional<BigDecimal> equity(Account account, List<Position> held) {
            return account.equity(held, market::mid);
        }

        @Override
        public Optional<Quote> verify(Token token, MidPrice mid, Quote quote) {
            if (quoteRules.judge(mid, quote, clock.instant()).isPresent()) {
                quoteRefusals++;
                return Optional.empty();
            }
            return Optional.of(quote);
        }

        @Override
        public boolean vetoed(Account account, RiskRules.State state, Token token, BigDecimal worstCaseUsdt,
                String orderRef) {
            boolean vetoed = plan.rules().judgeEntry(state, worstCaseUsdt, clock.instant()).isPresent();
            if (vetoed) {
                vetoes++;
            }
            return vetoed;
        }

        @Override
        public void open(Account account, Token token, Quote quote, BigDecimal spendUsdt, BigDecimal worstCaseUsdt,
                String why, String orderRef) {
            PaperFills.Fill fill = fills.buy(quote, spendUsdt);
            account.pay(spendUsdt);
            positions.add(Position.opened(orderRef, account.agentId(), token, fill, clock.instant(), orderRef, null,
                    Phase.PAPER));
            standing = List.copyOf(positions);
            record(token, Side.BUY, fill, null, null, why);
        }

        @Override
        public void close(Account account, Position position, Quote quote, String why) {
            PaperFills.Fill fill = fills.sell(quote, position.quantity());
            BigDecimal pnl = position.pnlOf(fill);
            account.receive(fill.cashDeltaUsdt());
            account.recordClose(pnl, clock.instant(), plan.rules());
            positions.remove(position);
            standing = List.copyOf(positions);
            record(position.token(), Side.SELL, fill, pnl,
                    fill.price().divide(position.entryPrice(), MathContext.DECIMAL64).subtract(BigDecimal.ONE), why);
        }

        private void record(Token token, Side side, PaperFills.Fill fill, BigDecimal pnl, BigDecimal move, String why) {
            moves.add(move);
            trades.add(new BacktestTrade(plan.backtestId(), trades.size() + 1L, clock.instant(), token, side,
                    fill.notionalUsdt(), fill.price(), fill.quantity(), fill.feesUsdt(), pnl, why));
        }

        @Override
        public void pass(Token token, String code, Supplier<String> body) {
            // a backtest keeps its fills and figures, not the reasons it passed
        }

        @Override
        public void settled(Token token) {
            // nothing stands between steps
        }

        /** A spec that declares no edge trades here without the fee filter: the run measures its edge. */
        @Override
        public boolean measuresEdge() {
            return true;
        }

        @Override
        public String orderRef() {
            return "ord_" + plan.backtestId() + "_" + (++orders);
        }
    }
}
