package xyz.halyrd.chain.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import xyz.halyrd.chain.entity.ChainSettings;

/**
 * Gas in USDT on a {@link ConnectedChain}. Gas is paid in the chain's native coin (BNB); one coin is worth what the
 * router's wrapped-native/USDT pool gives for it ({@code getAmountsOut(1 BNB, [WETH(), USDT])}, as a swap of it
 * would fill), or, where the router names no wrapped native coin, has no such pool or the node cannot say, the
 * configured {@code halyrd.chain.native-price-usdt}. The price says which of the two it is.
 */
public final class GasPrices {

    private static final Logger LOG = Logger.getLogger(GasPrices.class.getName());
    /** Every EVM chain's native coin has 18 decimals: one coin in wei. */
    static final int NATIVE_DECIMALS = 18;
    static final BigInteger ONE_NATIVE = BigInteger.TEN.pow(NATIVE_DECIMALS);

    /** What priced the native coin, by the name the journal gives it ({@code gas_priced_by}). */
    public enum Source {
        /** The router's wrapped-native/USDT pool. */
        ROUTER,
        /** {@code halyrd.chain.native-price-usdt}. */
        CONFIGURED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** USDT per native coin, and what said so. */
    public record NativePrice(BigDecimal usdt, Source source) {

        /** {@code wei} of the native coin in USDT, exactly (no rounding). */
        public BigDecimal usdtOf(BigInteger wei) {
            return new BigDecimal(wei, NATIVE_DECIMALS).multiply(usdt);
        }

        /** For the journal: {@code gas_priced_by: router, 1 BNB = 598.38 USDT}. */
        public String inWords() {
            return "gas_priced_by: " + source.wire() + ", 1 BNB = " + usdt.stripTrailingZeros().toPlainString()
                    + " USDT";
        }
    }

    private final ConnectedChain chain;
    /** The router's {@code WETH()}, asked until it answers once (it never changes). */
    private volatile String wrapped;
    /** The source of the last price, so a change of source is logged once, not on every price. */
    private volatile Source last;

    GasPrices(ConnectedChain chain) {
        this.chain = chain;
    }

    /** The native coin's price now: the router's, or the configured one where the router cannot give it. */
    public NativePrice nativePrice() {
        ChainSettings settings = chain.settings();
        String why;
        try {
            String wnative = wrappedNative();
            List<BigInteger> out = chain.router().getAmountsOut(settings.router(), ONE_NATIVE,
                    List.of(wnative, settings.usdt()));
            BigInteger usdt = out.get(out.size() - 1);
            if (usdt.signum() > 0) {
                return priced(new NativePrice(Erc20.toAmount(usdt, chain.decimals(settings.usdt())), Source.ROUTER),
                        null);
            }
            why = "the router quotes nothing for 1 BNB";
        } catch (Node.Failure e) {
            why = e.getMessage();
        }
        return priced(new NativePrice(settings.nativePriceUsdt(), Source.CONFIGURED), why);
    }

    /**
     * What a swap of one hop would cost in gas before it is sent: the node's gas price times the swap's gas limit
     * ({@link SwapRouter#SWAP_GAS_PER_HOP}, what the signer allows it), at {@link #nativePrice()}; empty when the
     * node does not say its gas price.
     */
    public Optional<BigDecimal> swapEstimateUsdt() {
        BigInteger gasPrice;
        try {
            gasPrice = chain.node().gasPrice();
        } catch (Node.Failure e) {
            LOG.log(Level.FINE, "No gas price from the node: {0}", e.getMessage());
            return Optional.empty();
        }
        return Optional.of(nativePrice().usdtOf(gasPrice.multiply(SwapRouter.SWAP_GAS_PER_HOP)));
    }

    private String wrappedNative() {
        String known = wrapped;
        if (known == null) {
            known = chain.router().wrappedNative(chain.settings().router());
            wrapped = known;
        }
        return known;
    }

    private NativePrice priced(NativePrice price, String why) {
        if (price.source() != last) {
            last = price.source();
            LOG.log(Level.INFO, "Gas in USDT: {0}{1}", new Object[] {price.inWords(),
                    why == null ? "" : " (" + ChainSettings.NATIVE_PRICE + "; the router's price: " + why + ")"});
        }
        return price;
    }
}
