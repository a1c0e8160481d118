package xyz.halyrd.chain.control;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * A Uniswap-v2-style pair (PancakeSwap's) on a {@link Node}: which of its tokens is {@code token0}, its reserves in a
 * given block, and its {@code Swap} events over a range of blocks.
 */
public class SwapPair {

    /** A v2 pair's swap: what went in and came out of each side, in the token's units. */
    static final Event SWAP = new Event("Swap", List.of(new TypeReference<Address>(true) { },
            new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
            new TypeReference<Uint256>() { }, new TypeReference<Address>(true) { }));
    private static final String SWAP_TOPIC = EventEncoder.encode(SWAP);

    private final Node node;

    public SwapPair(Node node) {
        this.node = node;
    }

    /** One {@code Swap} event, where it stands in the chain, and the amounts in units of token0 and token1. */
    public record Swap(long block, long logIndex, BigInteger amount0In, BigInteger amount1In, BigInteger amount0Out,
            BigInteger amount1Out) {
    }

    /** The pool's reserves of token0 and token1. */
    public record Reserves(BigInteger reserve0, BigInteger reserve1) {
    }

    /** The pair's token0 (the lower address of the two). */
    public String token0(String pair) {
        return ((Address) node.call(new Function("token0", List.of(), List.of(new TypeReference<Address>() { })),
                pair).get(0)).getValue();
    }

    /**
     * The reserves in the state of block {@code block}: the first two words of {@code getReserves()} (a v2 pair's
     * third, the time of its last update, is not needed).
     */
    @SuppressWarnings("rawtypes")
    public Reserves reserves(String pair, long block) {
        List<Type> out = node.call(new Function("getReserves", List.of(), List.of(new TypeReference<Uint256>() { },
                new TypeReference<Uint256>() { })), pair, DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
        return new Reserves(((Uint256) out.get(0)).getValue(), ((Uint256) out.get(1)).getValue());
    }

    /** The pair's swaps in blocks {@code from} to {@code to} (both included), in chain order. */
    public List<Swap> swaps(String pair, long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), pair);
        filter.addSingleTopic(SWAP_TOPIC);
        return node.logs(filter, "Swap").stream().map(SwapPair::swap).toList();
    }

    @SuppressWarnings("rawtypes")
    private static Swap swap(Log log) {
        List<Type> amounts = FunctionReturnDecoder.decode(log.getData(), SWAP.getNonIndexedParameters());
        if (amounts.size() != 4) {
            throw new Node.Failure("a Swap event without its four amounts in block " + log.getBlockNumber());
        }
        return new Swap(log.getBlockNumber().longValueExact(), log.getLogIndex().longValueExact(), uint(amounts, 0),
                uint(amounts, 1), uint(amounts, 2), uint(amounts, 3));
    }

    @SuppressWarnings("rawtypes")
    private static BigInteger uint(List<Type> values, int index) {
        return ((Uint256) values.get(index)).getValue();
    }
}
