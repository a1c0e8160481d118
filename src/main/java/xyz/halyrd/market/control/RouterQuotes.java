package xyz.halyrd.market.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.control.ConnectedChain;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * Executable quotes from the configured chain's v2 router: what a swap of the order's size would fill at now, by
 * {@code getAmountsOut}. A buy spends {@code sizeUsdt} along [USDT, token] and fills at size / tokens out; a sell
 * spends the token amount worth {@code sizeUsdt} at the pool's marginal price along [token, USDT] and fills at USDT
 * out / tokens in. Both prices are net of the pool's fee, as a swap fills.
 * <p>
 * The marginal price is a probe quote of a ten-thousandth of the size (the fee cancels between the two, so the price
 * impact is the curve's alone); the depth is the pool's USDT reserve that impact implies on a constant-product
 * pool (a buy of s moves the price by s / R, a sell by s / (R + s)); the quote's time is the latest block's; its gas
 * is the node's gas price times the swap's gas limit, in USDT at the router's WBNB price ({@code GasPrices}).
 * <p>
 * Never raises: a token without a contract in {@code halyrd.chain.tokens}, a path without a pool, or a node that
 * does not answer (or is on another chain) is an empty quote and a warning. The node is the application's one
 * {@link ChainConnection}, which connects again (or checks the node again) on the next quote.
 */
@Dependent // created with Market, which owns the one instance: a bad key stops the deployment
@Typed(RouterQuotes.class)
public class RouterQuotes implements MarketFeed {

    private static final Logger LOG = Logger.getLogger(RouterQuotes.class.getName());
    private static final MathContext PRICE = MathContext.DECIMAL64;
    /** The probe that measures the marginal price is this fraction of the order's size. */
    static final BigInteger PROBE_DIVISOR = BigInteger.valueOf(10_000);

    private ChainConnection connection;
    private ChainSettings settings;

    protected RouterQuotes() {
        // for the CDI proxy
    }

    /**
     * Quotes on the chain {@code connection} speaks to, connected on the first quote; its settings are read now: any
     * key missing or malformed stops the deployment with the key's name.
     */
    @Inject
    public RouterQuotes(ChainConnection connection) {
        this.connection = connection;
        this.settings = settingsOf(connection, "Router quotes");
    }

    /** The settings of the chain {@code connection} speaks to; misconfigured, {@code who} cannot start. */
    static ChainSettings settingsOf(ChainConnection connection, String who) {
        try {
            return connection.settings();
        } catch (ChainSettings.Unavailable e) {
            throw new IllegalStateException(who + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<Quote> quote(Token token, Side side, BigDecimal sizeUsdt) {
        Optional<String> address = settings.address(token.name());
        if (address.isEmpty()) {
            LOG.log(Level.WARNING, "No router quote for {0}: it has no contract in {1}",
                    new Object[] {token, ChainSettings.TOKENS});
            return Optional.empty();
        }
        if (sizeUsdt == null || sizeUsdt.signum() <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(connection.use(connected -> side == Side.BUY
                    ? buy(connected, token, address.get(), sizeUsdt) : sell(connected, token, address.get(), sizeUsdt)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "No router quote for {0} {1} {2} USDT: {3}",
                    new Object[] {side, token, sizeUsdt.toPlainString(), e.getMessage()});
            return Optional.empty();
        }
    }

    /** Spends {@code sizeUsdt}: the tokens it buys, and the marginal price of a probe a ten-thousandth its size. */
    private Quote buy(ConnectedChain connected, Token token, String address, BigDecimal sizeUsdt) {
        int usdtDecimals = connected.decimals(settings.usdt());
        int tokenDecimals = connected.decimals(address);
        List<String> path = List.of(settings.usdt(), address);
        BigInteger size = Erc20.toUnits(sizeUsdt, usdtDecimals, RoundingMode.DOWN);
        BigInteger probe = size.divide(PROBE_DIVISOR).max(BigInteger.ONE);
        BigDecimal marginal = price(probe, usdtDecimals, out(connected, probe, path), tokenDecimals);
        BigDecimal price = price(size, usdtDecimals, out(connected, size, path), tokenDecimals);
        BigDecimal impact = price.divide(marginal, PRICE).subtract(BigDecimal.ONE);
        // a buy of s on a pool of R USDT pays s / R more than the marginal price
        BigDecimal depth = impact.signum() > 0 ? sizeUsdt.divide(impact, PRICE) : null;
        return quote(connected, token, sizeUsdt, price, impact, depth);
    }

    /**
     * Sells the token amount worth {@code sizeUsdt} at the marginal price (a probe's: what a ten-thousandth of the
     * size buys, sold back): the USDT it brings.
     */
    private Quote sell(ConnectedChain connected, Token token, String address, BigDecimal sizeUsdt) {
        int usdtDecimals = connected.decimals(settings.usdt());
        int tokenDecimals = connected.decimals(address);
        BigInteger size = Erc20.toUnits(sizeUsdt, usdtDecimals, RoundingMode.DOWN);
        BigInteger probeTokens = out(connected, size.divide(PROBE_DIVISOR).max(BigInteger.ONE),
                List.of(settings.usdt(), address));
        List<String> path = List.of(address, settings.usdt());
        BigDecimal marginal = price(out(connected, probeTokens, path), usdtDecimals, probeTokens, tokenDecimals);
        BigInteger amount = Erc20.toUnits(sizeUsdt.divide(marginal, PRICE), tokenDecimals, RoundingMode.DOWN);
        BigDecimal price = price(out(connected, amount, path), usdtDecimals, amount, tokenDecimals);
        BigDecimal impact = BigDecimal.ONE.subtract(price.divide(marginal, PRICE));
        // a sell of s on a pool of R USDT gets s / (R + s) less than the marginal price: R = s (1 − impact) / impact
        BigDecimal depth = impact.signum() > 0
                ? sizeUsdt.multiply(BigDecimal.ONE.subtract(impact)).divide(impact, PRICE) : null;
        return quote(connected, token, sizeUsdt, price, impact, depth);
    }

    private Quote quote(ConnectedChain connected, Token token, BigDecimal sizeUsdt, BigDecimal price,
            BigDecimal impact, BigDecimal depth) {
        Instant at = Instant.ofEpochSecond(connected.node().latestBlockTime().longValueExact());
        BigDecimal impactPct = impact.max(BigDecimal.ZERO).movePointRight(2).round(PRICE);
        return new Quote(token, sizeUsdt, price.round(PRICE), impactPct,
                depth == null ? null : depth.setScale(2, RoundingMode.DOWN), at, true, // net of the pool's fee
                connected.gas().swapEstimateUsdt().orElse(null));
    }

    /** What {@code amountIn} yields at the end of {@code path}, by the router. */
    private BigInteger out(ConnectedChain connected, BigInteger amountIn, List<String> path) {
        List<BigInteger> amounts = connected.router().getAmountsOut(settings.router(), amountIn, path);
        BigInteger out = amounts.get(amounts.size() - 1);
        if (out.signum() <= 0) {
            throw new Node.Failure("the router quotes nothing for " + amountIn + " along " + path);
        }
        return out;
    }

    /** USDT per token: {@code usdt} units over {@code tokens} units. */
    private static BigDecimal price(BigInteger usdt, int usdtDecimals, BigInteger tokens, int tokenDecimals) {
        return Erc20.toAmount(usdt, usdtDecimals).divide(Erc20.toAmount(tokens, tokenDecimals), PRICE);
    }
}
