package xyz.halyrd.portfolio.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.AgentStatus;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.GasPrices;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.cluster.control.LeaseLost;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Decimals;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.portfolio.entity.EquitySnapshot;
import xyz.halyrd.portfolio.entity.LivePosition;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.SentSwap;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.risk.entity.RiskRules;
import xyz.halyrd.signer.control.LiveChain;
import xyz.halyrd.signer.control.Signature;
import xyz.halyrd.signer.control.Signer;
import xyz.halyrd.signer.control.SwapOrder;
import xyz.halyrd.signer.entity.SignerPolicy;

/**
 * Live execution: the same decisions the paper loop takes, as real swaps through the {@link Signer} on the
 * configured chain, while the agent is LIVE. The order's least output is the router's executable quote
 * ({@code getAmountsOut}) less the signer's slippage bound; the fill — price, size, gas — is what the receipt's
 * transfers say. A transaction that reverted, was rejected or has no receipt in time is journaled
 * ({@code LIVE_TX_FAILED}) with its hash and leaves the positions as they were; it is never resent. Live positions
 * ({@link LivePosition}) and the live risk figures (an {@link Account} row of its own) are kept apart from paper.
 * <p>
 * Gas is paid in the native coin (BNB) and counted in USDT at the router's WBNB/USDT price ({@link GasPrices}), or
 * at {@code halyrd.chain.native-price-usdt} where the router cannot give one; the journal entry names which.
 */
@Singleton
@Lock(LockType.READ) // each order is its own transaction; the signer serializes signatures with its row locks
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class LiveExecutor {

    /** The live risk figures (peak, day opening) live in an account row of this id suffix, apart from paper's. */
    static final String LIVE_ACCOUNT_SUFFIX = "@live";
    private static final MathContext PRICE = new MathContext(10);

    @PersistenceContext
    EntityManager em;

    @jakarta.annotation.Resource
    jakarta.ejb.SessionContext context;

    @Inject
    Clock clock;

    @Inject
    Ids ids;

    @Inject
    Journal journal;

    @Inject
    AgentRegistry agents;

    @Inject
    LiveChain live;

    @Inject
    Signer signer;

    @Inject
    Lease lease;

    @Inject
    Reconciliation reconciliation;

    @Inject
    Event<Trade> trades;

    @Inject
    Portfolio portfolio;

    /** Whether live orders go out now: the agent LIVE, the chain connected, the books reconciled. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean active(String agentId) {
        return agents.require(agentId).status() == AgentStatus.LIVE && live.connected()
                && reconciliation.mismatch().isEmpty();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<LivePosition> positions(String agentId) {
        return em.createNamedQuery(LivePosition.OF_AGENT, LivePosition.class).setParameter("agent", agentId)
                .getResultList();
    }

    /**
     * Buys {@code token} on chain for the paper order's {@code spendUsdt}, or less when the wallet holds less or the
     * signer's per-trade cap is lower, if the agent is live and holds none of it yet.
     */
    public Optional<Trade> buy(String agentId, Token token, BigDecimal spendUsdt, BigDecimal riskTakenUsdt, String why,
            String orderRef, String configVersionId) {
        if (!ready(agentId, token, orderRef, configVersionId) || !settled(agentId, token, orderRef, configVersionId)
                || held(agentId, token).isPresent()) {
            return Optional.empty();
        }
        ChainSettings settings = live.settings();
        Optional<String> address = settings.address(token.name());
        int usdtDecimals = live.decimals(settings.usdt());
        BigInteger amountIn = Erc20.toUnits(spendUsdt, usdtDecimals, RoundingMode.DOWN)
                .min(live.erc20().balanceOf(settings.usdt(), live.address()));
        SignerPolicy policy = signer.policy(agentId);
        if (policy != null) { // sized within the signer's per-trade cap, which the signer still checks itself
            amountIn = amountIn.min(Erc20.toUnits(policy.perTradeCapUsdt(), usdtDecimals, RoundingMode.DOWN));
        }
        if (amountIn.signum() <= 0) {
            journal.append(JournalType.LIVE_SKIPPED, List.of(token.name()), "No live order " + orderRef + " for "
                    + token.pair() + ": the wallet holds no USDT.", configVersionId);
            return Optional.empty();
        }
        BigInteger minOut = address.isEmpty() ? BigInteger.ZERO
                : minOut(agentId, amountIn, List.of(settings.usdt(), address.get()));
        BigDecimal signedUsdt = Erc20.toAmount(amountIn, usdtDecimals);
        Signature signature = signer.sign(new SwapOrder(agentId, orderRef, token, Side.BUY, amountIn, minOut,
                configVersionId), signed -> self().remember(SentSwap.of(signed, agentId, orderRef, token, Side.BUY,
                        signedUsdt, riskTakenUsdt, why, configVersionId, clock.instant())));
        Optional<TxOutcome> swap = mined(signature, token, Side.BUY, orderRef, configVersionId);
        if (swap.isEmpty() || !claim(swap.get().txHash())) {
            return Optional.empty();
        }
        return Optional.of(bookBuy(agentId, token, swap.get(), gasWei(signature), riskTakenUsdt, why, orderRef,
                configVersionId));
    }

    /** Books a mined buy: the trade, its EXECUTED entry and the live position, as the receipt's transfers say. */
    private Trade bookBuy(String agentId, Token token, TxOutcome swap, BigInteger gasWei, BigDecimal riskTakenUsdt,
            String why, String orderRef, String configVersionId) {
        ChainSettings settings = live.settings();
        String address = settings.address(token.name()).orElseThrow();
        int usdtDecimals = live.decimals(settings.usdt());
        String me = live.address();
        BigDecimal paid = Erc20.toAmount(swap.sent(settings.usdt(), me), usdtDecimals);
        BigInteger units = swap.received(address, me);
        BigDecimal quantity = Erc20.toAmount(units, live.decimals(address));
        GasPrices.NativePrice bnb = live.gas().nativePrice();
        BigDecimal gas = bnb.usdtOf(gasWei);
        BigDecimal price = paid.divide(quantity, PRICE);
        PaperFills.Fill fill = new PaperFills.Fill(price, quantity, usdt(paid), usdt(gas), usdt(paid.add(gas)).negate());
        Instant now = clock.instant();
        JournalEntry entry = journal.append(JournalType.EXECUTED, List.of(token.name(), "BUY", "LIVE"),
                "Bought " + token.pair() + " on chain: " + Decimals.usdt(paid) + " for "
                + quantity.stripTrailingZeros().toPlainString() + " " + token + " at " + price.toPlainString()
                + " (gas " + Decimals.usdt(gas) + ", " + bnb.inWords() + "; the pool fee is in the price), tx "
                + swap.txHash() + ". " + why, configVersionId);
        Trade trade = Trade.opening(ids.next("trd"), agentId, now, token, fill, riskTakenUsdt, Phase.LIVE, orderRef,
                entry.id(), configVersionId);
        em.persist(trade);
        em.persist(LivePosition.opened(ids.next("lps"), agentId, token, units, quantity, usdt(paid.add(gas)), price,
                now, trade.id(), swap.txHash()));
        trades.fire(trade);
        return trade;
    }

    /** Sells the whole live position in {@code token}, if the agent is live and holds one. */
    public Optional<Trade> sell(String agentId, Token token, String why, String orderRef, String configVersionId) {
        if (!isLive(agentId)) { // every paper exit comes here: no live-position read unless the agent is live
            return Optional.empty();
        }
        if (!settled(agentId, token, orderRef, configVersionId)) {
            return Optional.empty();
        }
        Optional<LivePosition> held = held(agentId, token);
        if (held.isEmpty() || !ready(agentId, token, orderRef, configVersionId)) {
            return Optional.empty();
        }
        return sell(agentId, held.get(), why, orderRef, configVersionId);
    }

    private Optional<Trade> sell(String agentId, LivePosition position, String why, String orderRef,
            String configVersionId) {
        Token token = position.token();
        ChainSettings settings = live.settings();
        String address = settings.address(token.name()).orElseThrow();
        BigInteger minOut = minOut(agentId, position.units(), List.of(address, settings.usdt()));
        Signature signature = signer.sign(new SwapOrder(agentId, orderRef, token, Side.SELL, position.units(), minOut,
                configVersionId), signed -> self().remember(SentSwap.of(signed, agentId, orderRef, token, Side.SELL,
                        BigDecimal.ZERO, null, why, configVersionId, clock.instant())));
        Optional<TxOutcome> swap = mined(signature, token, Side.SELL, orderRef, configVersionId);
        if (swap.isEmpty() || !claim(swap.get().txHash())) {
            return Optional.empty();
        }
        return Optional.of(bookSell(agentId, position, swap.get(), gasWei(signature), why, orderRef, configVersionId));
    }

    /** Books a mined sell of the whole {@code position}: the closing trade, its EXECUTED entry; the position goes. */
    private Trade bookSell(String agentId, LivePosition position, TxOutcome swap, BigInteger gasWei, String why,
            String orderRef, String configVersionId) {
        Token token = position.token();
        ChainSettings settings = live.settings();
        String me = live.address();
        BigDecimal got = Erc20.toAmount(swap.received(settings.usdt(), me), live.decimals(settings.usdt()));
        GasPrices.NativePrice bnb = live.gas().nativePrice();
        BigDecimal gas = bnb.usdtOf(gasWei);
        BigDecimal proceeds = usdt(got.subtract(gas));
        BigDecimal price = got.divide(position.quantity(), PRICE);
        PaperFills.Fill fill = new PaperFills.Fill(price, position.quantity(), usdt(got), usdt(gas), proceeds);
        BigDecimal pnl = proceeds.subtract(position.costUsdt());
        Instant now = clock.instant();
        JournalEntry entry = journal.append(JournalType.EXECUTED, List.of(token.name(), "SELL", "LIVE"),
                "Sold " + token.pair() + " on chain: " + position.quantity().stripTrailingZeros()
                .toPlainString() + " " + token + " for " + Decimals.usdt(got) + " at " + price.toPlainString()
                + " (gas " + Decimals.usdt(gas) + ", " + bnb.inWords() + "), realised " + Decimals.usdt(pnl) + ", tx "
                + swap.txHash() + ". " + why, configVersionId);
        Trade trade = Trade.closing(ids.next("trd"), agentId, now, token, position.openedAt(), pnl, fill, null,
                Phase.LIVE, orderRef, entry.id(), configVersionId);
        em.persist(trade);
        em.remove(em.contains(position) ? position : em.merge(position));
        trades.fire(trade);
        return trade;
    }

    /**
     * Keeps the record of a swap about to be sent, committed before it leaves (its own transaction): if the process
     * stops before the fill is booked, the record says there is a swap to settle from the chain.
     */
    public void remember(SentSwap sent) {
        em.persist(sent);
    }

    /** The swaps sent and neither booked nor settled, oldest first. */
    public List<SentSwap> unsettled(String agentId) {
        return em.createNamedQuery(SentSwap.OF_AGENT, SentSwap.class).setParameter("agent", agentId).getResultList();
    }

    /**
     * Settles every swap a stopped process sent and never booked, each from the chain by its hash in a transaction of
     * its own: a mined one is booked (once: its record goes in the same transaction), a reverted or forgotten one
     * journaled. Returns those the node still holds unmined. Runs at start and before every live order.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<SentSwap> settleUnbooked(String agentId) {
        LiveExecutor self = self();
        List<SentSwap> pending = new java.util.ArrayList<>();
        for (SentSwap sent : self.unsettled(agentId)) {
            self.settle(sent.txHash()).ifPresent(pending::add);
        }
        return pending;
    }

    /**
     * Settles one swap left unbooked (see {@link #settleUnbooked}); the record if it is still undecided. Fenced as
     * every fill is: only the holder of the trading lease settles, or even calls a record undecided, so a node that
     * does not trade never books a swap the trading node has just sent and is about to book itself, nor holds back an
     * order for it ({@link LeaseLost}, nothing of it kept).
     */
    public Optional<SentSwap> settle(String txHash) {
        SentSwap sent = em.find(SentSwap.class, txHash, LockModeType.PESSIMISTIC_WRITE);
        if (sent == null) { // booked or settled meanwhile
            return Optional.empty();
        }
        TxOutcome.Status standing = live.node().standing(txHash);
        lease.fence(); // before anything is decided; the lease row stays this node's until the booking commits
        if (standing == TxOutcome.Status.NOT_MINED) {
            return Optional.of(sent);
        }
        if (sent.signedUsdt().signum() > 0) { // the stop undid the signer's booking too; a signed buy counts
            signer.rebookSigned(sent.agentId(), sent.sentAt(), sent.signedUsdt());
        }
        String agentId = sent.agentId();
        Token token = sent.token();
        String after = " (Sent before the process stopped, settled from the chain after the restart.)";
        TxOutcome outcome = standing == TxOutcome.Status.REJECTED ? sent.asSent()
                : live.node().outcome(sent.asSent());
        if (outcome.mined() && sent.side() == Side.BUY) {
            bookBuy(agentId, token, outcome, outcome.fee(), sent.riskTakenUsdt(), sent.why() + after,
                    sent.orderRef(), sent.configVersionId());
        } else if (outcome.mined() && held(agentId, token).isPresent()) {
            bookSell(agentId, held(agentId, token).get(), outcome, outcome.fee(), sent.why() + after,
                    sent.orderRef(), sent.configVersionId());
        } else {
            journal.append(JournalType.LIVE_TX_FAILED, List.of(token.name(), sent.side().name(),
                    outcome.status().name()), "Live order " + sent.orderRef() + ": the swap of " + sent.side().wire()
                    + " " + token.pair() + " sent before the process stopped (tx " + txHash + ") "
                    + (outcome.mined() ? "was mined, but no live position in " + token + " was open to close"
                            : outcome.onChain() ? "reverted" : "never reached the chain: the node does not know it")
                    + ". Positions are unchanged; the order is not resent.", sent.configVersionId());
        }
        em.remove(sent);
        return Optional.empty();
    }

    /**
     * Whether no swap of {@code token} sent earlier is left undecided after settling those a stop left unbooked: while
     * one is, no further order of the token is sent (it would act on a position the books do not know yet).
     */
    private boolean settled(String agentId, Token token, String orderRef, String configVersionId) {
        Optional<SentSwap> open = self().settleUnbooked(agentId).stream().filter(s -> s.token() == token).findFirst();
        if (open.isPresent()) {
            journal.append(JournalType.LIVE_SKIPPED, List.of(token.name()), "No live order " + orderRef + " for "
                    + token.pair() + ": the swap sent before a restart (tx " + open.get().txHash() + ") is not mined"
                    + " yet, and nothing more is sent until it is.", configVersionId);
            return false;
        }
        return true;
    }

    /**
     * Takes the record of the swap {@code txHash} for booking it in this transaction, locked until the commit; false
     * if a settlement has booked it already.
     */
    private boolean claim(String txHash) {
        SentSwap sent = em.find(SentSwap.class, txHash, LockModeType.PESSIMISTIC_WRITE);
        if (sent == null) {
            return false;
        }
        em.remove(sent);
        return true;
    }

    private LiveExecutor self() {
        return context.getBusinessObject(LiveExecutor.class);
    }

    /**
     * Sells every live position back to USDT, each in its own transaction, as a live drawdown breach requires
     * before the demotion. Returns how many remain held (a refused or failed sell leaves its position).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int flatten(String agentId, String why, String configVersionId) {
        // the positions are read through the container, each read in a transaction of its own: the EntityManager
        // outside a transaction was closed twice now and then (once by the nested sells) and failed the flattening
        LiveExecutor self = context.getBusinessObject(LiveExecutor.class);
        for (LivePosition position : self.positions(agentId)) {
            self.sell(agentId, position.token(), why, ids.next("ord"), configVersionId);
        }
        return self.positions(agentId).size();
    }

    /** Whether the live equity curve takes points now ({@link #snapshot}): the agent LIVE and the chain connected. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean snapshotsLive(String agentId) {
        return agents.require(agentId).status() == AgentStatus.LIVE && live.connected();
    }

    /**
     * A point of the live equity curve (phase {@code live}): the wallet's USDT plus each live position at the
     * router's executable quote; marks the live peak and day opening. Empty unless the agent is LIVE and connected,
     * asked again here in this transaction: a person or a breach may have changed the status since the caller asked.
     */
    public Optional<EquitySnapshot> snapshot(String agentId, RiskRules rules, String configVersionId) {
        if (!snapshotsLive(agentId)) {
            return Optional.empty();
        }
        ChainSettings settings = live.settings();
        int usdtDecimals = live.decimals(settings.usdt());
        BigDecimal equity = Erc20.toAmount(live.erc20().balanceOf(settings.usdt(), live.address()), usdtDecimals);
        for (LivePosition position : positions(agentId)) {
            List<BigInteger> out = live.router().getAmountsOut(settings.router(), position.units(),
                    List.of(settings.address(position.token().name()).orElseThrow(), settings.usdt()));
            equity = equity.add(Erc20.toAmount(out.get(out.size() - 1), usdtDecimals));
        }
        equity = usdt(equity);
        Instant now = clock.instant();
        String accountId = agentId + LIVE_ACCOUNT_SUFFIX;
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            account = Account.open(accountId, equity.signum() > 0 ? equity : BigDecimal.ONE, now);
            em.persist(account);
        }
        return Optional.of(portfolio.snapshot(agentId, account, equity, rules, Phase.LIVE, configVersionId));
    }

    /** The live figures start afresh from the next snapshot (a new promotion starts a new live run). */
    public void restartLiveFigures(String agentId) {
        Account account = em.find(Account.class, agentId + LIVE_ACCOUNT_SUFFIX, LockModeType.PESSIMISTIC_WRITE);
        if (account != null) {
            em.remove(account);
        }
    }

    private boolean isLive(String agentId) {
        return agents.require(agentId).status() == AgentStatus.LIVE;
    }

    private boolean ready(String agentId, Token token, String orderRef, String configVersionId) {
        if (!isLive(agentId)) {
            return false;
        }
        String why = !live.connected() ? live.unavailableReason()
                : reconciliation.mismatch().map(m -> "live is locked until the wallet and the books agree: " + m)
                        .orElse(null);
        if (why != null) {
            journal.append(JournalType.LIVE_SKIPPED, List.of(token.name()), "No live order " + orderRef + " for "
                    + token.pair() + ": " + why, configVersionId);
            return false;
        }
        return true;
    }

    private Optional<LivePosition> held(String agentId, Token token) {
        return positions(agentId).stream().filter(p -> p.token() == token).findFirst();
    }

    /** The router's executable quote along {@code path}, less the signer's slippage bound. */
    private BigInteger minOut(String agentId, BigInteger amountIn, List<String> path) {
        List<BigInteger> quote = live.router().getAmountsOut(live.settings().router(), amountIn, path);
        SignerPolicy policy = signer.policy(agentId);
        BigDecimal slippage = policy == null ? SignerPolicy.DEFAULT_MAX_SLIPPAGE_PCT : policy.maxSlippagePct();
        return SwapRouter.amountOutMin(quote.get(quote.size() - 1), slippage);
    }

    /** The mined swap, or empty after journaling why there is none (a refusal is journaled by the signer). */
    private Optional<TxOutcome> mined(Signature signature, Token token, Side side, String orderRef,
            String configVersionId) {
        if (signature.refused()) {
            return Optional.empty();
        }
        TxOutcome failed = signature.approval() != null && !signature.approval().mined() ? signature.approval()
                : signature.swap().mined() ? null : signature.swap();
        if (failed == null) {
            return Optional.of(signature.swap());
        }
        if (failed == signature.swap() && !claim(failed.txHash())) {
            return Optional.empty(); // settled meanwhile
        }
        String what = failed == signature.approval() ? "the router approval for" : "the swap of";
        journal.append(JournalType.LIVE_TX_FAILED, List.of(token.name(), side.name(), failed.status().name()),
                "Live order " + orderRef + ": " + what + " " + side.wire() + " " + token.pair() + " was "
                + failed.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (tx "
                + failed.txHash() + (failed.onChain() ? ", gas " + gasInWords(failed.fee()) : "")
                + (failed.error() == null ? "" : ", " + failed.error()) + "). Positions are unchanged; the order is"
                + " not resent" + (failed.status() == TxOutcome.Status.NOT_MINED ? " (it may still be mined: look"
                + " the hash up before acting)" : "") + ".", configVersionId);
        return Optional.empty();
    }

    /** The gas the signature's transactions paid, in wei: the swap's, and the approval's if one went before it. */
    private static BigInteger gasWei(Signature signature) {
        BigInteger gas = signature.swap().fee();
        return signature.approval() == null ? gas : gas.add(signature.approval().fee());
    }

    /** {@code wei} of gas in USDT for the journal, with what priced it. */
    private String gasInWords(BigInteger wei) {
        GasPrices.NativePrice bnb = live.gas().nativePrice();
        return Decimals.usdt(bnb.usdtOf(wei)) + " (" + bnb.inWords() + ")";
    }

    private static BigDecimal usdt(BigDecimal amount) {
        return amount.setScale(PaperFills.USDT_SCALE, RoundingMode.HALF_EVEN);
    }
}
