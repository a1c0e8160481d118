package xyz.halyrd.chain.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;
import xyz.halyrd.chain.entity.TxOutcome;

/** ERC-20 tokens on a {@link Node}: balances, allowances, decimals, approvals, and the Transfer events of a receipt. */
public class Erc20 {

    /**
     * Gas limits are fixed per kind of call rather than estimated, so a call that would revert still reaches the
     * chain and comes back as a receipt (estimation would refuse it off chain, with nothing to show for it).
     */
    public static final BigInteger APPROVE_GAS = BigInteger.valueOf(100_000);

    static final Event TRANSFER = new Event("Transfer", List.of(
            new TypeReference<Address>(true) { }, new TypeReference<Address>(true) { },
            new TypeReference<Uint256>() { }));
    private static final String TRANSFER_TOPIC = EventEncoder.encode(TRANSFER);

    private final Node node;

    public Erc20(Node node) {
        this.node = node;
    }

    public BigInteger balanceOf(String token, String owner) {
        return uint(call(token, "balanceOf", List.of(new Address(owner))));
    }

    public BigInteger allowance(String token, String owner, String spender) {
        return uint(call(token, "allowance", List.of(new Address(owner), new Address(spender))));
    }

    public int decimals(String token) {
        List<Type> out = node.call(new Function("decimals", List.of(), List.of(new TypeReference<Uint8>() { })), token);
        return ((Uint8) out.get(0)).getValue().intValueExact();
    }

    public TxOutcome approve(Credentials signer, String token, String spender, BigInteger amount) {
        Function approve = new Function("approve", List.of(new Address(spender), new Uint256(amount)),
                List.of(new TypeReference<Bool>() { }));
        return node.send(signer, token, FunctionEncoder.encode(approve), APPROVE_GAS);
    }

    /**
     * Approves {@code amount} for {@code spender} only if its allowance is below {@code needed}: the approval's
     * outcome, or empty when no transaction was needed.
     */
    public Optional<TxOutcome> approveIfShort(Credentials signer, String token, String spender, BigInteger needed,
            BigInteger amount) {
        if (amount.compareTo(needed) < 0) {
            throw new IllegalArgumentException("an approval of " + amount + " would still be short of " + needed);
        }
        if (allowance(token, signer.getAddress(), spender).compareTo(needed) >= 0) {
            return Optional.empty();
        }
        return Optional.of(approve(signer, token, spender, amount));
    }

    /** On-chain units as a decimal amount: 1500000000000000000 with 18 decimals is 1.5. Exact. */
    public static BigDecimal toAmount(BigInteger units, int decimals) {
        return new BigDecimal(units, decimals);
    }

    /** A decimal amount in on-chain units; {@code rounding} decides what happens to digits beyond {@code decimals}. */
    public static BigInteger toUnits(BigDecimal amount, int decimals, RoundingMode rounding) {
        return amount.setScale(decimals, rounding).unscaledValue();
    }

    /** ERC-20 Transfer events: from and to indexed, the value in data (ERC-721's, same topic0, indexes all three). */
    static List<TxOutcome.Erc20Transfer> transfers(List<Log> logs) {
        List<TxOutcome.Erc20Transfer> transfers = new ArrayList<>();
        for (Log log : logs) {
            List<String> topics = log.getTopics();
            if (topics == null || topics.size() != 3 || !TRANSFER_TOPIC.equalsIgnoreCase(topics.get(0))) {
                continue;
            }
            byte[] data = Numeric.hexStringToByteArray(log.getData() == null ? "" : log.getData());
            if (data.length != 32) {
                continue;
            }
            transfers.add(new TxOutcome.Erc20Transfer(log.getAddress(), topicAddress(topics.get(1)),
                    topicAddress(topics.get(2)), new BigInteger(1, data)));
        }
        return transfers;
    }

    private static String topicAddress(String topic) {
        String hex = Numeric.cleanHexPrefix(topic);
        return "0x" + hex.substring(hex.length() - 40);
    }

    private static BigInteger uint(List<Type> out) {
        return ((Uint256) out.get(0)).getValue();
    }

    private List<Type> call(String contract, String name, List<Type> args) {
        return node.call(new Function(name, args, List.of(new TypeReference<Uint256>() { })), contract);
    }

}
