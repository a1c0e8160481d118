package xyz.halyrd.lifecycle.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import xyz.halyrd.lifecycle.entity.EvaluationReport;

/**
 * {@code GET /agents/{id}/evaluation} exactly as documented: an objective carries {@code headroom_pct} only where it
 * means something (max drawdown), while {@code limit} is always there (null for expectancy).
 */
@JsonbPropertyOrder({"state", "eligible", "windowDaysElapsed", "evalWindowDays", "tradeFloor", "closedTrades",
        "objectives"})
public record EvaluationView(String state, boolean eligible, long windowDaysElapsed, int evalWindowDays,
        int tradeFloor, int closedTrades, List<Map<String, Object>> objectives) {

    public static EvaluationView of(EvaluationReport report) {
        return new EvaluationView(report.state(), report.eligible(), report.windowDaysElapsed(),
                report.evalWindowDays(), report.tradeFloor(), report.closedTrades(),
                report.objectives().stream().map(EvaluationView::objective).toList());
    }

    private static Map<String, Object> objective(EvaluationReport.Objective objective) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("rule", objective.rule());
        shown.put("current", objective.current());
        shown.put("limit", objective.limit());
        if (objective.headroomPct() != null) {
            shown.put("headroom_pct", objective.headroomPct());
        }
        shown.put("met", objective.met());
        return shown;
    }
}
