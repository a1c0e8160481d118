package xyz.halyrd.signer.control;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Halyrd's way onto an EVM chain through web3j: reads (balances, allowances, router quotes, identities) and the
 * transactions live mode signs (ERC-20 approve, v2-router swap, ERC-8004 register), each signed locally, sent raw
 * with an explicit nonce and the node's legacy gas price, and waited for with a bounded timeout.
 * <p>
 * Fail-closed: before anything is signed, the node's {@code eth_chainId} must equal the configured id (a node
 * silently drops a transaction signed for another chain). Nothing is ever resent: a transaction without a receipt
 * in time is reported {@link TxOutcome.Status#NOT_MINED} with its hash, to be looked up again by {@link #outcome}.
 * <p>
 * Keys stay with the caller's {@link Credentials}; nothing here logs a key or a password.
 */
public class Chain implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Chain.class.getName());

    /** Gas limits are fixed per kind of call rather than estimated, so a call that would revert still reaches the
     * chain and comes back as a receipt (estimation would refuse it off chain, with nothing to show for it). Each is
     * well above what the calls use on PancakeSwap-like contracts. */
    public static final BigInteger APPROVE_GAS = BigInteger.valueOf(100_000);
    public static final BigInteger SWAP_GAS_PER_HOP = BigInteger.valueOf(250_000);
    static final BigInteger REGISTER_GAS_BASE = BigInteger.valueOf(200_000);
    static final BigInteger REGISTER_GAS_PER_WORD = BigInteger.valueOf(25_000); // a new storage slot plus log data

    static final Event ERC20_TRANSFER = new Event("Transfer", List.of(
            new TypeReference<Address>(true) { }, new TypeReference<Address>(true) { },
            new TypeReference<Uint256>() { }));
    static final Event REGISTERED = new Event("Registered", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Utf8String>() { },
            new TypeReference<Address>(true) { }));
    private static final String TRANSFER_TOPIC = EventEncoder.encode(ERC20_TRANSFER);
    private static final String REGISTERED_TOPIC = EventEncoder.encode(REGISTERED);

    private final Web3j web3j;
    private final String rpcUrl;
    private final long expectedChainId;
    private final Duration receiptTimeout;
    private final Duration pollInterval;

    /**
     * @param rpcUrl          the node's JSON-RPC URL (http or https)
     * @param expectedChainId the chain the agent signs for: 1337 locally, 56 on BSC
     * @param receiptTimeout  how long to wait for a receipt before reporting NOT_MINED
     */
    public Chain(String rpcUrl, long expectedChainId, Duration receiptTimeout) {
        if (receiptTimeout.isNegative() || receiptTimeout.isZero()) {
            throw new IllegalArgumentException("receipt timeout must be positive: " + receiptTimeout);
        }
        this.rpcUrl = rpcUrl;
        this.expectedChainId = expectedChainId;
        this.receiptTimeout = receiptTimeout;
        // A fraction of the timeout, between 50 ms (local node) and 1 s (a few polls per BSC block).
        long pollMillis = Math.max(50, Math.min(1000, receiptTimeout.toMillis() / 20));
        this.pollInterval = Duration.ofMillis(pollMillis);
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .callTimeout(15, TimeUnit.SECONDS)
                .build();
        this.web3j = Web3j.build(new HttpService(rpcUrl, http));
    }

    public long expectedChainId() {
        return expectedChainId;
    }

    public Duration receiptTimeout() {
        return receiptTimeout;
    }

    // ---------------------------------------------------------------------------------------------- node state

    /** The node's chain id, as it says ({@code eth_chainId}). */
    public long chainId() {
        return answer(() -> web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
    }

    /** Throws {@link WrongChain} unless the node is on the configured chain. Called before every signature. */
    public void requireExpectedChain() {
        long actual = chainId();
        if (actual != expectedChainId) {
            throw new WrongChain(expectedChainId, actual, where(rpcUrl));
        }
    }

    /** The next nonce of {@code address}, counting its transactions still in the pool. */
    public BigInteger pendingNonce(String address) {
        return answer(() -> web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send(),
                "eth_getTransactionCount").getTransactionCount();
    }

    /** The native coin (BNB, ETH) balance in wei. */
    public BigInteger nativeBalance(String address) {
        return answer(() -> web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send(), "eth_getBalance")
                .getBalance();
    }

    /** The latest block's timestamp, seconds since the epoch. */
    public BigInteger latestBlockTime() {
        return answer(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(),
                "eth_getBlockByNumber").getBlock().getTimestamp();
    }

    /**
     * A swap deadline {@code window} after the chain's present: the latest block's time, or the local clock when
     * that is later. A development node that mines only on demand keeps an old latest block while idle, and a
     * deadline counted from it alone could already have passed when the transaction is mined.
     */
    public BigInteger deadlineAfter(Duration window) {
        BigInteger now = latestBlockTime().max(BigInteger.valueOf(Instant.now().getEpochSecond()));
        return now.add(BigInteger.valueOf(window.toSeconds()));
    }

    // --------------------------------------------------------------------------------------------------- ERC-20

    public BigInteger balanceOf(String token, String owner) {
        return uint(call(token, "balanceOf", List.of(new Address(owner))));
    }

    public BigInteger allowance(String token, String owner, String spender) {
        return uint(call(token, "allowance", List.of(new Address(owner), new Address(spender))));
    }

    public int decimals(String token) {
        List<Type> out = call(new Function("decimals", List.of(), List.of(new TypeReference<Uint8>() { })), token);
        return ((Uint8) out.get(0)).getValue().intValueExact();
    }

    public TxOutcome approve(Credentials signer, String token, String spender, BigInteger amount) {
        Function approve = new Function("approve", List.of(new Address(spender), new Uint256(amount)),
                List.of(new TypeReference<Bool>() { }));
        return send(signer, token, FunctionEncoder.encode(approve), APPROVE_GAS);
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

    // --------------------------------------------------------------------------------------------------- router

    /** The router's executable quote along {@code path}: the input first, then what each hop yields. */
    public List<BigInteger> getAmountsOut(String router, BigInteger amountIn, List<String> path) {
        Function quote = new Function("getAmountsOut", List.of(new Uint256(amountIn), addresses(path)),
                List.of(new TypeReference<DynamicArray<Uint256>>() { }));
        @SuppressWarnings("unchecked")
        DynamicArray<Uint256> amounts = (DynamicArray<Uint256>) call(quote, router).get(0);
        return amounts.getValue().stream().map(Uint256::getValue).toList();
    }

    /**
     * Swaps exactly {@code amountIn} of {@code path[0]} for at least {@code amountOutMin} of the path's last token,
     * paid to {@code to}, if mined no later than {@code deadline} (seconds, see {@link #deadlineAfter}). The router
     * must already be allowed to take {@code amountIn}.
     */
    public TxOutcome swapExactTokensForTokens(Credentials signer, String router, BigInteger amountIn,
            BigInteger amountOutMin, List<String> path, String to, BigInteger deadline) {
        if (path.size() < 2) {
            throw new IllegalArgumentException("a swap path needs at least two tokens: " + path);
        }
        Function swap = new Function("swapExactTokensForTokens",
                List.of(new Uint256(amountIn), new Uint256(amountOutMin), addresses(path), new Address(to),
                        new Uint256(deadline)),
                List.of(new TypeReference<DynamicArray<Uint256>>() { }));
        BigInteger gas = SWAP_GAS_PER_HOP.multiply(BigInteger.valueOf(path.size() - 1L));
        return send(signer, router, FunctionEncoder.encode(swap), gas);
    }

    // ------------------------------------------------------------------------------------ identity (ERC-8004)

    /** An identity registration: the agent id from the receipt's Registered event, if it was mined. */
    public record Registration(TxOutcome tx, Optional<BigInteger> agentId) {
    }

    /** Registers a new agent identity owned by the signer; every call mints a new one (idempotence is the caller's). */
    public Registration register(Credentials signer, String registry, String agentURI) {
        Function register = new Function("register", List.of(new Utf8String(agentURI)),
                List.of(new TypeReference<Uint256>() { }));
        int words = (agentURI.getBytes(StandardCharsets.UTF_8).length + 31) / 32;
        BigInteger gas = REGISTER_GAS_BASE.add(REGISTER_GAS_PER_WORD.multiply(BigInteger.valueOf(words)));
        TxOutcome tx = send(signer, registry, FunctionEncoder.encode(register), gas);
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
        org.web3j.protocol.core.methods.request.EthFilter filter = new org.web3j.protocol.core.methods.request.EthFilter(
                DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, registry);
        filter.addSingleTopic(REGISTERED_TOPIC);
        filter.addNullTopic();
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(owner), 64));
        var logs = answer(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs Registered").getLogs();
        return logs.stream().map(result -> (Log) result.get())
                .filter(log -> log.getTopics().size() == 3)
                .map(log -> Numeric.toBigInt(log.getTopics().get(1)))
                .findFirst();
    }

    /**
     * Where a transaction sent earlier stands now, without waiting: MINED or REVERTED from its receipt, NOT_MINED
     * while the node still holds it, REJECTED once the node has forgotten it (dropped: it may be sent again).
     */
    public TxOutcome.Status standing(String txHash) {
        Optional<TransactionReceipt> receipt = answer(() -> web3j.ethGetTransactionReceipt(txHash).send(),
                "eth_getTransactionReceipt").getTransactionReceipt();
        if (receipt.isPresent()) {
            return receipt.get().isStatusOK() ? TxOutcome.Status.MINED : TxOutcome.Status.REVERTED;
        }
        return answer(() -> web3j.ethGetTransactionByHash(txHash).send(), "eth_getTransactionByHash")
                .getTransaction().isPresent() ? TxOutcome.Status.NOT_MINED : TxOutcome.Status.REJECTED;
    }

    public String ownerOf(String registry, BigInteger agentId) {
        List<Type> out = call(new Function("ownerOf", List.of(new Uint256(agentId)),
                List.of(new TypeReference<Address>() { })), registry);
        return ((Address) out.get(0)).getValue();
    }

    public String agentURI(String registry, BigInteger agentId) {
        List<Type> out = call(new Function("agentURI", List.of(new Uint256(agentId)),
                List.of(new TypeReference<Utf8String>() { })), registry);
        return ((Utf8String) out.get(0)).getValue();
    }

    // ------------------------------------------------------------------------------------ amounts and prices

    /** On-chain units as a decimal amount: 1500000000000000000 with 18 decimals is 1.5. Exact. */
    public static BigDecimal toAmount(BigInteger units, int decimals) {
        return new BigDecimal(units, decimals);
    }

    /** A decimal amount in on-chain units; {@code rounding} decides what happens to digits beyond {@code decimals}. */
    public static BigInteger toUnits(BigDecimal amount, int decimals, RoundingMode rounding) {
        return amount.setScale(decimals, rounding).unscaledValue();
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

    // -------------------------------------------------------------------------------------------- transactions

    /**
     * Signs and sends one legacy transaction from {@code signer} to {@code to} with {@code data}, then waits for its
     * receipt. The chain id is checked first; the nonce is the signer's pending count; the gas price the node's.
     */
    public TxOutcome send(Credentials signer, String to, String data, BigInteger gasLimit) {
        requireExpectedChain();
        String from = signer.getAddress();
        BigInteger nonce = pendingNonce(from);
        BigInteger gasPrice = answer(() -> web3j.ethGasPrice().send(), "eth_gasPrice").getGasPrice();
        RawTransaction raw = RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, BigInteger.ZERO, data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, expectedChainId, signer));
        Sent sent = new Sent(Hash.sha3(signed), from, nonce, gasLimit, gasPrice);

        EthSendTransaction response;
        try {
            response = web3j.ethSendRawTransaction(signed).send();
        } catch (IOException e) {
            // The node may have taken it before the connection failed: wait for a receipt, never resend.
            LOG.log(Level.WARNING, "Sending tx {0} failed ({1}); waiting for a receipt anyway",
                    new Object[] {sent.hash, e.getMessage()});
            return awaitReceipt(sent, e.getMessage());
        }
        if (response.hasError()) {
            String message = response.getError().getMessage();
            if (!alreadyKnown(message)) {
                LOG.log(Level.WARNING, "Node rejected tx {0} (nonce {1}): {2}",
                        new Object[] {sent.hash, String.valueOf(nonce), message});
                return sent.outcome(TxOutcome.Status.REJECTED, null, message);
            }
        } else if (response.getTransactionHash() != null
                && !response.getTransactionHash().equalsIgnoreCase(sent.hash)) {
            // Never expected: the hash is of the very bytes sent. Trust the node's, say so.
            LOG.log(Level.WARNING, "Node reports hash {0} for tx {1}",
                    new Object[] {response.getTransactionHash(), sent.hash});
        }
        return awaitReceipt(sent, null);
    }

    /**
     * Looks up a transaction sent earlier (typically NOT_MINED) once more: its outcome now, waiting at most the
     * receipt timeout. It is never resent.
     */
    public TxOutcome outcome(TxOutcome earlier) {
        return awaitReceipt(new Sent(earlier.txHash(), earlier.from(), earlier.nonce(), earlier.gasLimit(),
                earlier.gasPrice()), earlier.error());
    }

    private record Sent(String hash, String from, BigInteger nonce, BigInteger gasLimit, BigInteger gasPrice) {

        TxOutcome outcome(TxOutcome.Status status, TransactionReceipt receipt, String error) {
            if (receipt == null) {
                return new TxOutcome(status, hash, from, nonce, gasLimit, gasPrice, null, null, null, List.of(),
                        List.of(), error);
            }
            BigInteger effective = receipt.getEffectiveGasPrice() == null || receipt.getEffectiveGasPrice().isBlank()
                    ? gasPrice : Numeric.decodeQuantity(receipt.getEffectiveGasPrice());
            List<Log> logs = receipt.getLogs() == null ? List.of() : receipt.getLogs();
            return new TxOutcome(status, hash, from, nonce, gasLimit, gasPrice, receipt.getBlockNumber(),
                    receipt.getGasUsed(), effective, transfers(logs), logs, error);
        }
    }

    private TxOutcome awaitReceipt(Sent sent, String error) {
        long deadline = System.nanoTime() + receiptTimeout.toNanos();
        for (;;) {
            Optional<TransactionReceipt> receipt = receipt(sent.hash);
            if (receipt.isPresent()) {
                TransactionReceipt r = receipt.get();
                TxOutcome.Status status = succeeded(r) ? TxOutcome.Status.MINED : TxOutcome.Status.REVERTED;
                LOG.log(status == TxOutcome.Status.MINED ? Level.INFO : Level.WARNING,
                        "Tx {0} {1} in block {2}, gas {3}",
                        new Object[] {sent.hash, status, String.valueOf(r.getBlockNumber()),
                                String.valueOf(r.getGasUsed())});
                return sent.outcome(status, r, error);
            }
            if (System.nanoTime() - deadline >= 0) {
                LOG.log(Level.WARNING, "Tx {0} (nonce {1}) has no receipt after {2}",
                        new Object[] {sent.hash, String.valueOf(sent.nonce), receiptTimeout});
                return sent.outcome(TxOutcome.Status.NOT_MINED, null, error);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return sent.outcome(TxOutcome.Status.NOT_MINED, null, "interrupted while waiting for the receipt");
            }
        }
    }

    /** The receipt, if the node has one; a transport failure while polling counts as "not yet". */
    private Optional<TransactionReceipt> receipt(String hash) {
        try {
            var response = web3j.ethGetTransactionReceipt(hash).send();
            return response.hasError() ? Optional.empty() : response.getTransactionReceipt();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Receipt poll for {0} failed: {1}", new Object[] {hash, e.getMessage()});
            return Optional.empty();
        }
    }

    /**
     * Whether a receipt says the transaction succeeded. Nodes spell the status differently ("0x1", "0x01", "1", and
     * "0x0", "0x", "0x00"); a receipt without one (pre-Byzantium) counts as success only if it has logs, since a
     * reverted transaction never leaves any.
     */
    static boolean succeeded(TransactionReceipt receipt) {
        String status = receipt.getStatus();
        if (status == null || status.isBlank()) {
            return receipt.getLogs() != null && !receipt.getLogs().isEmpty();
        }
        String digits = status.trim().toLowerCase(Locale.ROOT);
        if (digits.equals("true") || digits.equals("false")) {
            return Boolean.parseBoolean(digits);
        }
        digits = digits.startsWith("0x") ? digits.substring(2) : digits;
        try {
            return !digits.isEmpty() && new BigInteger(digits, 16).signum() != 0;
        } catch (NumberFormatException e) {
            return false;
        }
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

    private static boolean alreadyKnown(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("already known") || m.contains("known transaction");
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Scheme, host and port of an RPC URL: providers put API keys in the path or query, which must not be logged. */
    static String where(String rpcUrl) {
        try {
            URI uri = URI.create(rpcUrl);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(unparseable RPC URL)";
        }
    }

    private static DynamicArray<Address> addresses(List<String> path) {
        return new DynamicArray<>(Address.class, path.stream().map(Address::new).toList());
    }

    private static BigInteger uint(List<Type> out) {
        return ((Uint256) out.get(0)).getValue();
    }

    private List<Type> call(String contract, String name, List<Type> args) {
        return call(new Function(name, args, List.of(new TypeReference<Uint256>() { })), contract);
    }

    /** A read-only call at the latest block, decoded; a revert or an empty answer (no contract there) is a Failure. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Type> call(Function function, String contract) {
        Transaction tx = Transaction.createEthCallTransaction(null, contract, FunctionEncoder.encode(function));
        EthCall response = answer(() -> web3j.ethCall(tx, DefaultBlockParameterName.LATEST).send(),
                "eth_call " + function.getName());
        if (response.isReverted()) {
            throw new Failure("eth_call " + function.getName() + " at " + contract + " reverted: "
                    + response.getRevertReason());
        }
        List<Type> out = FunctionReturnDecoder.decode(response.getValue(), function.getOutputParameters());
        if (out.isEmpty()) {
            throw new Failure("eth_call " + function.getName() + " at " + contract
                    + " returned nothing (no contract there?)");
        }
        return out;
    }

    private interface Request<R extends Response<?>> {
        R send() throws IOException;
    }

    private static <R extends Response<?>> R answer(Request<R> request, String what) {
        R response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new Failure(what + ": the node did not answer (" + e.getMessage() + ")", e);
        }
        if (response.hasError()) {
            throw new Failure(what + ": " + response.getError().getMessage());
        }
        return response;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** The node could not be asked, or refused a read. Nothing was signed. */
    public static class Failure extends RuntimeException {
        public Failure(String message) {
            super(message);
        }

        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The node is on another chain than configured: nothing is signed or sent. */
    public static final class WrongChain extends Failure {
        private final long expected;
        private final long actual;

        WrongChain(long expected, long actual, String node) {
            super("The node at " + node + " is on chain " + actual + ", not the configured " + expected
                    + ": refusing to sign");
            this.expected = expected;
            this.actual = actual;
        }

        public long expected() {
            return expected;
        }

        public long actual() {
            return actual;
        }
    }
}
