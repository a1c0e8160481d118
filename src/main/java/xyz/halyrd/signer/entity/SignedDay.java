package xyz.halyrd.signer.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The signer's own ledger of one agent's UTC day: the USDT of the buys it signed, which the daily cap bounds. It
 * only grows: a signed order counts whether it was then mined, reverted or never mined, since it could have been.
 */
@Entity
@Table(name = "SIGNED_DAY")
public class SignedDay {

    @Id
    @Column(name = "ID", length = 80, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Column(name = "SIGNING_DAY", nullable = false, updatable = false)
    private LocalDate day;

    @Column(name = "SIGNED_USDT", precision = 24, scale = 8, nullable = false)
    private BigDecimal signedUsdt;

    @Column(name = "ORDERS", nullable = false)
    private int orders;

    protected SignedDay() {
    }

    public static String idOf(String agentId, LocalDate day) {
        return agentId + "/" + day;
    }

    public static SignedDay open(String agentId, LocalDate day) {
        SignedDay signed = new SignedDay();
        signed.agentId = Objects.requireNonNull(agentId);
        signed.day = Objects.requireNonNull(day);
        signed.id = idOf(agentId, day);
        signed.signedUsdt = BigDecimal.ZERO;
        return signed;
    }

    /** Books one signed buy of {@code sizeUsdt}. */
    public void book(BigDecimal sizeUsdt) {
        if (sizeUsdt.signum() <= 0) {
            throw new IllegalArgumentException("a signed order has a positive size, not " + sizeUsdt);
        }
        signedUsdt = signedUsdt.add(sizeUsdt);
        orders++;
    }

    public String agentId() {
        return agentId;
    }

    public LocalDate day() {
        return day;
    }

    public BigDecimal signedUsdt() {
        return signedUsdt;
    }

    public int orders() {
        return orders;
    }
}
