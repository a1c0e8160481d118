package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * The agent's virtual (paper) account and the figures the risk rules need between restarts: free USDT, the
 * all-time equity peak, the UTC day's opening equity, the loss streak and any cooldown. One row per agent, so a
 * restart — or a kill in the middle of a cycle — resumes from what was committed.
 */
@Entity
@Table(name = "ACCOUNT")
public class Account {

    private static final long SECONDS_PER_DAY = 86_400;

    @Id
    @Column(name = "AGENT_ID", length = 64, updatable = false)
    private String agentId;

    @Column(name = "STARTING_EQUITY", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal startingEquity;

    @Column(name = "CASH_USDT", precision = 24, scale = 8, nullable = false)
    private BigDecimal cashUsdt;

    @Column(name = "PEAK_EQUITY", precision = 24, scale = 8, nullable = false)
    private BigDecimal peakEquity;

    @Column(name = "TRADING_DAY", nullable = false)
    private LocalDate day;

    @Column(name = "DAY_OPEN_EQUITY", precision = 24, scale = 8, nullable = false)
    private BigDecimal dayOpenEquity;

    @Column(name = "LOSS_STREAK", nullable = false)
    private int lossStreak;

    @Column(name = "COOLDOWN_UNTIL")
    private Instant cooldownUntil;

    protected Account() {
    }

    /** A fresh paper account holding {@code startingEquity} USDT. */
    public static Account open(String agentId, BigDecimal startingEquity, Instant now) {
        if (startingEquity.signum() <= 0) {
            throw new IllegalArgumentException("starting equity must be positive, was " + startingEquity);
        }
        Account account = new Account();
        account.agentId = Objects.requireNonNull(agentId);
        account.startingEquity = startingEquity;
        account.cashUsdt = startingEquity;
        account.peakEquity = startingEquity;
        account.day = utcDay(now);
        account.dayOpenEquity = startingEquity;
        return account;
    }

    /**
     * Takes note of the equity at {@code now}: a new UTC day opens at this equity, and a new high raises the peak.
     * Called before every risk decision and with every snapshot.
     */
    public void markEquity(BigDecimal equity, Instant now) {
        LocalDate today = utcDay(now);
        if (today.isAfter(day)) {
            day = today;
            dayOpenEquity = equity;
        }
        if (equity.compareTo(peakEquity) > 0) {
            peakEquity = equity;
        }
    }

    /**
     * A new evaluation run starts from here: the peak restarts at the current equity, so the new run's drawdown is
     * measured from its own start (a paper run ended by a max-drawdown breach is not carried into the next).
     */
    public void restartPeak(BigDecimal equity) {
        peakEquity = equity;
    }

    /** Pays for a buy, fees included; the account never goes below zero. */
    public void pay(BigDecimal usdt) {
        if (usdt.signum() < 0 || usdt.compareTo(cashUsdt) > 0) {
            throw new IllegalStateException("cannot pay " + usdt.toPlainString() + " USDT from " + cashUsdt.toPlainString());
        }
        cashUsdt = cashUsdt.subtract(usdt);
    }

    /** Receives the proceeds of a sell, fees already taken off. */
    public void receive(BigDecimal usdt) {
        if (usdt.signum() < 0) {
            throw new IllegalArgumentException("proceeds cannot be negative: " + usdt.toPlainString());
        }
        cashUsdt = cashUsdt.add(usdt);
    }

    /** A position was closed with {@code pnl}: the loss streak moves, and a streak at the limit starts a cooldown. */
    public void recordClose(BigDecimal pnl, Instant at, RiskRules rules) {
        lossStreak = RiskRules.streakAfter(lossStreak, pnl);
        rules.cooldownAfter(lossStreak, at).ifPresent(until -> cooldownUntil = until);
    }

    /**
     * Cash plus every position at its mid, to the cent's eighth decimal; empty when a held token has no mid: equity
     * is only ever computed from prices there are, never estimated.
     */
    public Optional<BigDecimal> equity(List<Position> positions, Function<Token, Optional<MidPrice>> mids) {
        BigDecimal equity = cashUsdt;
        for (Position position : positions) {
            Optional<MidPrice> mid = mids.apply(position.token());
            if (mid.isEmpty() || mid.get().price() == null) {
                return Optional.empty();
            }
            equity = equity.add(position.valueAt(mid.get().price()));
        }
        return Optional.of(equity.setScale(PaperFills.USDT_SCALE, RoundingMode.HALF_EVEN));
    }

    /** What the risk rules see, with the equity marked now. */
    public RiskRules.State riskState(BigDecimal equity) {
        return new RiskRules.State(equity, peakEquity, dayOpenEquity, lossStreak, cooldownUntil);
    }

    /** The UTC day of {@code at}, without a time zone's rules: marked on every backtest bar. */
    private static LocalDate utcDay(Instant at) {
        return LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY));
    }

    public String agentId() {
        return agentId;
    }


    public BigDecimal cashUsdt() {
        return cashUsdt;
    }

    public BigDecimal peakEquity() {
        return peakEquity;
    }

    public LocalDate day() {
        return day;
    }

    public BigDecimal dayOpenEquity() {
        return dayOpenEquity;
    }

    public int lossStreak() {
        return lossStreak;
    }

    public Instant cooldownUntil() {
        return cooldownUntil;
    }
}
