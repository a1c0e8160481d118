package xyz.halyrd.chain.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import xyz.halyrd.chain.entity.ChainSettings;

/**
 * The configured chain's one connection on this node: everything that speaks to the chain — the market's router quotes
 * and chain candles, live mode's signer — uses the {@link ConnectedChain} held here, instead of each opening its own.
 * <p>
 * It opens on first use from the {@code halyrd.chain.*} keys ({@link ChainSettings}), checking the node's chain id; an
 * opening that fails is tried again on the next use. A failure while connected ({@link #use}) puts the connection in
 * doubt: JSON-RPC over HTTP holds no session to reopen (web3j's HTTP client makes a new TCP connection whenever the last
 * one broke), so what the failure calls for is asking the node its chain id again before trusting it with the next
 * use — a node that came back on another chain is refused, not used. The connection is closed at shutdown, never
 * while in use.
 * <p>
 * Lock: its state (the connection, whether it is in doubt) is guarded by its own monitor, held while opening or
 * checking the node and never while a caller's calls run, so a slow quote does not hold up the signer.
 */
@ApplicationScoped
public class ChainConnection {

    private Function<String, Optional<String>> keys;
    private Set<String> symbols;
    // guarded by this
    private ConnectedChain chain;
    private boolean inDoubt;

    protected ChainConnection() {
        // for the CDI proxy
    }

    /** The chain MicroProfile Config describes, its tokens named by the market's symbols. */
    @Inject
    public ChainConnection(Config config, TokenSymbols symbols) {
        this(key -> config.getOptionalValue(key, String.class), symbols.symbols());
    }

    /** The chain the {@code keys} lookup describes; {@code halyrd.chain.tokens} may name only {@code symbols}. */
    public ChainConnection(Function<String, Optional<String>> keys, Set<String> symbols) {
        this.keys = keys;
        this.symbols = Set.copyOf(symbols);
    }

    /**
     * The chain's settings: the open connection's, or read now. {@link ChainSettings.Unavailable} when the chain is
     * not configured, or not completely.
     */
    public synchronized ChainSettings settings() {
        return chain != null ? chain.settings() : ChainSettings.read(keys, symbols);
    }

    /**
     * The connection, opened first or its node checked again if need be: {@link ChainSettings.Unavailable} when the
     * chain is not configured, {@link Node.WrongChain} when the node is on another chain, {@link Node.Failure} when it
     * does not answer.
     */
    public synchronized ConnectedChain connected() {
        if (chain == null) {
            chain = ConnectedChain.open(settings());
        } else if (inDoubt) {
            chain.node().requireExpectedChain();
        }
        inDoubt = false;
        return chain;
    }

    /**
     * What {@code work} makes of the connection ({@link #connected()}); a {@link Node.Failure} it meets puts the
     * connection in doubt, and is passed on.
     */
    public <T> T use(Function<ConnectedChain, T> work) {
        ConnectedChain connected = connected();
        try {
            return work.apply(connected);
        } catch (Node.Failure e) {
            synchronized (this) {
                inDoubt = true;
            }
            throw e;
        }
    }

    @PreDestroy
    public synchronized void close() {
        if (chain != null) {
            chain.close();
            chain = null;
        }
    }
}
