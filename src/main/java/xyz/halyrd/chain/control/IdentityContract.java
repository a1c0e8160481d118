package xyz.halyrd.chain.control;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;
import xyz.halyrd.chain.entity.TxOutcome;

/** An ERC-8004 identity registry on a {@link Node}: registering the agent, and reading who it is. */
public class IdentityContract {

    static final BigInteger REGISTER_GAS_BASE = BigInteger.valueOf(200_000);
    static final BigInteger REGISTER_GAS_PER_WORD = BigInteger.valueOf(25_000); // a new storage slot plus log data
    static final Event REGISTERED = new Event("Registered", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Utf8String>() { },
            new TypeReference<Address>(true) { }));
    private static final String REGISTERED_TOPIC = EventEncoder.encode(REGISTERED);

    private final Node node;

    public IdentityContract(Node node) {
        this.node = node;
    }

    /** An identity registration: the agent id from the receipt's Registered event, if it was mined. */
    public record Registration(TxOutcome tx, Optional<BigInteger> agentId) {
    }

    /** Registers a new agent identity owned by the signer; every call mints a new one (idempotence is the caller's). */
    public Registration register(Credentials signer, String registry, String agentURI) {
        Function register = new Function("register", List.of(new Utf8String(agentURI)),
                List.of(new TypeReference<Uint256>() { }));
        int words = (agentURI.getBytes(StandardCharsets.UTF_8).length + 31) / 32;
        BigInteger gas = REGISTER_GAS_BASE.add(REGISTER_GAS_PER_WORD.multiply(BigInteger.valueOf(words)));
        TxOutcome tx = node.send(signer, registry, FunctionEncoder.encode(register), gas);
        return new Registration(tx, registeredAgentId(tx, registry));
    }

    /** The agent id of a Registered event that {@code registry} emitted in this receipt, if any. */
    public static Optional<BigInteger> registeredAgentId(TxOutcome tx, String registry) {
        if (!tx.mined()) {
            return Optional.empty();
        }
        return tx.logs().stream()
                .filter(log -> TxOutcome.same(log.getAddress(), registry))
                .filter(log -> log.getTopics().size() == 3 && REGISTERED_TOPIC.equalsIgnoreCase(log.getTopics().get(0)))
                .map(log -> Numeric.toBigInt(log.getTopics().get(1)))
                .findFirst();
    }

    /**
     * The identity {@code owner} registered on {@code registry}, read from the chain's own record (its first
     * {@code Registered} event with that owner), so a registration that was mined but never booked — a crash between
     * the receipt and the commit — is found instead of minted twice. Scans from the genesis block: fine locally and
     * on a registry's own deployment range; a production registry with a long history wants an indexer.
     */
    public Optional<BigInteger> registeredBy(String registry, String owner) {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, registry);
        filter.addSingleTopic(REGISTERED_TOPIC);
        filter.addNullTopic();
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(owner), 64));
        return node.logs(filter, "Registered").stream()
                .filter(log -> log.getTopics().size() == 3)
                .map(log -> Numeric.toBigInt(log.getTopics().get(1)))
                .findFirst();
    }

    public String ownerOf(String registry, BigInteger agentId) {
        List<Type> out = node.call(new Function("ownerOf", List.of(new Uint256(agentId)),
                List.of(new TypeReference<Address>() { })), registry);
        return ((Address) out.get(0)).getValue();
    }

    public String agentURI(String registry, BigInteger agentId) {
        List<Type> out = node.call(new Function("agentURI", List.of(new Uint256(agentId)),
                List.of(new TypeReference<Utf8String>() { })), registry);
        return ((Utf8String) out.get(0)).getValue();
    }

}
