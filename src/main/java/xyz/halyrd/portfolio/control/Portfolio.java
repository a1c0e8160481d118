package xyz.halyrd.portfolio.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * The agent's holdings: the paper account, its open positions, their value at the reference mid, and the equity
 * snapshots of the curve. Equity is only ever computed from prices it has: a position without a mid makes the
 * equity unknown, never an estimate.
 */
@Singleton
@Lock(LockType.READ) // the account row is locked in the database (PESSIMISTIC_WRITE) by whoever changes it
public class Portfolio {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    MarketFeed market;

    @Inject
    Event<EquitySnapshot> snapshots;

    @Inject
    @ConfigProperty(name = "halyrd.paper.starting-equity", defaultValue = "1000")
    BigDecimal startingEquity;

    /** The account, locked until the caller's transaction ends; opened with the starting equity the first time. */
    public Account lockAccount(String agentId) {
        Account account = em.find(Account.class, agentId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            account = Account.open(agentId, startingEquity, clock.instant());
            em.persist(account);
            em.flush();
        }
        return account;
    }

    /** The account as it stands, or the one a first trade would open; nothing is written. */
    public Account account(String agentId) {
        Account account = em.find(Account.class, agentId);
        return account != null ? account : Account.open(agentId, startingEquity, clock.instant());
    }

    /** The agent's open positions, oldest first. */
    public List<Position> positions(String agentId) {
        List<Position> positions = new ArrayList<>(em.createNamedQuery(Position.OF_AGENT, Position.class)
                .setParameter("agent", agentId).getResultList());
        positions.sort(Position.OPENED_FIRST);
        return positions;
    }

    public Optional<Position> position(String agentId, Token token) {
        return positions(agentId).stream().filter(p -> p.token() == token).findFirst();
    }

    /** Cash plus every position at its mid; empty when a held token has no mid. */
    public Optional<BigDecimal> equity(Account account, List<Position> positions) {
        return account.equity(positions, market::mid);
    }

    /** Records a point of the paper equity curve (and moves the peak and the day's opening); empty without prices. */
    public Optional<EquitySnapshot> snapshot(Account account, RiskRules rules, String configVersionId) {
        return equity(account, positions(account.agentId()))
                .map(equity -> snapshot(account.agentId(), account, equity, rules, Phase.PAPER, configVersionId));
    }

    /**
     * The one place a point of an equity curve is recorded, paper and live alike: {@code account} is the phase's
     * own (locked by the caller; live's is not the agent's paper row), {@code equity} its value now. Persisted, then
     * announced for the stream.
     */
    public EquitySnapshot snapshot(String agentId, Account account, BigDecimal equity, RiskRules rules, Phase phase,
            String configVersionId) {
        EquitySnapshot snapshot = EquitySnapshot.of(ids.next("eqs"), agentId, account, equity, clock.instant(), phase,
                rules, configVersionId);
        em.persist(snapshot);
        snapshots.fire(snapshot);
        return snapshot;
    }

    /** The latest snapshot time, if any: the cycle snapshots again once the interval has passed since. */
    public Optional<Instant> lastSnapshotAt(String agentId) {
        // MAX over the (AGENT_ID, TS) index, not the newest row by ORDER BY: that sorted the whole curve every pass
        return Optional.ofNullable(em.createQuery("SELECT MAX(s.ts) FROM EquitySnapshot s WHERE s.agentId = :agent",
                Instant.class).setParameter("agent", agentId).getSingleResult());
    }

    /** The trades that closed a position under a config run, in one phase, oldest first. */
    public List<Trade> closedTrades(String agentId, String configVersionId, Phase phase) {
        return em.createQuery("SELECT t FROM Trade t WHERE t.agentId = :agent AND t.configVersionId = :version"
                        + " AND t.phase = :phase AND t.pnlUsdt IS NOT NULL ORDER BY t.id", Trade.class)
                .setParameter("agent", agentId).setParameter("version", configVersionId).setParameter("phase", phase)
                .getResultList();
    }

    /** The deepest drawdown from peak any paper snapshot of a config run showed (a fraction), zero before the first. */
    public BigDecimal worstDrawdown(String agentId, String configVersionId) {
        BigDecimal worst = em.createQuery("SELECT MAX(s.ddFromPeak) FROM EquitySnapshot s WHERE s.agentId = :agent"
                        + " AND s.configVersionId = :version AND s.phase = :phase", BigDecimal.class)
                .setParameter("agent", agentId).setParameter("version", configVersionId)
                .setParameter("phase", Phase.PAPER).getSingleResult();
        return worst == null ? BigDecimal.ZERO : worst;
    }
}
