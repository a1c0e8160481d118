package xyz.halyrd;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.lifecycle.control.DrawdownWatch;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.entity.SentSwap;
import xyz.halyrd.portfolio.entity.Trade;
import xyz.halyrd.signer.control.LiveChain;
import xyz.halyrd.signer.control.Signature;
import xyz.halyrd.signer.control.Signer;
import xyz.halyrd.signer.control.SwapOrder;

/**
 * Test-only door for the live tests (added to the live deployment only): places live orders as the cycle does,
 * hands the signer orders of a chosen shape, and pulls the kill switch between the quote and the signature. Each
 * method runs without a transaction of its own, so every step commits as it would in production.
 */
@Stateless
@Path("live-probe")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LiveProbe {

    @Inject
    LiveExecutor executor;

    @Inject
    Signer signer;

    @Inject
    LiveChain live;

    @Inject
    Lifecycle lifecycle;

    @Inject
    DrawdownWatch drawdowns;

    @Inject
    ConfigVersions versions;

    @Inject
    Ids ids;

    @Inject
    java.time.Clock clock;

    /** {"token", "spend"}: the live side of a cycle's entry. */
    @POST
    @Path("buy")
    public JsonObject buy(JsonObject body) {
        String orderRef = ids.next("ord");
        Optional<Trade> trade = executor.buy("seed", Token.valueOf(body.getString("token")),
                body.getJsonNumber("spend").bigDecimalValue(), BigDecimal.ONE, "probe entry.", orderRef,
                versions.requireCurrent().id());
        return answer(orderRef, trade);
    }

    /** {"token"}: the live side of a cycle's exit. */
    @POST
    @Path("sell")
    public JsonObject sell(JsonObject body) {
        String orderRef = ids.next("ord");
        return answer(orderRef, executor.sell("seed", Token.valueOf(body.getString("token")), "probe exit.",
                orderRef, versions.requireCurrent().id()));
    }

    /**
     * {"token", "spend", "slippage_pct"}: a buy signed directly with the least output set {@code slippage_pct} below
     * the router's quote (more than the signer's bound must be refused).
     */
    @POST
    @Path("sign")
    public JsonObject sign(JsonObject body) {
        Token token = Token.valueOf(body.getString("token"));
        BigInteger amountIn = Erc20.toUnits(body.getJsonNumber("spend").bigDecimalValue(), 18, RoundingMode.DOWN);
        BigInteger minOut = SwapRouter.amountOutMin(quote(token, amountIn),
                body.getJsonNumber("slippage_pct").bigDecimalValue());
        return signature(token, amountIn, minOut, false);
    }

    /** {"token", "spend"}: quotes, then the kill switch commits, then the signer is asked to sign. */
    @POST
    @Path("kill-between-quote-and-signature")
    public JsonObject killBetween(JsonObject body) {
        Token token = Token.valueOf(body.getString("token"));
        BigInteger amountIn = Erc20.toUnits(body.getJsonNumber("spend").bigDecimalValue(), 18, RoundingMode.DOWN);
        BigInteger minOut = SwapRouter.amountOutMin(quote(token, amountIn), BigDecimal.ONE);
        return signature(token, amountIn, minOut, true);
    }

    /**
     * {"token", "signed_usdt"}: what a process stopped between keeping a buy's record and sending its bytes leaves (a
     * record of a swap the node never saw, its daily-cap booking undone), then the settlement a restart runs:
     * {"hash", "undecided": how many records are left}.
     */
    @POST
    @Path("unsent-record")
    public JsonObject unsentRecord(JsonObject body) {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        String hash = org.web3j.utils.Numeric.toHexString(bytes);
        TxOutcome signed = new TxOutcome(TxOutcome.Status.NOT_MINED, hash, live.address(),
                live.node().pendingNonce(live.address()), BigInteger.valueOf(250_000), live.node().gasPrice(), null,
                null, null, List.of(), List.of(), null);
        executor.remember(SentSwap.of(signed, "seed", ids.next("ord"), Token.valueOf(body.getString("token")),
                Side.BUY, body.getJsonNumber("signed_usdt").bigDecimalValue(), BigDecimal.ONE, "probe entry.",
                versions.requireCurrent().id(), clock.instant()));
        return Json.createObjectBuilder().add("hash", hash)
                .add("undecided", executor.settleUnbooked("seed").size()).build();
    }

    /** The live risk check after a snapshot, as the cycle runs it: {"breached": rule|null}. */
    @POST
    @Path("risk-check")
    public JsonObject riskCheck() {
        Optional<String> rule = drawdowns.live("seed");
        return rule.map(r -> Json.createObjectBuilder().add("breached", r).build())
                .orElse(Json.createObjectBuilder().addNull("breached").build());
    }

    private BigInteger quote(Token token, BigInteger amountIn) {
        List<BigInteger> out = live.router().getAmountsOut(live.settings().router(), amountIn,
                List.of(live.settings().usdt(), live.settings().address(token.name()).orElseThrow()));
        return out.get(out.size() - 1);
    }

    private JsonObject signature(Token token, BigInteger amountIn, BigInteger minOut, boolean killFirst) {
        String orderRef = ids.next("ord");
        if (killFirst) {
            lifecycle.killSwitch("seed", "probe: between quote and signature");
        }
        Signature signature = signer.sign(new SwapOrder("seed", orderRef, token, Side.BUY, amountIn, minOut,
                versions.requireCurrent().id()));
        JsonObjectBuilder out = Json.createObjectBuilder().add("order_ref", orderRef);
        if (signature.refused()) {
            out.add("refused", signature.refusal().rule());
        } else {
            out.addNull("refused").add("swap_status", signature.swap() == null ? "NONE"
                    : signature.swap().status().name());
        }
        return out.build();
    }

    private static JsonObject answer(String orderRef, Optional<Trade> trade) {
        JsonObjectBuilder out = Json.createObjectBuilder().add("order_ref", orderRef);
        if (trade.isEmpty()) {
            return out.addNull("trade").build();
        }
        Trade t = trade.get();
        return out.add("trade", Json.createObjectBuilder().add("side", t.side().wire()).add("phase", t.phase().wire())
                .add("size_usdt", t.sizeUsdt()).add("quantity", t.quantity()).add("fees_usdt", t.feesUsdt())
                .add("price", t.price()).add("journal_ref", t.journalRef())).build();
    }
}
