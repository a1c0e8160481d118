package xyz.halyrd.signer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.WalletUtils;
import xyz.halyrd.StandInNode;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.market.entity.Token;

/**
 * LiveChain fails closed: against a stand-in JSON-RPC node that answers {@code eth_chainId} (and nothing else),
 * live is available only with every key set, the keystore opening with its password, and the node on the
 * configured chain; otherwise the reason says which, and never holds the password.
 */
class LiveChainTest {

    static final String PASSWORD = "unit-only-password";
    static final String ADDRESS = "0x" + "1".repeat(40);

    @TempDir
    static Path dir;

    static Path keystore;

    StandInNode node;

    @BeforeEach
    void startNode() throws Exception {
        if (keystore == null) {
            keystore = dir.resolve(WalletUtils.generateLightNewWalletFile(PASSWORD, dir.toFile()));
        }
        node = StandInNode.start();
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    Map<String, String> keys() {
        Map<String, String> keys = new HashMap<>(Map.of(
                ChainSettings.RPC_URL, node.url(),
                ChainSettings.CHAIN_ID, "1337", ChainSettings.ROUTER, ADDRESS, ChainSettings.USDT, ADDRESS,
                ChainSettings.TOKENS, "ETH=" + ADDRESS, LiveChain.KEYSTORE, keystore.toString(),
                LiveChain.PASSWORD, PASSWORD));
        return keys;
    }

    static LiveChain liveWith(Map<String, String> keys) {
        LiveChain live = new LiveChain();
        live.keys = key -> Optional.ofNullable(keys.get(key));
        live.connection = new ChainConnection(live.keys, Token.symbols());
        return live;
    }

    @Test
    void completeConfigurationOnTheConfiguredChainIsAvailable() throws Exception {
        LiveChain live = liveWith(keys());
        assertTrue(live.connected(), live.unavailableReason());
        assertNull(live.unavailableReason());
        assertEquals(WalletUtils.loadCredentials(PASSWORD, keystore.toFile()).getAddress(), live.address());
        assertEquals(1337, live.settings().chainId());
        live.connection.close();
    }

    @Test
    void aNodeOnAnotherChainMakesLiveUnavailable() {
        node.onChain(56); // BSC
        LiveChain live = liveWith(keys());
        assertFalse(live.connected());
        assertTrue(live.unavailableReason().contains("chain 56, not the configured 1337"), live.unavailableReason());
        assertThrows(LiveChain.Unavailable.class, live::node);
        assertThrows(LiveChain.Unavailable.class, live::credentials);
    }

    @Test
    void aWrongPasswordOrNoneOrNoRpcUrlMakesLiveUnavailableWithoutTellingThePassword() {
        Map<String, String> keys = keys();
        keys.put(LiveChain.PASSWORD, "not-" + PASSWORD);
        LiveChain wrong = liveWith(keys);
        assertFalse(wrong.connected());
        assertTrue(wrong.unavailableReason().contains("does not open"), wrong.unavailableReason());
        assertFalse(wrong.unavailableReason().contains(PASSWORD));

        keys.remove(LiveChain.PASSWORD);
        LiveChain none = liveWith(keys);
        assertFalse(none.connected());
        assertTrue(none.unavailableReason().contains("HALYRD_WALLET_PASSWORD"), none.unavailableReason());

        LiveChain off = liveWith(Map.of());
        assertFalse(off.connected());
        assertTrue(off.unavailableReason().contains("not configured"), off.unavailableReason());
    }

    @Test
    void aMissingOrUnreadableKeystoreIsNamed() {
        Map<String, String> keys = keys();
        keys.remove(LiveChain.KEYSTORE);
        LiveChain none = liveWith(keys);
        assertFalse(none.connected());
        assertTrue(none.unavailableReason().contains(LiveChain.KEYSTORE), none.unavailableReason());

        keys.put(LiveChain.KEYSTORE, dir.resolve("missing.json").toString());
        LiveChain missing = liveWith(keys);
        assertFalse(missing.connected());
        assertTrue(missing.unavailableReason().contains(LiveChain.KEYSTORE + " names no readable file"),
                missing.unavailableReason());
    }

    @Test
    void aNodeThatDoesNotAnswerIsTriedAgainOnTheNextUse() {
        Map<String, String> keys = keys();
        node.close();
        LiveChain live = liveWith(keys);
        assertFalse(live.connected());
        assertTrue(live.unavailableReason().contains("does not answer"), live.unavailableReason());
        startNodeAgain(keys);
        assertTrue(live.connected(), "retried once the node answers");
    }

    private void startNodeAgain(Map<String, String> keys) {
        try {
            startNode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        keys.put(ChainSettings.RPC_URL, node.url());
    }
}
