package xyz.halyrd.portfolio.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * A live swap signed and about to be sent, written in a transaction of its own before its bytes leave for the node
 * and removed in the transaction that books its fill (or its failure). A row that outlives its order means the
 * process stopped while the receipt was awaited: the swap may be on chain and not in the books. It is settled from
 * the chain by its hash — booked if mined, journaled if not — before any further live order, never sent again.
 */
@Entity
@Table(name = "SENT_SWAP")
@NamedQuery(name = SentSwap.OF_AGENT, query = "SELECT s FROM SentSwap s WHERE s.agentId = :agent ORDER BY s.sentAt")
public class SentSwap {

    public static final String OF_AGENT = "SentSwap.ofAgent";
    public static final int MAX_WHY = 2000;

    @Id
    @Column(name = "TX_HASH", length = 66, updatable = false)
    private String txHash;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Column(name = "ORDER_REF", length = 40, nullable = false, updatable = false)
    private String orderRef;

    @Enumerated(EnumType.STRING)
    @Column(name = "TOKEN", length = 16, nullable = false, updatable = false)
    private Token token;

    @Enumerated(EnumType.STRING)
    @Column(name = "SIDE", length = 8, nullable = false, updatable = false)
    private Side side;

    @Column(name = "SENT_AT", nullable = false, updatable = false)
    private Instant sentAt;

    /** What the signer booked against its daily cap for this swap (the USDT of a buy; zero for a sell). */
    @Column(name = "SIGNED_USDT", precision = 24, scale = 8, nullable = false, updatable = false)
    private BigDecimal signedUsdt;

    @Column(name = "RISK_TAKEN_USDT", precision = 24, scale = 8, updatable = false)
    private BigDecimal riskTakenUsdt;

    @Column(name = "FROM_ADDRESS", length = 42, nullable = false, updatable = false)
    private String from;

    @Column(name = "NONCE", length = 80, nullable = false, updatable = false)
    private String nonce;

    @Column(name = "GAS_LIMIT", length = 80, nullable = false, updatable = false)
    private String gasLimit;

    @Column(name = "GAS_PRICE", length = 80, nullable = false, updatable = false)
    private String gasPrice;

    @Column(name = "WHY", length = MAX_WHY, nullable = false, updatable = false)
    private String why;

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    protected SentSwap() {
    }

    /** The record of {@code signed}, the swap of {@code order}, before it is sent. */
    public static SentSwap of(TxOutcome signed, String agentId, String orderRef, Token token, Side side,
            BigDecimal signedUsdt, BigDecimal riskTakenUsdt, String why, String configVersionId, Instant now) {
        SentSwap sent = new SentSwap();
        sent.txHash = Objects.requireNonNull(signed.txHash());
        sent.agentId = Objects.requireNonNull(agentId);
        sent.orderRef = Objects.requireNonNull(orderRef);
        sent.token = Objects.requireNonNull(token);
        sent.side = Objects.requireNonNull(side);
        sent.sentAt = Objects.requireNonNull(now);
        sent.signedUsdt = Objects.requireNonNull(signedUsdt);
        sent.riskTakenUsdt = riskTakenUsdt;
        sent.from = signed.from();
        sent.nonce = signed.nonce().toString();
        sent.gasLimit = signed.gasLimit().toString();
        sent.gasPrice = signed.gasPrice().toString();
        sent.why = why == null ? "" : why.length() <= MAX_WHY ? why : why.substring(0, MAX_WHY);
        sent.configVersionId = configVersionId;
        return sent;
    }

    /** The swap as sent, undecided: what the node is asked about again. */
    public TxOutcome asSent() {
        return new TxOutcome(TxOutcome.Status.NOT_MINED, txHash, from, new BigInteger(nonce), new BigInteger(gasLimit),
                new BigInteger(gasPrice), null, null, null, List.of(), List.of(), null);
    }

    public String txHash() {
        return txHash;
    }

    public String agentId() {
        return agentId;
    }

    public String orderRef() {
        return orderRef;
    }

    public Token token() {
        return token;
    }

    public Side side() {
        return side;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public BigDecimal signedUsdt() {
        return signedUsdt;
    }

    public BigDecimal riskTakenUsdt() {
        return riskTakenUsdt;
    }

    public String why() {
        return why;
    }

    public String configVersionId() {
        return configVersionId;
    }
}
