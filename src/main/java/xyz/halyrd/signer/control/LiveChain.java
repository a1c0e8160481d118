package xyz.halyrd.signer.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.IdentityContract;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapRouter;

/**
 * Live mode's chain and wallet: the configured {@link Node} with the contracts spoken over it and the agent's key, opened once from
 * its encrypted keystore. Fail-closed: with {@code halyrd.chain.rpc-url} unset (the embedded default), any other
 * key missing, the keystore unopenable, the node unreachable or on another chain id, live is unavailable and
 * {@link #unavailableReason()} says why in words that never contain the password or the key.
 * <p>
 * Only the signer package reaches the key ({@link #credentials()} is package-private).
 */
@ApplicationScoped
public class LiveChain {

    private static final Logger LOG = Logger.getLogger(LiveChain.class.getName());

    @Inject
    Config config;

    /** The configuration as key lookups: MicroProfile Config's, unless a test sets its own first. */
    java.util.function.Function<String, Optional<String>> keys;

    private final java.util.Map<String, Integer> decimals = new java.util.concurrent.ConcurrentHashMap<>();
    private LiveSettings settings;
    private Node node;
    private Erc20 erc20;
    private SwapRouter router;
    private IdentityContract identity;
    private Credentials credentials;
    private String unavailable = "live mode has not been set up yet.";
    private boolean retryable;
    /** Whether the configuration was read: it does not change while the application runs, so once is enough. */
    private boolean attempted;

    /** Opens the wallet and checks the node once at start, so a misconfiguration is in the log at once. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        connected();
    }

    /** Whether live can sign: configured, wallet open, node on the configured chain. */
    public synchronized boolean connected() {
        if (node == null && (!attempted || retryable)) {
            connect();
        }
        return node != null;
    }

    /** Why live is unavailable; null when it is available. */
    public synchronized String unavailableReason() {
        return connected() ? null : unavailable;
    }

    /** The settings; {@link LiveSettings.Unavailable} when live is unavailable. */
    public synchronized LiveSettings settings() {
        require();
        return settings;
    }

    /** The configured node. */
    public synchronized Node node() {
        require();
        return node;
    }

    /** ERC-20 tokens on the node. */
    public synchronized Erc20 erc20() {
        require();
        return erc20;
    }

    /** The configured swap router's contract on the node (the address is the settings'). */
    public synchronized SwapRouter router() {
        require();
        return router;
    }

    /** The identity registry's contract on the node (the address is the configuration's). */
    public synchronized IdentityContract identity() {
        require();
        return identity;
    }

    /** The agent wallet's address (public). */
    public synchronized String address() {
        require();
        return credentials.getAddress();
    }

    /** An ERC-20's decimals, asked once per token. */
    public int decimals(String token) {
        return decimals.computeIfAbsent(token.toLowerCase(java.util.Locale.ROOT), t -> erc20().decimals(token));
    }

    synchronized Credentials credentials() {
        require();
        return credentials;
    }

    private void require() {
        if (!connected()) {
            throw new LiveSettings.Unavailable(unavailable);
        }
    }

    private void connect() {
        attempted = true;
        retryable = false;
        if (keys == null) {
            keys = key -> config.getOptionalValue(key, String.class);
        }
        try {
            settings = LiveSettings.read(keys);
        } catch (LiveSettings.Unavailable e) {
            settings = null;
            unavailable = e.getMessage();
            LOG.log(Level.INFO, "Live mode unavailable: {0}", unavailable);
            return;
        }
        Optional<String> password = keys.apply(LiveSettings.PASSWORD);
        if (password.isEmpty()) {
            fail("live mode is misconfigured: " + LiveSettings.PASSWORD
                    + " (environment variable HALYRD_WALLET_PASSWORD) is not set.", false);
            return;
        }
        Credentials opened;
        try {
            opened = WalletUtils.loadCredentials(password.get(), settings.keystore().toFile());
        } catch (CipherException e) {
            fail("the keystore " + settings.keystore() + " does not open with the configured password.", false);
            return;
        } catch (IOException | RuntimeException e) {
            fail("the keystore " + settings.keystore() + " cannot be read as a v3 keystore ("
                    + e.getClass().getSimpleName() + ").", false);
            return;
        }
        Node opening = new Node(settings.rpcUrl(), settings.chainId(), settings.receiptTimeout());
        try {
            opening.requireExpectedChain();
        } catch (Node.WrongChain e) {
            opening.close();
            fail(e.getMessage() + ".", false);
            return;
        } catch (Node.Failure e) {
            opening.close();
            fail("the chain node does not answer (" + Node.where(settings.rpcUrl()) + "); live is retried on next"
                    + " use.", true);
            return;
        }
        credentials = opened;
        node = opening;
        erc20 = new Erc20(opening);
        router = new SwapRouter(opening);
        identity = new IdentityContract(opening);
        unavailable = null;
        LOG.log(Level.INFO, "Live mode available: chain {0} at {1}, wallet {2}", new Object[] {
                String.valueOf(settings.chainId()), Node.where(settings.rpcUrl()), opened.getAddress()});
    }

    private void fail(String reason, boolean retry) {
        unavailable = reason;
        retryable = retry;
        LOG.log(Level.WARNING, "Live mode unavailable: {0}", reason);
    }

    @PreDestroy
    synchronized void close() {
        if (node != null) {
            node.close();
        }
    }
}
