package xyz.halyrd.config.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import xyz.halyrd.platform.Decimals;

/**
 * The mean-reversion strategy's parameters a config run trades with: enter when RSI is low and the price is well
 * below its moving average, leave when either reverts. Immutable.
 */
@Embeddable
public class StrategyParams {

    @Column(name = "RSI_WINDOW", nullable = false, updatable = false)
    private int rsiWindow;

    @Column(name = "RSI_ENTRY_MAX", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal rsiEntryMax;

    @Column(name = "RSI_EXIT_MIN", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal rsiExitMin;

    @Column(name = "SMA_WINDOW_HOURS", nullable = false, updatable = false)
    private int smaWindowHours;

    @Column(name = "ENTRY_BELOW_SMA_PCT", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal entryBelowSmaPct;

    @Column(name = "EXIT_ABOVE_SMA_PCT", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal exitAboveSmaPct;

    @Column(name = "POSITION_SIZE_PCT", precision = 9, scale = 4, nullable = false, updatable = false)
    private BigDecimal positionSizePct;

    @Column(name = "MAX_CONCURRENT", nullable = false, updatable = false)
    private int maxConcurrent;

    protected StrategyParams() {
    }

    public StrategyParams(int rsiWindow, BigDecimal rsiEntryMax, BigDecimal rsiExitMin, int smaWindowHours,
            BigDecimal entryBelowSmaPct, BigDecimal exitAboveSmaPct, BigDecimal positionSizePct, int maxConcurrent) {
        this.rsiWindow = rsiWindow;
        this.rsiEntryMax = rsiEntryMax;
        this.rsiExitMin = rsiExitMin;
        this.smaWindowHours = smaWindowHours;
        this.entryBelowSmaPct = entryBelowSmaPct;
        this.exitAboveSmaPct = exitAboveSmaPct;
        this.positionSizePct = positionSizePct;
        this.maxConcurrent = maxConcurrent;
    }

    /** The documented mean-reversion example: RSI(14) ≤ 25 and 5 % below the 48 h SMA; out at the SMA or RSI ≥ 65. */
    public static StrategyParams defaults() {
        return new StrategyParams(14, new BigDecimal("25"), new BigDecimal("65"), 48, new BigDecimal("5"),
                BigDecimal.ZERO, new BigDecimal("90"), 1);
    }

    public int rsiWindow() {
        return rsiWindow;
    }

    public BigDecimal rsiEntryMax() {
        return Decimals.plain(rsiEntryMax);
    }

    public BigDecimal rsiExitMin() {
        return Decimals.plain(rsiExitMin);
    }

    public int smaWindowHours() {
        return smaWindowHours;
    }

    public BigDecimal entryBelowSmaPct() {
        return Decimals.plain(entryBelowSmaPct);
    }

    public BigDecimal exitAboveSmaPct() {
        return Decimals.plain(exitAboveSmaPct);
    }

    public BigDecimal positionSizePct() {
        return Decimals.plain(positionSizePct);
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }
}
