package xyz.halyrd.signer.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.IdentityContract;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.risk.entity.RiskBlock;
import xyz.halyrd.signer.entity.SignedDay;
import xyz.halyrd.signer.entity.SignerPolicy;
import xyz.halyrd.signer.entity.SignerSession;

/**
 * The signing layer (TWAK, "physics"). It keeps its own persisted policy and re-checks every limit itself; the
 * agent's config can only ever widen its allowlist to cover the watchlist, in the same transaction.
 * <p>
 * Locking of {@link #sign}: the session row and the day's ledger row are locked in the database
 * (PESSIMISTIC_WRITE) before anything is judged, and held until the caller's transaction ends — after the swap's
 * receipt — so a kill switch either commits before the check (and the order is refused) or waits until the
 * transaction in flight is over; then the judgement and the booking happen under the {@link SigningGate}'s lock.
 * <p>
 * Only the holder of the trading lease signs: immediately before anything is signed, the lease's fence
 * ({@link Lease#fence}) checks in this transaction that this node still holds it in the epoch its work began under,
 * and keeps the lease row locked until the transaction ends — after the receipt, and after the fill is booked — so
 * the lease cannot change hands between the signature and the booking. A lost lease rolls the transaction back:
 * nothing is signed or booked.
 */
@Singleton
@Lock(LockType.READ) // see above: database row locks and the gate's own lock, never the container's
public class Signer {


    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    LiveChain live;

    @Inject
    Journal journal;

    @Inject
    Ids ids;

    @Inject
    Event<RiskBlock> blocks;

    @Inject
    Lease lease;

    private final SigningGate gate = new SigningGate();

    /**
     * Checks {@code order} against every signing rule with the signer's own findings (session, the node's chain id,
     * its own router quote, its own ledger) and, if it passes, signs and sends it: first an approval of the router
     * if its allowance is short, then the swap. A refusal is kept as a {@link RiskBlock} of layer {@code twak},
     * journaled as {@code TWAK_BLOCK} and announced ({@code twak_block}); nothing is sent. Chain failures (node
     * unreachable) propagate with nothing signed.
     */
    public Signature sign(SwapOrder order) {
        return sign(order, signed -> { });
    }

    /**
     * As {@link #sign(SwapOrder)}, telling {@code beforeBroadcast} of the signed swap (its hash and nonce) before it
     * is sent, so the caller can keep a record that outlives a crash while the receipt is awaited.
     */
    public Signature sign(SwapOrder order, Consumer<TxOutcome> beforeBroadcast) {
        SignerSession session = lockSession(order.agentId());
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        SignedDay signed = em.find(SignedDay.class, SignedDay.idOf(order.agentId(), day),
                LockModeType.PESSIMISTIC_WRITE);
        SignerPolicy policy = policy(order.agentId());
        ChainSettings settings = live.settings();
        String token = settings.address(order.token().name()).orElse(null);
        long nodeChainId = live.node().chainId();
        if (token == null) {
            return refuse(order, SigningRules.ALLOWLIST, order.token() + " has no contract configured on this chain ("
                    + ChainSettings.TOKENS + "): nothing is signed.");
        }
        List<String> path = order.buy() ? List.of(settings.usdt(), token) : List.of(token, settings.usdt());
        List<BigInteger> quote = live.router().getAmountsOut(settings.router(), order.amountIn(), path);
        BigInteger quotedOut = quote.get(quote.size() - 1);
        int usdtDecimals = live.decimals(settings.usdt());
        BigDecimal size = Erc20.toAmount(order.buy() ? order.amountIn() : quotedOut, usdtDecimals);
        SigningRules.Limits limits = policy == null
                ? new SigningRules.Limits(List.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                        settings.chainId())
                : new SigningRules.Limits(policy.allowlist(), policy.perTradeCapUsdt(), policy.dailyCapUsdt(),
                        policy.maxSlippagePct(), settings.chainId());
        SigningRules.Check check = new SigningRules.Check(order.orderRef(), order.token().name(), order.buy(), size,
                quotedOut, order.amountOutMin(), session.isActive(), nodeChainId);
        SignedDay[] ledgerRow = {signed};
        Optional<SigningRules.Refusal> refusal = gate.admit(check, limits, day, new SigningGate.Ledger() {
            @Override
            public BigDecimal signedOn(LocalDate d) {
                return ledgerRow[0] == null ? BigDecimal.ZERO : ledgerRow[0].signedUsdt();
            }

            @Override
            public void book(LocalDate d, BigDecimal sizeUsdt) {
                if (ledgerRow[0] == null) {
                    ledgerRow[0] = SignedDay.open(order.agentId(), d);
                    em.persist(ledgerRow[0]);
                }
                ledgerRow[0].book(sizeUsdt);
                em.flush(); // the new row (or its lock) now holds other signers off until this transaction ends
            }
        });
        if (refusal.isPresent()) {
            return refuse(order, refusal.get().rule(), refusal.get().reason());
        }
        lease.fence(); // last: a lost lease rolls back the day's booking above with everything else
        TxOutcome approval = null;
        if (order.buy()) {
            BigInteger allowance = Erc20.toUnits(limits.dailyCapUsdt(), usdtDecimals, RoundingMode.DOWN)
                    .max(order.amountIn());
            approval = live.erc20().approveIfShort(live.credentials(), path.get(0), settings.router(),
                    order.amountIn(),
                    allowance).orElse(null);
        } else {
            approval = live.erc20().approveIfShort(live.credentials(), path.get(0), settings.router(),
                    order.amountIn(),
                    order.amountIn()).orElse(null);
        }
        if (approval != null && !approval.mined()) {
            return new Signature(null, approval, null);
        }
        TxOutcome swap = live.router().swapExactTokensForTokens(live.credentials(), settings.router(),
                order.amountIn(), order.amountOutMin(), path, live.address(),
                live.node().deadlineAfter(settings.deadlineWindow()), beforeBroadcast);
        return new Signature(null, approval, swap);
    }

    /**
     * Books again, on the UTC day it was signed, a buy whose booking a stop of the process undid (the swap was sent,
     * the transaction that booked it never committed): a signed order counts against the daily cap whether it was
     * mined or not.
     */
    public void rebookSigned(String agentId, Instant signedAt, BigDecimal usdt) {
        LocalDate day = LocalDate.ofInstant(signedAt, ZoneOffset.UTC);
        SignedDay signed = em.find(SignedDay.class, SignedDay.idOf(agentId, day), LockModeType.PESSIMISTIC_WRITE);
        if (signed == null) {
            signed = SignedDay.open(agentId, day);
            em.persist(signed);
        }
        signed.book(usdt);
    }

    /**
     * The promotion's transaction: (re)approves the router for one day's cap of USDT, so the router can never pull
     * more than the daily cap from the wallet, and so a promotion has a first transaction to show. The session must
     * be active (the caller checked it under its lock); the chain id is checked before signing.
     */
    public TxOutcome approveRouterForTheDay(String agentId) {
        lease.fence();
        ChainSettings settings = live.settings();
        SignerPolicy policy = policy(agentId);
        BigDecimal cap = policy == null ? BigDecimal.ZERO : policy.dailyCapUsdt();
        return live.erc20().approve(live.credentials(), settings.usdt(), settings.router(),
                Erc20.toUnits(cap, live.decimals(settings.usdt()), RoundingMode.DOWN));
    }

    /**
     * Registers the agent's on-chain identity with {@code agentURI}: signed, like everything, only while the session
     * is active (its row locked until the caller's transaction ends) and on the configured chain. Whether to
     * register at all — never twice — is the caller's judgement.
     */
    public IdentityContract.Registration registerIdentity(String agentId, String registry, String agentURI) {
        if (!lockSession(agentId).isActive()) {
            throw new IllegalStateException("the signing session is revoked: nothing is signed, not even a registration");
        }
        lease.fence();
        return live.identity().register(live.credentials(), registry, agentURI);
    }

    private Signature refuse(SwapOrder order, String rule, String reason) {
        RiskBlock block = new RiskBlock(ids.next("blk"), order.agentId(), clock.instant(), RiskBlock.Layer.TWAK, rule,
                reason, order.token().pair(), order.orderRef(), order.configVersionId());
        em.persist(block);
        journal.append(JournalType.TWAK_BLOCK, List.of(rule, order.token().name()), "The signer refused "
                + order.side().wire() + " " + order.token().pair() + " order " + order.orderRef() + " (" + rule
                + "): " + reason + " Nothing was sent.", order.configVersionId());
        blocks.fire(block);
        return new Signature(block, null, null);
    }

    /** The agent's signing session as committed; a new installation's is active. */
    public SignerSession session(String agentId) {
        SignerSession session = em.find(SignerSession.class, agentId);
        if (session == null) {
            session = SignerSession.active(agentId, clock.instant());
            em.persist(session);
        }
        return session;
    }

    /**
     * The session locked until the caller's transaction ends: the kill switch and provisioning change it under this
     * lock, and a signature checks it under the same lock, so nothing is signed after a revocation commits.
     */
    public SignerSession lockSession(String agentId) {
        SignerSession session = em.find(SignerSession.class, agentId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            session = SignerSession.active(agentId, clock.instant());
            em.persist(session);
            em.flush();
        }
        return session;
    }

    /** The policy of an agent, created with the defaults and the given allowlist if it has none yet. */
    public SignerPolicy policy(String agentId, List<String> initialAllowlist) {
        SignerPolicy policy = em.find(SignerPolicy.class, agentId);
        if (policy == null) {
            policy = SignerPolicy.defaults(agentId, initialAllowlist);
            em.persist(policy);
        }
        return policy;
    }

    public SignerPolicy policy(String agentId) {
        return em.find(SignerPolicy.class, agentId);
    }

    /**
     * Syncs the allowlist to a new watchlist within the caller's transaction: it commits or rolls back together
     * with the config change, so allowlist ⊇ watchlist holds at every commit.
     */
    public SignerPolicy syncAllowlist(String agentId, List<String> watchlist) {
        SignerPolicy policy = em.find(SignerPolicy.class, agentId, LockModeType.PESSIMISTIC_WRITE);
        if (policy == null) {
            policy = SignerPolicy.defaults(agentId, watchlist);
            em.persist(policy);
        } else {
            policy.allowExactly(watchlist);
        }
        return policy;
    }
}
