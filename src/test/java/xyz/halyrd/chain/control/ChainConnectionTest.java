package xyz.halyrd.chain.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xyz.halyrd.StandInNode;
import xyz.halyrd.chain.entity.ChainSettings;

/**
 * The node's one chain connection against a stand-in JSON-RPC node that answers {@code eth_chainId} only: it opens on
 * first use and once, a failure met in use has the node's chain id asked again before the next use (the same connection,
 * nothing closed under other users), a node back on another chain is refused, an opening that failed is tried again.
 */
class ChainConnectionTest {

    static final String ADDRESS = "0x" + "1".repeat(40);

    StandInNode node;
    final Map<String, String> keys = new HashMap<>();
    ChainConnection connection;

    @BeforeEach
    void startNode() throws Exception {
        node = StandInNode.start();
        keys.putAll(Map.of(ChainSettings.RPC_URL, node.url(), ChainSettings.CHAIN_ID, "1337",
                ChainSettings.ROUTER, ADDRESS, ChainSettings.USDT, ADDRESS, ChainSettings.TOKENS, "ETH=" + ADDRESS));
        connection = new ChainConnection(key -> Optional.ofNullable(keys.get(key)), Set.of("ETH"));
    }

    @AfterEach
    void stop() {
        connection.close();
        node.close();
    }

    /** A use that meets a failure: the stand-in answers anything but the chain id with an error. */
    void failingUse() {
        assertThrows(Node.Failure.class, () -> connection.use(chain -> chain.node().gasPrice()));
    }

    @Test
    void itOpensOnFirstUseAndOnce() {
        assertEquals(1337, connection.settings().chainId(), "the settings are read without connecting");
        assertEquals(0, node.chainIdQuestions());
        ConnectedChain first = connection.connected();
        assertEquals(1, node.chainIdQuestions(), "the chain id checked on opening");
        assertSame(first, connection.connected());
        assertSame(first, connection.use(chain -> chain));
        assertEquals(1, node.chainIdQuestions(), "and not again while nothing failed");
    }

    @Test
    void aFailureInUseHasTheChainIdAskedAgainBeforeTheNextUse() {
        ConnectedChain first = connection.connected();
        failingUse();
        assertEquals(1, node.chainIdQuestions());
        assertSame(first, connection.connected(), "the same connection: nothing closed under its other users");
        assertEquals(2, node.chainIdQuestions(), "asked again once");
        connection.connected();
        assertEquals(2, node.chainIdQuestions(), "trusted again");
    }

    @Test
    void aNodeBackOnAnotherChainIsRefusedUntilItIsOnTheConfiguredOne() {
        ConnectedChain first = connection.connected();
        failingUse();
        node.onChain(56);
        Node.WrongChain wrong = assertThrows(Node.WrongChain.class, connection::connected);
        assertEquals(56, wrong.actual());
        assertThrows(Node.WrongChain.class, () -> connection.use(chain -> chain), "still in doubt");
        node.onChain(1337);
        assertSame(first, connection.connected());
    }

    @Test
    void anOpeningThatFailedIsTriedAgainOnTheNextUse() throws Exception {
        node.close();
        assertThrows(Node.Failure.class, connection::connected);
        node = StandInNode.start();
        keys.put(ChainSettings.RPC_URL, node.url()); // read again: nothing was kept of the failed opening
        connection.connected();
        assertEquals(1, node.chainIdQuestions());
    }

    @Test
    void aChainNotConfiguredSaysSo() {
        ChainConnection none = new ChainConnection(key -> Optional.empty(), Set.of("ETH"));
        assertThrows(ChainSettings.Unavailable.class, none::settings);
        assertThrows(ChainSettings.Unavailable.class, none::connected);
    }

    @Test
    void closedItOpensAnew() {
        ConnectedChain first = connection.connected();
        connection.close();
        assertNotSame(first, connection.connected());
        assertEquals(2, node.chainIdQuestions());
    }
}
