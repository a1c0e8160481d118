package xyz.halyrd.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.risk.entity.RiskRules.State;
import xyz.halyrd.risk.entity.RiskRules;

/** Each policy rule at, just inside and just outside its boundary, on the Balanced preset (20 %, 8 %, 4 losses). */
class RiskRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final RiskRules RULES = Preset.BALANCED.config().riskRules(Duration.ofHours(6));

    private static State state(String equity, String peak, String dayOpen) {
        return new State(new BigDecimal(equity), new BigDecimal(peak), new BigDecimal(dayOpen), 0, null);
    }

    private static Optional<RiskRules.Veto> entry(State state, String worstCase) {
        return RULES.judgeEntry(state, new BigDecimal(worstCase), NOW);
    }

    @Test
    void dailyBudgetExactlyUsedUpIsAllowedAndOneCentMoreIsVetoed() {
        // day opened at 1000, equity 960 (4 % used); budget 8 % = 80 → 40 USDT of worst case left
        State s = state("960", "1000", "1000");
        assertEquals(Optional.empty(), entry(s, "40.00"));
        RiskRules.Veto veto = entry(s, "40.01").orElseThrow();
        assertEquals("daily_drawdown", veto.rule());
        assertEquals("Trade would use 4.00% of daily drawdown budget; only 4.00% remaining.", veto.reason());
    }

    @Test
    void maxDrawdownIsMeasuredFromThePeak() {
        // peak 1250, equity 1010: 19.2 % down; 10 USDT more reaches exactly 20 %
        State s = state("1010", "1250", "1010");
        assertEquals(Optional.empty(), entry(s, "10"));
        RiskRules.Veto veto = entry(s, "10.01").orElseThrow();
        assertEquals("max_drawdown", veto.rule());
        assertEquals("Trade's worst case (10.01 USDT) would take the drawdown from the peak to 20.00%; the limit is "
                + "20.00%.", veto.reason());
    }

    @Test
    void theStreakStandsTheAgentAsideUntilTheCooldownEnds() {
        int streak = 0;
        for (String pnl : List.of("-1", "-2", "-0.5")) {
            streak = RiskRules.streakAfter(streak, new BigDecimal(pnl));
        }
        assertEquals(3, streak);
        assertEquals(Optional.empty(), RULES.cooldownAfter(streak, NOW), "three losses are not yet the limit");
        streak = RiskRules.streakAfter(streak, new BigDecimal("-0.1"));
        Instant until = RULES.cooldownAfter(streak, NOW).orElseThrow();
        assertEquals(NOW.plus(Duration.ofHours(6)), until);

        State standing = new State(new BigDecimal("990"), new BigDecimal("1000"), new BigDecimal("1000"), streak, until);
        RiskRules.Veto veto = RULES.judgeEntry(standing, BigDecimal.ONE, NOW.plus(Duration.ofHours(5))).orElseThrow();
        assertEquals("streak_limit", veto.rule());
        assertEquals("4 losing trades in a row (limit 4); standing aside until 2026-11-22T18:00:00Z.", veto.reason());
        assertEquals(Optional.empty(), RULES.judgeEntry(standing, BigDecimal.ONE, until), "the cooldown is over");
        assertEquals(0, RiskRules.streakAfter(streak, new BigDecimal("0.01")), "a win resets the count");
    }

    @Test
    void withoutEquityDataNoEntryIsAllowed() {
        assertEquals("max_drawdown", RULES.judgeEntry(null, BigDecimal.ONE, NOW).orElseThrow().rule());
        assertEquals("max_drawdown", entry(new State(null, BigDecimal.TEN, BigDecimal.TEN, 0, null), "1")
                .orElseThrow().rule());
        assertEquals("max_drawdown", entry(state("0", "1000", "1000"), "1").orElseThrow().rule());
    }

    @Test
    void objectivesShowCurrentLimitAndHeadroomAsTheProductNotesDo() {
        // equity 965 against peak 1000 (3.5 %) and a day opened at 985.71 (2.1 % down) — the product notes' numbers
        State s = new State(new BigDecimal("965"), new BigDecimal("1000"), new BigDecimal("985.7"), 1, null);
        List<RiskRules.Objective> objectives = RULES.objectives(s);
        assertEquals(new RiskRules.Objective("max_drawdown", new BigDecimal("0.035"), new BigDecimal("0.2"),
                new BigDecimal("82.5")), objectives.get(0));
        assertEquals("daily_drawdown", objectives.get(1).rule());
        assertEquals(new BigDecimal("0.021"), objectives.get(1).current());
        assertEquals(new BigDecimal("73.8"), objectives.get(1).headroomPct());
        assertEquals("consecutive_losses", objectives.get(2).rule());
        assertEquals(BigDecimal.ONE, objectives.get(2).current());
        assertNull(objectives.get(2).headroomPct());
    }

    @Test
    void snapshotFiguresAreFractions() {
        State s = state("988", "1000", "1000");
        assertEquals(0, new BigDecimal("0.012").compareTo(RULES.ddFromPeak(s)));
        assertEquals(0, new BigDecimal("0.15").compareTo(RULES.dailyDdUsed(s)), "12 of the 80 USDT budget");
        assertEquals(0, BigDecimal.ZERO.compareTo(RULES.ddFromPeak(state("1100", "1000", "1000"))));
    }

    @Test
    void theDrawdownWatchNamesTheMaxBeforeTheDailyAndOnlyLimitsPassed() {
        // Balanced: max drawdown 0.20 (broken past it), daily budget broken once used up (share 1)
        assertEquals(List.of(), RULES.breaches(new BigDecimal("0.20"), new BigDecimal("0.99")));
        assertEquals(List.of(RiskRules.Breach.MAX_DRAWDOWN), RULES.breaches(new BigDecimal("0.2001"), BigDecimal.ZERO));
        assertEquals(List.of(RiskRules.Breach.DAILY_DRAWDOWN), RULES.breaches(BigDecimal.ZERO, BigDecimal.ONE));
        assertEquals(List.of(RiskRules.Breach.MAX_DRAWDOWN, RiskRules.Breach.DAILY_DRAWDOWN),
                RULES.breaches(new BigDecimal("0.25"), new BigDecimal("1.5")));
        assertEquals("daily_drawdown", RiskRules.Breach.DAILY_DRAWDOWN.rule());
    }
}
