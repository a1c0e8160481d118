package xyz.halyrd.chain.control;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import xyz.halyrd.chain.entity.TxOutcome;

/**
 * An EVM node as Halyrd speaks to it through web3j's JSON-RPC: the node's state (chain id, nonces, balances, blocks,
 * gas price), read-only contract calls, logs, and the one way a transaction goes out — signed locally, sent raw with
 * an explicit nonce and the node's legacy gas price, and waited for with a bounded timeout. The contracts' own
 * vocabularies ({@link Erc20}, {@link SwapRouter}, {@link IdentityContract}) are spoken over it.
 * <p>
 * Fail-closed: before anything is signed, the node's {@code eth_chainId} must equal the configured id (a node
 * silently drops a transaction signed for another chain). Nothing is ever resent: a transaction without a receipt
 * in time is reported {@link TxOutcome.Status#NOT_MINED} with its hash, to be looked up again by {@link #outcome}.
 * <p>
 * Keys stay with the caller's {@link Credentials}; nothing here logs a key, a password or an RPC URL's path.
 */
public class Node implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Node.class.getName());

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
    public Node(String rpcUrl, long expectedChainId, Duration receiptTimeout) {
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

    /** The node's gas price, wei per gas (legacy pricing, as transactions are sent). */
    public BigInteger gasPrice() {
        return answer(() -> web3j.ethGasPrice().send(), "eth_gasPrice").getGasPrice();
    }

    /** The latest block's timestamp, seconds since the epoch. */
    public BigInteger latestBlockTime() {
        return header(DefaultBlockParameterName.LATEST).getTimestamp();
    }

    /** A block's number and the time its producer stamped on it. */
    public record Block(long number, Instant time) {
    }

    /** The latest block. */
    public Block latestBlock() {
        return block(header(DefaultBlockParameterName.LATEST));
    }

    /** The block with this number; a {@link Failure} if the node has none (yet). */
    public Block block(long number) {
        return block(header(DefaultBlockParameter.valueOf(BigInteger.valueOf(number))));
    }

    /** The most block headers asked for in one JSON-RPC batch: public BSC endpoints refuse much larger batches. */
    public static final int BLOCKS_A_BATCH = 50;

    /**
     * The times of the blocks with these numbers, asked in JSON-RPC batches of {@value #BLOCKS_A_BATCH}: reading a
     * busy pool's swaps back over days stamps thousands of blocks, one round trip a batch rather than a block.
     */
    public Map<Long, Instant> blockTimes(Collection<Long> numbers) {
        Map<Long, Instant> times = new HashMap<>();
        List<Long> all = List.copyOf(new LinkedHashSet<>(numbers));
        for (int from = 0; from < all.size(); from += BLOCKS_A_BATCH) {
            List<Long> some = all.subList(from, Math.min(from + BLOCKS_A_BATCH, all.size()));
            BatchRequest batch = web3j.newBatch();
            for (long number : some) {
                batch.add(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false));
            }
            List<? extends Response<?>> answers;
            try {
                answers = batch.send().getResponses();
            } catch (IOException e) {
                throw new Failure("eth_getBlockByNumber (batch): the node did not answer (" + e.getMessage() + ")", e);
            }
            if (answers.size() != some.size()) {
                throw new Failure("eth_getBlockByNumber (batch): " + answers.size() + " answers to " + some.size()
                        + " questions");
            }
            for (Response<?> answer : answers) {
                if (answer.hasError()) {
                    throw new Failure("eth_getBlockByNumber: " + answer.getError().getMessage());
                }
                EthBlock.Block header = ((EthBlock) answer).getBlock();
                if (header == null) {
                    throw new Failure("eth_getBlockByNumber: the node has no block among " + some);
                }
                Block block = block(header);
                times.put(block.number(), block.time());
            }
        }
        if (!times.keySet().containsAll(all)) {
            throw new Failure("eth_getBlockByNumber (batch): the node answered for other blocks than " + all);
        }
        return times;
    }

    private static Block block(EthBlock.Block header) {
        return new Block(header.getNumber().longValueExact(),
                Instant.ofEpochSecond(header.getTimestamp().longValueExact()));
    }

    private EthBlock.Block header(DefaultBlockParameter which) {
        EthBlock.Block header = answer(() -> web3j.ethGetBlockByNumber(which, false).send(), "eth_getBlockByNumber")
                .getBlock();
        if (header == null) {
            throw new Failure("eth_getBlockByNumber: the node has no block " + which.getValue());
        }
        return header;
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

    /** The logs {@code filter} matches. */
    List<Log> logs(EthFilter filter, String what) {
        return answer(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs " + what).getLogs().stream()
                .map(result -> (Log) result.get()).toList();
    }

    // -------------------------------------------------------------------------------------------- transactions

    /**
     * Signs and sends one legacy transaction from {@code signer} to {@code to} with {@code data}, then waits for its
     * receipt. The chain id is checked first; the nonce is the signer's pending count; the gas price the node's.
     */
    public TxOutcome send(Credentials signer, String to, String data, BigInteger gasLimit) {
        return send(signer, to, data, gasLimit, signed -> { });
    }

    /**
     * As {@link #send(Credentials, String, String, BigInteger)}, telling {@code beforeBroadcast} of the signed
     * transaction (status NOT_MINED: its hash, nonce and gas) before its bytes leave for the node: a caller that must
     * find the transaction again after a crash records it there. If {@code beforeBroadcast} throws, nothing is sent.
     */
    public TxOutcome send(Credentials signer, String to, String data, BigInteger gasLimit,
            Consumer<TxOutcome> beforeBroadcast) {
        requireExpectedChain();
        String from = signer.getAddress();
        BigInteger nonce = pendingNonce(from);
        BigInteger gasPrice = gasPrice();
        RawTransaction raw = RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, BigInteger.ZERO, data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, expectedChainId, signer));
        Sent sent = new Sent(Hash.sha3(signed), from, nonce, gasLimit, gasPrice);
        beforeBroadcast.accept(sent.outcome(TxOutcome.Status.NOT_MINED, null, null));

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
                    receipt.getGasUsed(), effective, Erc20.transfers(logs), logs, error);
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

    private static boolean alreadyKnown(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("already known") || m.contains("known transaction");
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Scheme, host and port of an RPC URL: providers put API keys in the path or query, which must not be logged. */
    public static String where(String rpcUrl) {
        try {
            URI uri = URI.create(rpcUrl);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(unparseable RPC URL)";
        }
    }

    /** A read-only call at the latest block, decoded; a revert or an empty answer (no contract there) is a Failure. */
    @SuppressWarnings("rawtypes")
    List<Type> call(Function function, String contract) {
        return call(function, contract, DefaultBlockParameterName.LATEST);
    }

    /** A read-only call in the state of block {@code at}, decoded, as {@link #call(Function, String)}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> call(Function function, String contract, DefaultBlockParameter at) {
        Transaction tx = Transaction.createEthCallTransaction(null, contract, FunctionEncoder.encode(function));
        EthCall response = answer(() -> web3j.ethCall(tx, at).send(), "eth_call " + function.getName());
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
