package xyz.halyrd.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
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
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.risk.entity.RiskBlock;
import xyz.halyrd.risk.entity.RiskRules;

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
    /** Tokens the test has scripted itself; the others of the watchlist are kept flat. */
    final Set<Token> scripted = EnumSet.noneOf(Token.class);

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
        assertEquals(List.of("Bought ETH/USDT", "Sold ETH/USDT"), journal(JournalType.EXECUTED).stream()
                .map(e -> e.body().substring(0, e.body().indexOf(':'))).toList());
    }

    @Test
    void theDailyBudgetRefusesAWorstCaseJustOverItAndAdmitsTheSameOneJustWithinIt() {
        // worst case of 900 USDT: 5 % adverse move + round trip 2 × 0.25 % fee + 0.3 / 900 gas (0.0003333333333 at
        // ten digits) + 2 × 0.1 % slippage + 2 × 0.1 % impact = 900 × 0.0593333333333 = 53.39999999997 USDT,
        // 5.339999999997 % of the day's opening 1000: over a budget of 5.3399 %, within one of 5.34 %
        patch("{\"evaluation_config\": {\"daily_drawdown_pct\": 5.3399}}");
        scriptOversold(Token.ETH, "100");
        cycle.pass();

        assertTrue(trades().isEmpty());
        RiskBlock veto = onlyBlock();
        assertEquals(RiskRules.DAILY_DRAWDOWN, veto.rule());
        assertEquals("ETH/USDT", veto.pair());
        assertEquals(List.of(veto.id()), cycle.events(RiskBlock.class).stream().map(RiskBlock::id).toList());
        assertEquals(1, journal(JournalType.RISK_VETO).size());

        patch("{\"evaluation_config\": {\"daily_drawdown_pct\": 5.34}}");
        clock.advance(Duration.ofMinutes(1));
        cycle.pass();

        assertEquals(new BigDecimal("900.00000000"), onlyTrade(Side.BUY).sizeUsdt());
        // the risk taken is kept with the column's eight places; Derby cuts the rest rather than rounding
        assertEquals(new BigDecimal("53.39999999"), onlyTrade(Side.BUY).riskTakenUsdt());
        assertEquals(1, blocks().size(), "no second veto");
    }

    @Test
    void theMaxDrawdownIsMeasuredFromThePeakNotFromTheDaysOpening() {
        // day 1: bought 900 at 100.1, sold at 99 × (1 − 0.1 %) = 98.901: 8.967032967032 × 98.901 = 886.84852747,
        // fees 2.21712132 + 0.15, so 884.48140615 back; equity 984.48140615 against the 1000 peak
        lose(Token.ETH);
        assertEquals(new BigDecimal("984.48140615"), account().cashUsdt());

        // day 2 opens at 984.48140615; 90 % of it is 886.03, whose worst case is
        // 886.03 × (0.05 + 0.005 + 0.3 / 886.03 (0.0003385889868) + 0.002 + 0.002) = 52.5757699999744…;
        // from the peak that is (1000 − 984.48140615 + 52.57576999997440) / 1000 = 6.809436384997440 % drawdown
        // (while the day's budget sees only 5.34 % of 984.48): a 6.8094 % limit refuses it, 6.8095 % allows it
        clock.set(Instant.parse("2026-11-24T08:00:00Z"));
        patch("{\"evaluation_config\": {\"max_drawdown_pct\": 6.8094, \"daily_drawdown_pct\": 6}}");
        scriptOversold(Token.ETH, "100");
        cycle.pass();

        assertEquals(RiskRules.MAX_DRAWDOWN, onlyBlock().rule());
        assertEquals(new BigDecimal("984.48140615"), account().dayOpenEquity());
        assertEquals(new BigDecimal("1000.00000000"), account().peakEquity());

        patch("{\"evaluation_config\": {\"max_drawdown_pct\": 6.8095, \"daily_drawdown_pct\": 6}}");
        clock.advance(Duration.ofMinutes(1));
        cycle.pass();

        Trade buy = lastTrade();
        assertEquals(Side.BUY, buy.side());
        // (886.03 − 886.03 × 0.25 % − 0.15) / 100.1 = 883.665025 / 100.1
        assertEquals(new BigDecimal("886.03000000"), buy.sizeUsdt());
        assertEquals(new BigDecimal("2.36507500"), buy.feesUsdt());
        assertEquals(new BigDecimal("8.827821428571"), buy.quantity());
        assertEquals(1, blocks().size());
    }

    @Test
    void aLossAtTheStreakLimitStandsTheAgentAsideForTheCooldownToTheMillisecond() {
        // a shorter cooldown than the default six hours, to show the key is the one read
        restart(Map.of("halyrd.risk.cooldown", "PT2H"));
        patch("{\"evaluation_config\": {\"max_consecutive_losses\": 1}}");
        lose(Token.ETH); // closed at 09:00 with −15.51859385 (see the max-drawdown test)
        assertEquals(1, account().lossStreak());
        Instant until = Instant.parse("2026-11-23T11:00:00Z");
        assertEquals(until, account().cooldownUntil());

        clock.set(until.minusMillis(1));
        scriptOversold(Token.ETH, "100");
        cycle.pass();

        RiskBlock veto = onlyBlock();
        assertEquals(RiskRules.STREAK_LIMIT, veto.rule());
        assertEquals("1 losing trades in a row (limit 1); standing aside until 2026-11-23T11:00:00Z.", veto.reason());
        assertEquals(2, trades().size());

        clock.set(until); // the cooldown ends at its instant: the same entry goes through
        cycle.pass();

        assertEquals(Side.BUY, lastTrade().side());
        assertEquals(new BigDecimal("886.03000000"), lastTrade().sizeUsdt());
        assertEquals(1, blocks().size());
        assertEquals(1, account().lossStreak(), "the streak stands until a close that is not a loss");
    }

    @Test
    void anExitIsNeverVetoedEvenWithTheDailyBudgetSpentAndTheRulesRefusingEveryEntry() {
        scriptOversold(Token.ETH, "100");
        cycle.pass();
        onlyTrade(Side.BUY);
        // the API's smallest budget, 0.0001 %: no entry can pass, and the loss below uses about 96,000 budgets,
        // which the snapshot must still record (its DAILY_DD_USED column once overflowed here)
        patch("{\"evaluation_config\": {\"daily_drawdown_pct\": 0.0001}}");

        // a crash to 90, and the average is crossed: sell at 90 × (1 − 0.1 %) = 89.91;
        // 8.967032967032 × 89.91 = 806.22593406, fees 2.01556484 + 0.15, back 804.06036922, pnl −95.93963078
        clock.advance(Duration.ofHours(1));
        scriptRecovered(Token.ETH, "90");
        cycle.pass();

        Trade sell = lastTrade();
        assertEquals(Side.SELL, sell.side());
        assertEquals(new BigDecimal("806.22593406"), sell.sizeUsdt());
        assertEquals(new BigDecimal("2.16556484"), sell.feesUsdt());
        assertEquals(new BigDecimal("-95.93963078"), sell.pnlUsdt());
        assertTrue(blocks().isEmpty(), "the exit was not judged at all");
        assertEquals(new BigDecimal("904.06036922"), account().cashUsdt());
        // the snapshot found the day's budget spent: a breach journaled, paper trading goes on
        assertEquals(1, journal(JournalType.RISK_BREACH).stream()
                .filter(e -> e.tags().contains(RiskRules.DAILY_DRAWDOWN)).count());

        // the same rules refuse the next entry: they were in force when the exit went through
        clock.advance(Duration.ofHours(1));
        scriptOversold(Token.ETH, "100");
        cycle.pass();
        assertEquals(RiskRules.DAILY_DRAWDOWN, onlyBlock().rule());
        assertEquals(2, trades().size());
    }

    @Test
    void aRestartWithAnOpenPositionResumesFromTheDatabaseAndTheExitBooksOnce() {
        patch("{\"evaluation_config\": {\"max_consecutive_losses\": 1}}");
        clock.set(Instant.parse("2026-11-23T18:00:00Z"));
        win(Token.ETH); // 18:00 → 19:00: +82.77378461 (see the first test); the snapshot makes 1082.77378461 the peak
        // 20:00: 90 % of 1082.77378461 → 974.49 bought at 100.1; 21:00: sold at 98.901:
        // 9.709328421578 × 98.901 = 960.26229022, fees 2.40065573 + 0.15, back 957.71163449, pnl −16.77836551
        lose(Token.ETH);
        assertEquals(new BigDecimal("-16.77836551"), lastTrade().pnlUsdt());
        assertEquals(new BigDecimal("1065.99541910"), account().cashUsdt());

        // 03:00 the next day, as the six-hour cooldown ends: the day opens at 1065.99541910, and 959.39 is bought
        clock.set(Instant.parse("2026-11-24T03:00:00Z"));
        scriptOversold(Token.ETH, "100");
        cycle.pass();
        assertEquals(new BigDecimal("959.39000000"), lastTrade().sizeUsdt());

        clock.advance(Duration.ofMinutes(1));
        restart(Map.of()); // a new process: new factory, new EntityManagers, new singletons, same database

        assertEquals(1, journal(JournalType.CONFIG_CHANGE).stream()
                .filter(e -> e.tags().contains("initial")).count(), "the initial config is not made twice");
        Position held = positions().get(0);
        assertEquals(Token.ETH, held.token());
        // (959.39 − 2.54847500 fees) / 100.1
        assertEquals(new BigDecimal("9.558856393606"), held.quantity());
        assertEquals(new BigDecimal("959.39000000"), held.costUsdt());
        Account account = account();
        assertEquals(new BigDecimal("106.60541910"), account.cashUsdt());
        assertEquals(new BigDecimal("1082.77378461"), account.peakEquity());
        assertEquals(LocalDate.parse("2026-11-24"), account.day());
        assertEquals(new BigDecimal("1065.99541910"), account.dayOpenEquity());
        assertEquals(1, account.lossStreak());
        assertEquals(Instant.parse("2026-11-24T03:00:00Z"), account.cooldownUntil());

        clock.set(Instant.parse("2026-11-24T04:00:00Z"));
        scriptRecovered(Token.ETH, "110");
        cycle.pass();
        clock.advance(Duration.ofHours(1));
        cycle.pass(); // nothing held any more: nothing to sell twice

        List<Trade> sells = trades().stream().filter(t -> t.side() == Side.SELL).toList();
        assertEquals(3, sells.size());
        Trade exit = last(sells);
        assertEquals(Instant.parse("2026-11-24T04:00:00Z"), exit.ts());
        // 9.558856393606 × 109.89 = 1050.42272909, fees 2.62605682 + 0.15, back 1047.64667227, less 959.39
        assertEquals(new BigDecimal("1050.42272909"), exit.sizeUsdt());
        assertEquals(new BigDecimal("2.77605682"), exit.feesUsdt());
        assertEquals(new BigDecimal("88.25667227"), exit.pnlUsdt());
        assertEquals(Duration.ofHours(1), exit.holdTime());
        assertEquals(6, trades().size());
        assertTrue(positions().isEmpty());
        assertEquals(new BigDecimal("1154.25209137"), account().cashUsdt());
        assertEquals(0, account().lossStreak(), "a win ends the streak");
    }

    @Test
    void aTurnThatFailsIsJournaledWithoutItsStackAndTheNextTokenStillHasItsTurn() {
        // CAKE's feed hands back a bar without a close, which no candle accepts: its turn throws and rolls back
        List<BigDecimal> broken = new ArrayList<>(Collections.nCopies(74, BigDecimal.TEN));
        broken.set(73, null);
        script(Token.CAKE, broken, "10");
        scriptOversold(Token.LINK, "100"); // after CAKE in the watchlist
        cycle.pass();

        List<JournalEntry> failed = journal(JournalType.CYCLE_FAILED);
        assertEquals(1, failed.size());
        assertEquals(List.of(JournalType.CYCLE_FAILED.name(), "CAKE"), failed.get(0).tags());
        assertEquals("The cycle could not decide on CAKE/USDT this time (NullPointerException); it will try again.",
                failed.get(0).body());
        Trade buy = onlyTrade(Side.BUY);
        assertEquals(Token.LINK, buy.token());
        assertEquals(new BigDecimal("900.00000000"), buy.sizeUsdt());
        assertEquals(1, cycle.events(EquitySnapshot.class).size(), "the pass still ends with its snapshot");
    }

    @Test
    void eachPassIsRecordedForTheFlightRecorderWithItsFillsAndItsOwnCpuTime() throws Exception {
        Path file = Files.createTempFile("passes", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("xyz.halyrd.TradingPass").withoutThreshold();
            recording.start();
            scriptOversold(Token.ETH, "100");
            cycle.pass(); // buys ETH
            clock.advance(Duration.ofMinutes(5));
            cycle.pass(); // holds it
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> passes = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("xyz.halyrd.TradingPass")).toList();
            assertEquals(List.of(1, 0), passes.stream().map(e -> e.getInt("fills")).toList());
            int watched = cycle.inTransaction(() -> cycle.bean(ConfigVersions.class).requireCurrent()).watchlist()
                    .size();
            for (RecordedEvent pass : passes) {
                assertEquals(watched, pass.getInt("tokens"));
                assertTrue(pass.getLong("cpuTime") > 0, "the pass's own CPU time: " + pass);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aStandingReasonToPassIsJournaledOnceNotOnEveryPass() {
        // CAKE with no history: its indicators are unknown, so an entry is skipped as DATA_UNKNOWN
        script(Token.CAKE, List.of(), "10");
        cycle.pass();
        clock.advance(Duration.ofMinutes(5));
        cycle.pass();

        assertEquals(1, journal(JournalType.SKIPPED).stream().filter(e -> e.tags().contains("DATA_UNKNOWN")).count());
        assertTrue(trades().isEmpty());
    }

    // ---- steps --------------------------------------------------------------------------------------------------

    /** A round trip bought oversold at 100 and sold an hour later at 110: a win. */
    void win(Token token) {
        roundTrip(token, "110");
    }

    /** A round trip bought oversold at 100 and sold an hour later at 99 as it crosses its average: a loss. */
    void lose(Token token) {
        roundTrip(token, "99");
    }

    private void roundTrip(Token token, String exitPrice) {
        int before = trades().size();
        scriptOversold(token, "100");
        cycle.pass();
        clock.advance(Duration.ofHours(1));
        scriptRecovered(token, exitPrice);
        cycle.pass();
        clock.advance(Duration.ofHours(1));
        List<Trade> trades = trades();
        assertEquals(before + 2, trades.size(), "a buy and a sell: " + trades);
    }

    void patch(String json) {
        cycle.inTransaction(() -> cycle.bean(ConfigVersions.class).patchEvaluation(Agent.SEED_ID,
                EvaluationPatch.parse(Json.createReader(new StringReader(json)).readObject())));
    }

    /** Ends this process and starts another over the same database. */
    void restart(Map<String, String> config) {
        cycle.close();
        cycle = start(config);
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

    /**
     * Mid and quote both at {@code price} (no divergence), 0.1 % impact, a fearful market, calm funding. The rest of
     * the default watchlist, until scripted, stays flat at its average: no signal, no slot taken.
     */
    void script(Token token, List<BigDecimal> closes, String price) {
        scripted.add(token);
        cycle.market().script(token, new ScriptedMarket.Script(closes, new BigDecimal(price), new BigDecimal(price),
                new BigDecimal("0.1"), 30, 0.01));
        for (Token other : List.of(Token.ETH, Token.CAKE, Token.LINK, Token.AVAX)) {
            if (!scripted.contains(other)) {
                cycle.market().script(other, new ScriptedMarket.Script(Collections.nCopies(74, BigDecimal.TEN),
                        BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("0.1"), 30, 0.01));
            }
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

    List<JournalEntry> journal(JournalType type) {
        List<JournalEntry> newestFirst = new ArrayList<>(cycle.inTransaction(() -> cycle.bean(Journal.class)
                .page(null, type.name(), null, 1000)));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    List<RiskBlock> blocks() {
        return cycle.inTransaction(() -> cycle.bean(RiskEngine.class).blocks(Agent.SEED_ID));
    }

    RiskBlock onlyBlock() {
        List<RiskBlock> blocks = blocks();
        assertEquals(1, blocks.size(), blocks.toString());
        return blocks.get(0);
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
