package xyz.halyrd.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.lifecycle.control.Evaluation;
import xyz.halyrd.lifecycle.entity.EvaluationReport;
import xyz.halyrd.lifecycle.entity.StatusChange;
import xyz.halyrd.platform.DemoTime;

/**
 * The default demo lets a newcomer see the promotion gate work: within a quarter of an hour of {@code java -jar}, at
 * the default speed, the default strategy on the demo's market has met the Balanced objectives (positive expectancy
 * after fees, ten closed trades, drawdown under its limit) and the agent is ELIGIBLE — "Ready for live — your call".
 * In process, on the demo's clock as the timer moves it: a pass per market hour.
 */
class DemoPromotionGateTest {

    private static final Duration WALL_LIMIT = Duration.ofMinutes(15);
    /** Market hours the default speed puts into the limit: one pass each. */
    private static final long PASSES = WALL_LIMIT.toSeconds() * DemoTime.DEFAULT_SPEED / 3600;

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-29T21:00:00Z", "2028-02-29T23:59:00Z"})
    void theDefaultDemoEarnsReadyForLiveWithinAQuarterOfAnHour(String at) {
        try (DefaultDemo run = DefaultDemo.begunAt(Instant.parse(at))) {
            InProcessCycle demo = run.cycle();
            EvaluationReport report = null;
            for (long pass = 0; pass < PASSES && (report == null || !report.eligible()); pass++) {
                run.nextHour();
                report = demo.inTransaction(() -> demo.bean(Evaluation.class).of(Agent.SEED_ID));
            }

            assertEquals(EvaluationReport.ELIGIBLE, report.state(), "after " + WALL_LIMIT + ": " + report.unmet());
            assertTrue(report.objectives().stream().allMatch(EvaluationReport.Objective::met), report.toString());
            List<StatusChange> changes = demo.events(StatusChange.class);
            assertEquals(AgentStatus.ELIGIBLE, changes.get(changes.size() - 1).to(), "the agent is ready for live");
        }
    }
}
