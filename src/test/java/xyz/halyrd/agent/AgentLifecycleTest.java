package xyz.halyrd.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.agent.entity.Phase;

/** The lifecycle state machine on the entity: every allowed step, and every forbidden one refused unchanged. */
class AgentLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-28T21:30:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-11-29T00:00:00Z");

    /** An agent brought to the given status through allowed steps only. */
    private static Agent in(AgentStatus status) {
        Agent agent = Agent.seed(T0);
        switch (status) {
            case PAPER -> {
            }
            case ELIGIBLE -> agent.becomeEligible();
            case LIVE -> agent.promote(T0);
            case DEMOTED -> {
                agent.promote(T0);
                agent.demoteAfterBreach("daily_drawdown", DemotionScope.DAILY, MIDNIGHT);
            }
        }
        assertEquals(status, agent.status());
        return agent;
    }

    /** Each step by name, as the lifecycle takes it. */
    private static final Map<String, Consumer<Agent>> STEPS = Map.of(
            "becomeEligible", Agent::becomeEligible,
            "loseEligibility", Agent::loseEligibility,
            "promote", a -> a.promote(MIDNIGHT),
            "demoteDaily", a -> a.demoteAfterBreach("daily_drawdown", DemotionScope.DAILY, MIDNIGHT),
            "demoteMax", a -> a.demoteAfterBreach("max_drawdown", DemotionScope.MAX, null),
            "resumeLive", a -> a.resumeLive(MIDNIGHT),
            "returnToPaper", Agent::returnToPaper);

    /** Which steps each status allows (a DEMOTED agent here has a daily relock that runs out at MIDNIGHT). */
    private static final Map<AgentStatus, Set<String>> ALLOWED = Map.of(
            AgentStatus.PAPER, Set.of("becomeEligible", "promote"),
            AgentStatus.ELIGIBLE, Set.of("loseEligibility", "promote"),
            AgentStatus.LIVE, Set.of("demoteDaily", "demoteMax", "returnToPaper"),
            AgentStatus.DEMOTED, Set.of("promote", "resumeLive", "returnToPaper"));

    @Test
    void everyStepIsAllowedExactlyWhereTheStateMachineSays() {
        for (AgentStatus status : AgentStatus.values()) {
            for (var step : STEPS.entrySet()) {
                Agent agent = in(status);
                if (ALLOWED.get(status).contains(step.getKey())) {
                    step.getValue().accept(agent);
                    assertTrue(status.canMoveTo(agent.status()), status + " → " + agent.status());
                    assertEquals(agent.status().phase(), agent.phase());
                } else {
                    assertThrows(IllegalStateException.class, () -> step.getValue().accept(agent),
                            step.getKey() + " from " + status);
                    assertEquals(status, agent.status(), "a refused step changes nothing");
                }
            }
        }
    }

    @Test
    void theTransitionTableIsTheDocumentedOne() {
        assertEquals(EnumSet.of(AgentStatus.ELIGIBLE, AgentStatus.LIVE), AgentStatus.PAPER.next());
        assertEquals(EnumSet.of(AgentStatus.PAPER, AgentStatus.LIVE), AgentStatus.ELIGIBLE.next());
        assertEquals(EnumSet.of(AgentStatus.DEMOTED, AgentStatus.PAPER), AgentStatus.LIVE.next());
        assertEquals(EnumSet.of(AgentStatus.LIVE, AgentStatus.PAPER), AgentStatus.DEMOTED.next());
        for (AgentStatus status : AgentStatus.values()) {
            assertFalse(status.canMoveTo(status), status + " never moves to itself");
        }
        assertEquals(Phase.LIVE, AgentStatus.LIVE.phase());
        assertEquals(Phase.PAPER, AgentStatus.DEMOTED.phase());
    }

    @Test
    void aDailyDemotionLocksLiveUntilItsRelockAndNotAMillisecondLonger() {
        Agent agent = in(AgentStatus.DEMOTED);
        assertEquals("daily_drawdown", agent.demotionRule());
        assertEquals(DemotionScope.DAILY, agent.demotionScope());
        assertTrue(agent.isLockedAt(MIDNIGHT.minusMillis(1)));
        assertFalse(agent.relockExpiredAt(MIDNIGHT.minusMillis(1)));
        assertThrows(IllegalStateException.class, () -> agent.promote(MIDNIGHT.minusMillis(1)));
        assertThrows(IllegalStateException.class, () -> agent.resumeLive(MIDNIGHT.minusMillis(1)));
        assertEquals(AgentStatus.DEMOTED, agent.status());

        assertFalse(agent.isLockedAt(MIDNIGHT));
        assertTrue(agent.relockExpiredAt(MIDNIGHT));
        assertEquals(AgentStatus.DEMOTED, agent.resumeLive(MIDNIGHT));
        assertEquals(AgentStatus.LIVE, agent.status());
        assertNull(agent.relockUntil());
        assertNull(agent.demotionRule());
    }

    @Test
    void aMaxDemotionNeverRelocksByItselfButAPersonMayPromote() {
        Agent agent = in(AgentStatus.LIVE);
        agent.demoteAfterBreach("max_drawdown", DemotionScope.MAX, null);
        Instant muchLater = MIDNIGHT.plusSeconds(365 * 86_400L);
        assertFalse(agent.isLockedAt(muchLater));
        assertFalse(agent.relockExpiredAt(muchLater));
        assertThrows(IllegalStateException.class, () -> agent.resumeLive(muchLater));
        assertEquals(AgentStatus.DEMOTED, agent.promote(muchLater));
        assertEquals(AgentStatus.LIVE, agent.status());
        assertNull(agent.demotionScope());
    }

    @Test
    void aDemotionsScopeAndRelockGoTogether() {
        Agent daily = in(AgentStatus.LIVE);
        assertThrows(IllegalArgumentException.class,
                () -> daily.demoteAfterBreach("daily_drawdown", DemotionScope.DAILY, null));
        assertThrows(IllegalArgumentException.class,
                () -> daily.demoteAfterBreach("max_drawdown", DemotionScope.MAX, MIDNIGHT));
        assertEquals(AgentStatus.LIVE, daily.status());
    }

    @Test
    void returningToPaperCancelsAPendingRelock() {
        Agent agent = in(AgentStatus.DEMOTED);
        assertEquals(AgentStatus.DEMOTED, agent.returnToPaper());
        assertEquals(AgentStatus.PAPER, agent.status());
        assertNull(agent.relockUntil());
        assertFalse(agent.relockExpiredAt(MIDNIGHT.plusSeconds(1)), "nothing brings it back to live by itself");
    }
}
