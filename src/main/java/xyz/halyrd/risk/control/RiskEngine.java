package xyz.halyrd.risk.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.risk.entity.RiskBlock;
import xyz.halyrd.risk.entity.RiskRules;

/**
 * The policy layer: judges every new position against the running config's drawdown budgets and loss-streak
 * limit before it reaches the executor. A veto is kept as a {@link RiskBlock}, journaled as {@code RISK_VETO} and
 * announced (the stream sends {@code risk_veto} after the commit). Exits are never judged.
 */
@Singleton
@Lock(LockType.READ) // stateless; the account whose state it judges is row-locked by the caller
public class RiskEngine {


    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    Journal journal;

    @Inject
    Event<RiskBlock> blocks;

    @Inject
    @ConfigProperty(name = "halyrd.risk.cooldown", defaultValue = "PT6H")
    Duration cooldown;

    @Inject
    @ConfigProperty(name = "halyrd.risk.adverse-move-pct", defaultValue = "5")
    BigDecimal adverseMovePct;

    /** How long the agent stands aside after a losing streak: the one risk figure not in the evaluation config. */
    public Duration cooldown() {
        return cooldown;
    }

    /** The worst case of a new position: an adverse move of {@code halyrd.risk.adverse-move-pct} plus its round-trip cost. */
    public BigDecimal worstCase(BigDecimal sizeUsdt, BigDecimal roundTripCostFraction) {
        return worstCaseRule().apply(sizeUsdt, roundTripCostFraction);
    }

    /**
     * {@link #worstCase} as a plain function of size and round-trip cost, for a caller that applies it many times
     * outside the container: a backtest, whose every entry would otherwise be a call through the bean and a
     * transaction of its own (a tenth of a year's replay, by JFR).
     */
    public BinaryOperator<BigDecimal> worstCaseRule() {
        BigDecimal adverseFraction = adverseMovePct.movePointLeft(2);
        return (sizeUsdt, roundTripCostFraction) -> sizeUsdt.multiply(adverseFraction.add(roundTripCostFraction));
    }

    /**
     * The veto of a new position, recorded and announced, or empty when the policy allows it. {@code state} is the
     * account's, with the equity marked now (the caller holds the account's row lock).
     */
    public Optional<RiskBlock> vetoEntry(String agentId, RiskRules.State state, Token token, BigDecimal worstCaseUsdt,
            RiskRules rules, String configVersionId, String orderRef) {
        Optional<RiskRules.Veto> veto = rules.judgeEntry(state, worstCaseUsdt, clock.instant());
        if (veto.isEmpty()) {
            return Optional.empty();
        }
        RiskBlock block = new RiskBlock(ids.next("blk"), agentId, clock.instant(), RiskBlock.Layer.POLICY,
                veto.get().rule(), veto.get().reason(), token.pair(), orderRef, configVersionId);
        em.persist(block);
        journal.append(JournalType.RISK_VETO, List.of(veto.get().rule(), token.name()),
                "Risk engine vetoed " + token.pair() + " entry " + orderRef + " (" + veto.get().rule() + "): "
                        + veto.get().reason(), configVersionId);
        blocks.fire(block);
        return Optional.of(block);
    }

    /** Every block of either layer, oldest first. */
    public List<RiskBlock> blocks(String agentId) {
        return em.createNamedQuery(RiskBlock.CHRONOLOGICAL, RiskBlock.class).setParameter("agent", agentId)
                .getResultList();
    }
}
