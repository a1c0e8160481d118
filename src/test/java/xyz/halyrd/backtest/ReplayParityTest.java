package xyz.halyrd.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.backtest.control.Replay;
import xyz.halyrd.backtest.entity.BacktestTrade;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.cycle.InProcessCycle;
import xyz.halyrd.market.control.QuoteVerifier;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.control.RiskEngine;

/**
 * One decision core: a backtest over the window and seed the paper cycle traded (in process, on the demo's market,
 * which trades, refuses quotes and stands aside within hours; five days of hourly passes) makes the very fills the cycle made — times, tokens,
 * sides, prices, quantities, fees and pnl to the stored decimal — and ends on the same equity.
 */
class ReplayParityTest {

    private static final Instant START = Instant.parse("2026-11-29T21:00:00Z");
    private static final Duration PASS = Duration.ofHours(1);
    private static final int PASSES = 120;

    /** A fill's figures, compared by value: the database keeps a price to 12 decimals, the replay as computed. */
    record Fill(Instant ts, Token token, String side, BigDecimal size, BigDecimal price, BigDecimal quantity,
            BigDecimal fees, BigDecimal pnl) {

        Fill {
            size = size.stripTrailingZeros();
            price = price.stripTrailingZeros();
            quantity = quantity.stripTrailingZeros();
            fees = fees.stripTrailingZeros();
            pnl = pnl == null ? null : pnl.stripTrailingZeros();
        }
    }

    @Test
    void aBacktestOfTheCyclesWindowMakesTheCyclesTrades() {
        MutableClock clock = new MutableClock(START);
        try (InProcessCycle.Database database = InProcessCycle.Database.inMemory("parity");
                InProcessCycle cycle = new InProcessCycle(database, clock, Map.of(), demoMarket(clock))) {
            for (int pass = 0; pass < PASSES; pass++) {
                clock.advance(PASS);
                cycle.pass();
            }
            // the cycle's fills as the database kept them
            List<Fill> traded = cycle.withEntityManager(em -> em.createQuery("SELECT t FROM Trade t ORDER BY t.id",
                    Trade.class).getResultStream().map(t -> new Fill(t.ts(), t.token(), t.side().wire(), t.sizeUsdt(),
                    t.price(), t.quantity(), t.feesUsdt(), t.pnlUsdt())).toList());
            assertEquals(cycle.events(Trade.class).size(), traded.size());
            assertTrue(traded.size() >= 4, "the cycle traded in the window: " + traded);
            List<EquitySnapshot> snapshots = cycle.events(EquitySnapshot.class);

            ConfigVersion version = cycle.bean(ConfigVersions.class).requireCurrent();
            RiskEngine risk = cycle.bean(RiskEngine.class);
            Replay replay = new Replay(PaperFills.DEFAULT, cycle.bean(QuoteVerifier.class).rules(),
                    new BigDecimal("10"), risk::worstCase);
            Replay.Plan plan = new Replay.Plan("bt_parity", version.strategy(),
                    version.watchlist().stream().map(s -> Token.bySymbol(s).orElseThrow()).toList(),
                    START.plus(PASS), START.plus(PASS.multipliedBy(PASSES + 1)), PASS, new BigDecimal("1000"),
                    version.evaluation().riskRules(risk.cooldown()));
            Replay.Outcome outcome = replay.run(plan, ReplayParityTest::demoMarket, () -> false, done -> { });

            assertFalse(outcome.cancelled());
            List<Fill> replayed = outcome.trades().stream().map(ReplayParityTest::fill).toList();
            assertEquals(traded, replayed);
            assertEquals(snapshots.size(), outcome.curve().size());
            assertEquals(snapshots.get(snapshots.size() - 1).equity(),
                    outcome.curve().get(outcome.curve().size() - 1).equity());
            assertEquals(snapshots.get(snapshots.size() - 1).equity(), outcome.whole().endingEquity());
        }
    }

    /** The demo's market, as the uber-jar builds it, on {@code clock}. */
    private static SimulatedMarket demoMarket(java.time.Clock clock) {
        return new SimulatedMarket(clock, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.REALISTIC, START);
    }

    private static Fill fill(BacktestTrade t) {
        return new Fill(t.ts(), t.token(), t.side().wire(), t.sizeUsdt(), t.price(), t.quantity(), t.feesUsdt(),
                t.pnlUsdt());
    }
}
