package xyz.halyrd.chain.control;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import xyz.halyrd.chain.entity.ChainSettings;

/**
 * The configured chain, connected: a {@link Node} at {@link ChainSettings#rpcUrl()} found on the configured chain id,
 * with the contracts spoken over it ({@link Erc20}, {@link SwapRouter}, {@link SwapPair}, {@link IdentityContract}),
 * gas priced in USDT ({@link GasPrices}) and the tokens' decimals, asked once each. Closing it closes the node. One per
 * application, owned by {@link ChainConnection}.
 */
public final class ConnectedChain implements AutoCloseable {

    private final ChainSettings settings;
    private final Node node;
    private final Erc20 erc20;
    private final SwapRouter router;
    private final SwapPair pairs;
    private final IdentityContract identity;
    private final GasPrices gas;
    private final Map<String, Integer> decimals = new ConcurrentHashMap<>();

    private ConnectedChain(ChainSettings settings, Node node) {
        this.settings = settings;
        this.node = node;
        this.erc20 = new Erc20(node);
        this.router = new SwapRouter(node);
        this.pairs = new SwapPair(node);
        this.identity = new IdentityContract(node);
        this.gas = new GasPrices(this);
    }

    /**
     * Connects to the configured node and checks its chain id: {@link Node.WrongChain} when it is on another chain,
     * {@link Node.Failure} when it does not answer (nothing is left open either way).
     */
    public static ConnectedChain open(ChainSettings settings) {
        Node node = new Node(settings.rpcUrl(), settings.chainId(), settings.receiptTimeout());
        try {
            node.requireExpectedChain();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return new ConnectedChain(settings, node);
    }

    public ChainSettings settings() {
        return settings;
    }

    public Node node() {
        return node;
    }

    public Erc20 erc20() {
        return erc20;
    }

    /** The swap router's contract on the node (its address is {@link ChainSettings#router()}). */
    public SwapRouter router() {
        return router;
    }

    /** The swap router's pairs (pools) on the node. */
    public SwapPair pairs() {
        return pairs;
    }

    /** The identity registry's contract on the node. */
    public IdentityContract identity() {
        return identity;
    }

    /** Gas in USDT: the native coin priced by the router's pool, or as configured. */
    public GasPrices gas() {
        return gas;
    }

    /** An ERC-20's decimals, asked once per token. */
    public int decimals(String token) {
        return decimals.computeIfAbsent(token.toLowerCase(Locale.ROOT), t -> erc20.decimals(token));
    }

    @Override
    public void close() {
        node.close();
    }
}
