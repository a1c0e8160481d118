package xyz.halyrd.signer.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import xyz.halyrd.platform.Decimals;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The signing layer's own limits (TWAK, "physics"): which tokens may be swapped at all, how large one trade and
 * one UTC day's volume may be, and how much slippage a swap may accept. Kept apart from the agent's config so that
 * the signer never has to trust it.
 */
@Entity
@Table(name = "SIGNER_POLICY")
public class SignerPolicy {

    public static final BigDecimal DEFAULT_PER_TRADE_CAP_USDT = new BigDecimal("500");
    public static final BigDecimal DEFAULT_DAILY_CAP_USDT = new BigDecimal("2000");
    public static final BigDecimal DEFAULT_MAX_SLIPPAGE_PCT = new BigDecimal("1.0");
    private static final String SEP = ",";

    @Id
    @Column(name = "AGENT_ID", length = 64, updatable = false)
    private String agentId;

    @Column(name = "ALLOWLIST", length = 400, nullable = false)
    private String allowlist;

    @Column(name = "PER_TRADE_CAP_USDT", precision = 19, scale = 6, nullable = false)
    private BigDecimal perTradeCapUsdt;

    @Column(name = "DAILY_CAP_USDT", precision = 19, scale = 6, nullable = false)
    private BigDecimal dailyCapUsdt;

    @Column(name = "MAX_SLIPPAGE_PCT", precision = 9, scale = 4, nullable = false)
    private BigDecimal maxSlippagePct;

    protected SignerPolicy() {
    }

    /** The default policy for an agent: the given allowlist, 500 USDT per trade, 2000 USDT a day, 1 % slippage. */
    public static SignerPolicy defaults(String agentId, Collection<String> allowlist) {
        SignerPolicy policy = new SignerPolicy();
        policy.agentId = Objects.requireNonNull(agentId);
        policy.allowlist = String.join(SEP, allowlist);
        policy.perTradeCapUsdt = DEFAULT_PER_TRADE_CAP_USDT;
        policy.dailyCapUsdt = DEFAULT_DAILY_CAP_USDT;
        policy.maxSlippagePct = DEFAULT_MAX_SLIPPAGE_PCT;
        return policy;
    }

    /**
     * Makes the allowlist exactly the watchlist: the tightest set that is still a superset of it, so a token
     * dropped from the watchlist can no longer be swapped either.
     */
    public void allowExactly(Collection<String> watchlist) {
        if (watchlist.isEmpty()) {
            throw new IllegalArgumentException("the allowlist covers at least the watchlist");
        }
        this.allowlist = String.join(SEP, watchlist);
    }


    public String agentId() {
        return agentId;
    }

    public List<String> allowlist() {
        return Arrays.stream(allowlist.split(SEP)).toList();
    }

    public BigDecimal perTradeCapUsdt() {
        return Decimals.plain(perTradeCapUsdt);
    }

    public BigDecimal dailyCapUsdt() {
        return Decimals.plain(dailyCapUsdt);
    }

    public BigDecimal maxSlippagePct() {
        return Decimals.plain(maxSlippagePct);
    }
}
