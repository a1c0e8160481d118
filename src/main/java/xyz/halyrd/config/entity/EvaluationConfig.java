package xyz.halyrd.config.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * The thresholds a config run is evaluated and risk-checked against. Percentages are whole-number percent
 * ({@code 20} = 20 %), as the API takes them. Immutable: a change is a new instance in a new ConfigVersion.
 */
@Embeddable
public class EvaluationConfig {

    @Column(name = "MAX_DRAWDOWN_PCT", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal maxDrawdownPct;

    @Column(name = "DAILY_DRAWDOWN_PCT", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal dailyDrawdownPct;

    @Column(name = "MAX_CONSECUTIVE_LOSSES", nullable = false, updatable = false)
    private int maxConsecutiveLosses;

    @Column(name = "EVAL_WINDOW_DAYS", nullable = false, updatable = false)
    private int evalWindowDays;

    @Column(name = "TRADE_FLOOR", nullable = false, updatable = false)
    private int tradeFloor;

    protected EvaluationConfig() {
    }

    public EvaluationConfig(BigDecimal maxDrawdownPct, BigDecimal dailyDrawdownPct, int maxConsecutiveLosses,
            int evalWindowDays, int tradeFloor) {
        this.maxDrawdownPct = Decimals.plain(Objects.requireNonNull(maxDrawdownPct));
        this.dailyDrawdownPct = Decimals.plain(Objects.requireNonNull(dailyDrawdownPct));
        this.maxConsecutiveLosses = maxConsecutiveLosses;
        this.evalWindowDays = evalWindowDays;
        this.tradeFloor = tradeFloor;
    }

    public BigDecimal maxDrawdownPct() {
        return Decimals.plain(maxDrawdownPct);
    }

    public BigDecimal dailyDrawdownPct() {
        return Decimals.plain(dailyDrawdownPct);
    }

    public int maxConsecutiveLosses() {
        return maxConsecutiveLosses;
    }

    /** The risk rules these limits make, with the engine's cooldown after a losing streak. */
    public RiskRules riskRules(Duration cooldown) {
        return RiskRules.ofPercent(maxDrawdownPct, dailyDrawdownPct, maxConsecutiveLosses, cooldown);
    }

    public int evalWindowDays() {
        return evalWindowDays;
    }

    public int tradeFloor() {
        return tradeFloor;
    }

    /** {@code max_dd=15%, daily_dd=5%, window=14d, floor=15, losses=3}. */
    public String summary() {
        return "max_dd=" + maxDrawdownPct().toPlainString() + "%, daily_dd=" + dailyDrawdownPct().toPlainString()
                + "%, window=" + evalWindowDays + "d, floor=" + tradeFloor + ", losses=" + maxConsecutiveLosses;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvaluationConfig that
                && maxDrawdownPct().compareTo(that.maxDrawdownPct()) == 0
                && dailyDrawdownPct().compareTo(that.dailyDrawdownPct()) == 0
                && maxConsecutiveLosses == that.maxConsecutiveLosses
                && evalWindowDays == that.evalWindowDays
                && tradeFloor == that.tradeFloor;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxDrawdownPct(), dailyDrawdownPct(), maxConsecutiveLosses, evalWindowDays, tradeFloor);
    }

    @Override
    public String toString() {
        return summary();
    }
}
