package xyz.halyrd.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import xyz.halyrd.MutableClock;
import xyz.halyrd.ScriptedMarket;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.control.EvaluationPatch;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.control.PaperExecutor;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.control.RiskRules;
import xyz.halyrd.risk.entity.RiskBlock;

/**
 * CycleRun itself, without a server: the real cycle and collaborators over an in-memory Derby ({@link InProcessCycle}),
 * a clock moved by hand and a scripted market. Every amount is worked out by hand from the fill model
 * ({@code PaperFills.DEFAULT}: 0.25 % swap fee, 0.15 USDT gas, slippage 0.05 % + half the quote's impact) and
 * asserted to the last decimal the database keeps.
 */
class CycleRunTest {

    /** 08:00 UTC, so that hours of trading fit into one UTC day unless a test crosses midnight on purpose. */
    static final Instant MORNING = Instant.parse("2026-11-23T08:00:00Z");

    final MutableClock clock = new MutableClock(MORNING);
    InProcessCycle.Database database;
    InProcessCycle cycle;

    @BeforeEach
    void open(TestInfo test) {
        database = InProcessCycle.Database.inMemory("cycle-" + test.getTestMethod().orElseThrow().getName());
        cycle = start(Map.of());
    }

    @AfterEach
    void drop() {
        cycle.close();
        database.close();
    }

    private InProcessCycle start(Map<String, String> config) {
        return new InProcessCycle(database, clock, config);
    }

    @Test
    void anOversoldTokenIsBoughtAndSoldAtTheAverageWithFeesAndPnlToTheCent() {
        scriptOversold(Token.ETH, "100");
        cycle.pass();

        Trade buy = onlyTrade(Side.BUY);
        // 90 % of the 1000 USDT cash; the quote of 100 with 0.1 % impact fills at 100 × (1 + 0.05 % + 0.5 × 0.1 %)
        assertEquals(new BigDecimal("900.00000000"), buy.sizeUsdt());
        assertEquals(new BigDecimal("100.100000000000"), buy.price());
        // fees 900 × 0.25 % + 0.15 gas = 2.40; (900 − 2.40) / 100.1 = 8.967032967032… cut to 12 places
        assertEquals(new BigDecimal("2.40000000"), buy.feesUsdt());
        assertEquals(new BigDecimal("8.967032967032"), buy.quantity());
        assertNull(buy.pnlUsdt());
        Position held = positions().get(0);
        assertEquals(new BigDecimal("900.00000000"), held.costUsdt(), "the whole spend is the cost");
        assertEquals(new BigDecimal("100.00000000"), account().cashUsdt());
        // the pass's snapshot: cash 100 + 8.967032967032 × mid 100 = 996.70329670, 0.33 % below the 1000 peak,
        // which is 0.0032967033 / 0.08 = 4.12 % of the Balanced daily budget
        EquitySnapshot first = cycle.events(EquitySnapshot.class).get(0);
        assertEquals(new BigDecimal("996.70329670"), first.equity());
        assertEquals(new BigDecimal("0.00329670"), first.ddFromPeak());
        assertEquals(new BigDecimal("0.04120879"), first.dailyDdUsed());

        clock.advance(Duration.ofHours(1));
        scriptRecovered(Token.ETH, "110");
        cycle.pass();

        Trade sell = lastTrade();
        assertEquals(Side.SELL, sell.side());
        // 110 × (1 − 0.1 %) = 109.89; 8.967032967032 × 109.89 = 985.387252747… cut to 985.38725274
        assertEquals(new BigDecimal("109.890000000000"), sell.price());
        assertEquals(new BigDecimal("985.38725274"), sell.sizeUsdt());
        // 985.38725274 × 0.25 % = 2.46346813 (half-even) + 0.15 gas
        assertEquals(new BigDecimal("2.61346813"), sell.feesUsdt());
        // proceeds 985.38725274 − 2.61346813 = 982.77378461, less the cost of 900
        assertEquals(new BigDecimal("82.77378461"), sell.pnlUsdt());
        assertEquals(Duration.ofHours(1), sell.holdTime());
        assertTrue(positions().isEmpty());
        assertEquals(new BigDecimal("1082.77378461"), account().cashUsdt());
        EquitySnapshot second = last(cycle.events(EquitySnapshot.class));
        assertEquals(new BigDecimal("1082.77378461"), second.equity());
        assertEquals(new BigDecimal("1082.77378461"), account().peakEquity(), "a new high is the new peak");
        assertEquals(List.of(buy.id(), sell.id()), cycle.events(Trade.class).stream().map(Trade::id).toList(),
                "each fill announced once its transaction committed");
        assertEquals(List.of("Bought ETH/USDT", "Sold ETH/USDT"), journal(PaperExecutor.EXECUTED).stream()
                .map(e -> e.body().substring(0, e.body().indexOf(':'))).toList());
    }

    // ---- scripts ------------------------------------------------------------------------------------------------

    /** 60 hours at 110, then 14 hours falling to {@code close}: RSI 0, about 6.5 % under the 48 h SMA at 100. */
    void scriptOversold(Token token, String quote) {
        List<BigDecimal> closes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            closes.add(new BigDecimal("110"));
        }
        for (int i = 1; i <= 14; i++) {
            closes.add(new BigDecimal("110").subtract(BigDecimal.valueOf(10L * i)
                    .divide(BigDecimal.valueOf(14), 6, RoundingMode.HALF_UP)));
        }
        script(token, closes, quote);
    }

    /** 60 hours at 100, then 14 hours rising to 114: above the average, RSI 100, so a holder exits. */
    void scriptRecovered(Token token, String quote) {
        List<BigDecimal> closes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            closes.add(new BigDecimal("100"));
        }
        for (int i = 1; i <= 14; i++) {
            closes.add(BigDecimal.valueOf(100 + i));
        }
        script(token, closes, quote);
    }

    /** Mid and quote both at {@code price} (no divergence), 0.1 % impact, fearful market, calm funding. */
    void script(Token token, List<BigDecimal> closes, String price) {
        cycle.market().script(token, new ScriptedMarket.Script(closes, new BigDecimal(price), new BigDecimal(price),
                new BigDecimal("0.1"), 30, 0.01));
        for (Token other : List.of(Token.CAKE, Token.LINK, Token.AVAX)) {
            // the rest of the default watchlist stays flat at its average: no signal, no slot taken
            cycle.market().script(other, new ScriptedMarket.Script(Collections.nCopies(74, BigDecimal.TEN),
                    BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("0.1"), 30, 0.01));
        }
    }

    // ---- reading back -------------------------------------------------------------------------------------------

    Account account() {
        return cycle.inTransaction(() -> cycle.bean(Portfolio.class).account(Agent.SEED_ID));
    }

    List<Position> positions() {
        return cycle.inTransaction(() -> cycle.bean(Portfolio.class).positions(Agent.SEED_ID));
    }

    List<Trade> trades() {
        return cycle.withEntityManager(em -> em.createQuery("SELECT t FROM Trade t ORDER BY t.id", Trade.class)
                .getResultList());
    }

    Trade onlyTrade(Side side) {
        List<Trade> trades = trades();
        assertEquals(1, trades.size(), trades.toString());
        assertEquals(side, trades.get(0).side());
        return trades.get(0);
    }

    Trade lastTrade() {
        return last(trades());
    }

    List<JournalEntry> journal(String type) {
        List<JournalEntry> newestFirst = new ArrayList<>(cycle.inTransaction(() -> cycle.bean(Journal.class)
                .page(null, type, null, 1000)));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
