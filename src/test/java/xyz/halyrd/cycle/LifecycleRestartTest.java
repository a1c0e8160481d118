package xyz.halyrd.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.MutableClock;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.agent.entity.DemotionScope;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.platform.ApiException;

/**
 * A restart while DEMOTED keeps the lock: the status, the breached rule and the relock live in the database, so a
 * new process over it refuses a promotion until the relock, and resumes live by itself at UTC midnight — not before.
 * Runs the real Lifecycle in the in-process harness over one Derby database, closed and opened as a restart would.
 */
class LifecycleRestartTest {

    private static final Instant EVENING = Instant.parse("2026-11-24T21:30:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-11-25T00:00:00Z");

    private final MutableClock clock = new MutableClock(EVENING);
    private InProcessCycle.Database database;
    private InProcessCycle process;

    @BeforeEach
    void open() {
        database = InProcessCycle.Database.inMemory("lifecycle-restart");
        process = new InProcessCycle(database, clock, Map.of());
    }

    @AfterEach
    void drop() {
        process.close();
        database.close();
    }

    private Agent agent() {
        return process.inTransaction(() -> process.bean(AgentRegistry.class).require(Agent.SEED_ID));
    }

    private void restart() {
        process.close();
        process = new InProcessCycle(database, clock, Map.of());
    }

    @Test
    void aDailyDemotionSurvivesARestartAndStillRelocksAtMidnight() {
        // live as a promotion leaves it (promoting for real needs a chain; the harness has none)
        process.inTransaction(() -> process.bean(AgentRegistry.class).lockForChange(Agent.SEED_ID).promote(EVENING));
        process.inTransaction(() -> {
            process.bean(Lifecycle.class).breachedWhileLive(Agent.SEED_ID, "daily_drawdown", DemotionScope.DAILY,
                    "live equity 1000 → 915.00 USDT.");
            return null;
        });

        restart();
        Agent after = agent();
        assertEquals(AgentStatus.DEMOTED, after.status());
        assertEquals("daily_drawdown", after.demotionRule());
        assertEquals(DemotionScope.DAILY, after.demotionScope());
        assertEquals(MIDNIGHT, after.relockUntil());

        clock.set(MIDNIGHT.minusMillis(1));
        ApiException locked = assertThrows(ApiException.class, () -> process.inTransaction(
                () -> process.bean(Lifecycle.class).promote(Agent.SEED_ID, true)));
        assertEquals("LOCKED", locked.code());
        assertTrue(locked.getMessage().contains(MIDNIGHT.toString()), locked.getMessage());
        review();
        assertEquals(AgentStatus.DEMOTED, agent().status(), "one millisecond before midnight it is still locked");

        restart();
        clock.set(MIDNIGHT);
        review();
        assertEquals(AgentStatus.LIVE, agent().status());
        assertEquals(null, agent().relockUntil());
    }

    @Test
    void aMaxDemotionSurvivesARestartAndNeverRelocksByItself() {
        process.inTransaction(() -> process.bean(AgentRegistry.class).lockForChange(Agent.SEED_ID).promote(EVENING));
        process.inTransaction(() -> {
            process.bean(Lifecycle.class).breachedWhileLive(Agent.SEED_ID, "max_drawdown", DemotionScope.MAX,
                    "live equity 1000 → 790.00 USDT.");
            return null;
        });
        restart();
        clock.advance(Duration.ofDays(30));
        review();
        Agent after = agent();
        assertEquals(AgentStatus.DEMOTED, after.status());
        assertEquals(DemotionScope.MAX, after.demotionScope());
        assertEquals(null, after.relockUntil());
    }

    private void review() {
        process.inTransaction(() -> {
            process.bean(Lifecycle.class).review(Agent.SEED_ID);
            return null;
        });
    }
}
