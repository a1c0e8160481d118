package xyz.halyrd.signer.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.control.ConnectedChain;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.GasPrices;
import xyz.halyrd.chain.control.IdentityContract;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.ChainSettings;

/**
 * Live mode's chain and wallet: the configured chain (the application's one {@link ChainConnection}, shared with the
 * market) and the agent's key, opened once from its encrypted keystore ({@code halyrd.wallet.*}). Fail-closed: with
 * {@code halyrd.chain.rpc-url} unset (the embedded default), any other key missing, the keystore unopenable, the node unreachable or on another chain id, live is unavailable and
 * {@link #unavailableReason()} says why in words that never contain the password or the key.
 * <p>
 * Only the signer package reaches the key ({@link #credentials()} is package-private).
 */
@ApplicationScoped
public class LiveChain {

    private static final Logger LOG = Logger.getLogger(LiveChain.class.getName());

    /** The agent wallet's encrypted (v3, scrypt) keystore file. */
    public static final String KEYSTORE = "halyrd.wallet.keystore";
    /** Its password: a secret, read once where the keystore is opened and never kept. */
    public static final String PASSWORD = "halyrd.wallet.password";

    @Inject
    Config config;

    @Inject
    ChainConnection connection;

    /** The wallet's keys as lookups: MicroProfile Config's, unless a test sets its own first. */
    Function<String, Optional<String>> keys;

    private ConnectedChain chain;
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
        if (chain == null && (!attempted || retryable)) {
            connect();
        }
        return chain != null;
    }

    /** Why live is unavailable; null when it is available. */
    public synchronized String unavailableReason() {
        return connected() ? null : unavailable;
    }

    /** The chain's settings; {@link Unavailable} when live is unavailable. */
    public synchronized ChainSettings settings() {
        require();
        return chain.settings();
    }

    /** The configured node. */
    public synchronized Node node() {
        require();
        return chain.node();
    }

    /** ERC-20 tokens on the node. */
    public synchronized Erc20 erc20() {
        require();
        return chain.erc20();
    }

    /** The configured swap router's contract on the node (the address is the settings'). */
    public synchronized SwapRouter router() {
        require();
        return chain.router();
    }

    /** The identity registry's contract on the node (the address is the configuration's). */
    public synchronized IdentityContract identity() {
        require();
        return chain.identity();
    }

    /** Gas in USDT on the chain. */
    public synchronized GasPrices gas() {
        require();
        return chain.gas();
    }

    /** The agent wallet's address (public). */
    public synchronized String address() {
        require();
        return credentials.getAddress();
    }

    /** An ERC-20's decimals, asked once per token. */
    public int decimals(String token) {
        ConnectedChain connected;
        synchronized (this) {
            require();
            connected = chain;
        }
        return connected.decimals(token);
    }

    synchronized Credentials credentials() {
        require();
        return credentials;
    }

    private void require() {
        if (!connected()) {
            throw new Unavailable(unavailable);
        }
    }

    private void connect() {
        attempted = true;
        retryable = false;
        if (keys == null) {
            keys = key -> config.getOptionalValue(key, String.class);
        }
        ChainSettings settings;
        Path keystore;
        try {
            settings = connection.settings();
            keystore = Path.of(ChainSettings.required(keys, KEYSTORE));
        } catch (ChainSettings.Unavailable e) {
            unavailable = e.getMessage();
            LOG.log(Level.INFO, "Live mode unavailable: {0}", unavailable);
            return;
        }
        if (!Files.isReadable(keystore)) {
            unavailable = KEYSTORE + " names no readable file: " + keystore;
            LOG.log(Level.INFO, "Live mode unavailable: {0}", unavailable);
            return;
        }
        Optional<String> password = keys.apply(PASSWORD);
        if (password.isEmpty()) {
            fail("live mode is misconfigured: " + PASSWORD
                    + " (environment variable HALYRD_WALLET_PASSWORD) is not set.", false);
            return;
        }
        Credentials opened;
        try {
            opened = WalletUtils.loadCredentials(password.get(), keystore.toFile());
        } catch (CipherException e) {
            fail("the keystore " + keystore + " does not open with the configured password.", false);
            return;
        } catch (IOException | RuntimeException e) {
            fail("the keystore " + keystore + " cannot be read as a v3 keystore ("
                    + e.getClass().getSimpleName() + ").", false);
            return;
        }
        try {
            chain = connection.connected();
        } catch (Node.WrongChain e) {
            fail(e.getMessage() + ".", false);
            return;
        } catch (Node.Failure e) {
            fail("the chain node does not answer (" + Node.where(settings.rpcUrl()) + "); live is retried on next"
                    + " use.", true);
            return;
        }
        credentials = opened;
        unavailable = null;
        LOG.log(Level.INFO, "Live mode available: chain {0} at {1}, wallet {2}", new Object[] {
                String.valueOf(settings.chainId()), Node.where(settings.rpcUrl()), opened.getAddress()});
    }

    private void fail(String reason, boolean retry) {
        unavailable = reason;
        retryable = retry;
        LOG.log(Level.WARNING, "Live mode unavailable: {0}", reason);
    }

    /** Live is not configured, or not completely, or cannot connect: the reason, in plain words (never a secret). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
