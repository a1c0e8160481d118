package xyz.halyrd.signer.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.platform.Decimals;

/**
 * The signing layer's rules, as pure functions of what the signer itself found out: its session, the node's chain
 * id, its own policy, its own router quote and its own ledger of the day. The policy layer's opinion is not an
 * input. Caps bound buys (USDT leaving the wallet for a token); a sell back to USDT only flattens risk, so it is
 * never capped (a cap must not trap a position), but every other rule holds for it.
 */
public final class SigningRules {

    public static final String SESSION_REVOKED = "session_revoked";
    public static final String CHAIN_ID = "chain_id";
    public static final String ALLOWLIST = "allowlist";
    public static final String PER_TRADE_CAP = "per_trade_cap";
    public static final String DAILY_CAP = "daily_cap";
    public static final String SLIPPAGE = "slippage";

    private SigningRules() {
    }

    /** The signer's limits, from its own persisted policy and the configured chain. */
    public record Limits(List<String> allowlist, BigDecimal perTradeCapUsdt, BigDecimal dailyCapUsdt,
            BigDecimal maxSlippagePct, long chainId) {
    }

    /**
     * One swap as the signer sees it: the token (symbol), whether it buys the token with USDT, its size in USDT
     * (the USDT in for a buy, the quoted USDT out for a sell), the signer's own quote of the output and the order's
     * least acceptable output, both in the output token's units.
     */
    public record Check(String orderRef, String token, boolean buy, BigDecimal sizeUsdt, BigInteger quotedOut,
            BigInteger amountOutMin, boolean sessionActive, long nodeChainId) {
    }

    /** Why the signer refused: the rule and its numbers. */
    public record Refusal(String rule, String reason) {
    }

    /** The first rule {@code check} breaks, given what was signed earlier the same UTC day; empty when it may be signed. */
    public static Optional<Refusal> judge(Check check, Limits limits, BigDecimal signedTodayUsdt) {
        String size = usdt(check.sizeUsdt());
        if (!check.sessionActive()) {
            return refuse(SESSION_REVOKED, "The TWAK signing session is revoked (kill switch): order "
                    + check.orderRef() + " of " + size + " is not signed.");
        }
        if (check.nodeChainId() != limits.chainId()) {
            return refuse(CHAIN_ID, "The node is on chain " + check.nodeChainId() + ", not the configured "
                    + limits.chainId() + ": nothing is signed.");
        }
        if (!limits.allowlist().contains(check.token())) {
            return refuse(ALLOWLIST, check.token() + " is not on the signing allowlist " + limits.allowlist() + ".");
        }
        if (check.buy() && check.sizeUsdt().compareTo(limits.perTradeCapUsdt()) > 0) {
            return refuse(PER_TRADE_CAP, "Order size " + size + " exceeds per-trade cap of "
                    + usdt(limits.perTradeCapUsdt()) + ".");
        }
        BigDecimal after = signedTodayUsdt.add(check.sizeUsdt());
        if (check.buy() && after.compareTo(limits.dailyCapUsdt()) > 0) {
            return refuse(DAILY_CAP, "Order size " + size + " on top of " + usdt(signedTodayUsdt)
                    + " signed today (UTC) would make " + usdt(after) + ", above the daily cap of "
                    + usdt(limits.dailyCapUsdt()) + ".");
        }
        BigInteger floor = SwapRouter.amountOutMin(check.quotedOut(), limits.maxSlippagePct());
        if (check.amountOutMin().compareTo(floor) < 0) {
            return refuse(SLIPPAGE, "The order accepts as little as " + check.amountOutMin() + " units, below "
                    + floor + " (the signer's quote " + check.quotedOut() + " less the "
                    + Decimals.percent(limits.maxSlippagePct()) + " slippage bound).");
        }
        return Optional.empty();
    }

    /** Exact, not rounded: a refusal at the boundary must show the numbers that decided it. */
    private static String usdt(BigDecimal amount) {
        return Decimals.plain(amount).toPlainString() + " USDT";
    }

    private static Optional<Refusal> refuse(String rule, String reason) {
        return Optional.of(new Refusal(rule, reason));
    }
}
