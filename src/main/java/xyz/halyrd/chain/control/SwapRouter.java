package xyz.halyrd.chain.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Consumer;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import xyz.halyrd.chain.entity.TxOutcome;

/**
 * A Uniswap-v2-style router (PancakeSwap's) on a {@link Node}: executable quotes along a path, exact-in swaps, and the
 * pool of a pair of tokens through the router's factory.
 */
public class SwapRouter {

    /** The gas limit of a swap, per hop of its path (fixed, for the reason {@link Erc20#APPROVE_GAS} gives). */
    public static final BigInteger SWAP_GAS_PER_HOP = BigInteger.valueOf(250_000);

    private final Node node;

    public SwapRouter(Node node) {
        this.node = node;
    }

    /** The router's executable quote along {@code path}: the input first, then what each hop yields. */
    public List<BigInteger> getAmountsOut(String router, BigInteger amountIn, List<String> path) {
        Function quote = new Function("getAmountsOut", List.of(new Uint256(amountIn), addresses(path)),
                List.of(new TypeReference<DynamicArray<Uint256>>() { }));
        @SuppressWarnings("unchecked")
        DynamicArray<Uint256> amounts = (DynamicArray<Uint256>) node.call(quote, router).get(0);
        return amounts.getValue().stream().map(Uint256::getValue).toList();
    }

    /** The wrapped native coin the router trades the chain's coin as ({@code WETH()}: WBNB on PancakeSwap v2). */
    public String wrappedNative(String router) {
        Function weth = new Function("WETH", List.of(), List.of(new TypeReference<Address>() { }));
        return ((Address) node.call(weth, router).get(0)).getValue();
    }

    /**
     * The pool of two tokens, as the router's factory knows it ({@code factory()} on the router, {@code getPair} on
     * the factory); a {@link Node.Failure} when there is none.
     */
    public String pair(String router, String tokenA, String tokenB) {
        String factory = address(node.call(new Function("factory", List.of(), List.of(new TypeReference<Address>() { })),
                router));
        String pair = address(node.call(new Function("getPair", List.of(new Address(tokenA), new Address(tokenB)),
                List.of(new TypeReference<Address>() { })), factory));
        if (new BigInteger(Numeric.cleanHexPrefix(pair), 16).signum() == 0) {
            throw new Node.Failure("the factory " + factory + " has no pool of " + tokenA + " and " + tokenB);
        }
        return pair;
    }

    @SuppressWarnings("rawtypes")
    private static String address(List<Type> out) {
        return ((Address) out.get(0)).getValue();
    }

    /**
     * Swaps exactly {@code amountIn} of {@code path[0]} for at least {@code amountOutMin} of the path's last token,
     * paid to {@code to}, if mined no later than {@code deadline} (seconds, see {@link Node#deadlineAfter}). The router
     * must already be allowed to take {@code amountIn}.
     */
    public TxOutcome swapExactTokensForTokens(Credentials signer, String router, BigInteger amountIn,
            BigInteger amountOutMin, List<String> path, String to, BigInteger deadline) {
        return swapExactTokensForTokens(signer, router, amountIn, amountOutMin, path, to, deadline, signed -> { });
    }

    /** As above, telling {@code beforeBroadcast} of the signed swap before it is sent ({@link Node#send}). */
    public TxOutcome swapExactTokensForTokens(Credentials signer, String router, BigInteger amountIn,
            BigInteger amountOutMin, List<String> path, String to, BigInteger deadline,
            Consumer<TxOutcome> beforeBroadcast) {
        if (path.size() < 2) {
            throw new IllegalArgumentException("a swap path needs at least two tokens: " + path);
        }
        Function swap = new Function("swapExactTokensForTokens",
                List.of(new Uint256(amountIn), new Uint256(amountOutMin), addresses(path), new Address(to),
                        new Uint256(deadline)),
                List.of(new TypeReference<DynamicArray<Uint256>>() { }));
        BigInteger gas = SWAP_GAS_PER_HOP.multiply(BigInteger.valueOf(path.size() - 1L));
        return node.send(signer, router, FunctionEncoder.encode(swap), gas, beforeBroadcast);
    }

    /**
     * The least output a swap may accept: the quoted output less the slippage bound (in percent), rounded up so the
     * bound is never looser than asked.
     */
    public static BigInteger amountOutMin(BigInteger quotedOut, BigDecimal maxSlippagePct) {
        if (maxSlippagePct.signum() < 0 || maxSlippagePct.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new IllegalArgumentException("slippage bound must be in [0, 100) percent: " + maxSlippagePct);
        }
        BigDecimal keep = BigDecimal.ONE.subtract(maxSlippagePct.movePointLeft(2));
        return new BigDecimal(quotedOut).multiply(keep).setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }

    private static DynamicArray<Address> addresses(List<String> path) {
        return new DynamicArray<>(Address.class, path.stream().map(Address::new).toList());
    }

}
