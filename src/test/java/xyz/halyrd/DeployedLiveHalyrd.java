package xyz.halyrd;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.web3j.crypto.WalletUtils;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.Node;

/**
 * Base of the Arquillian tests in live mode: before the WAR deploys, a local chain (anvil, the project's contracts)
 * is started and an encrypted agent wallet created and funded with 10 000 test USDT; the WAR then carries a
 * {@code microprofile-config.properties} with the {@code halyrd.chain.*} and {@code halyrd.wallet.*} keys pointing
 * at them, exactly the keys the run script passes, and a Derby database of the deployment's own. The test reads the
 * chain itself through {@link #chain}.
 */
abstract class DeployedLiveHalyrd extends HalyrdClient {

    static final String PASSWORD = "it-only-password";
    static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    static LocalChain local;
    static String wallet;
    static Node node;
    static Erc20 erc20;
    static Path keystore;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        keystore = LocalChain.newKeystore(LocalChain.workDir().resolve("keystores"), PASSWORD);
        wallet = WalletUtils.loadCredentials(PASSWORD, keystore.toFile()).getAddress();
        local = LocalChain.start(wallet, "10000");
        Runtime.getRuntime().addShutdownHook(new Thread(DeployedLiveHalyrd::stopChain));
        node = new Node(local.rpcUrl(), LocalChain.CHAIN_ID, Duration.ofSeconds(10));
        erc20 = new Erc20(node);
        Map<String, String> keys = Map.of("halyrd.chain.rpc-url", local.rpcUrl(),
                "halyrd.chain.id", String.valueOf(LocalChain.CHAIN_ID),
                "halyrd.chain.router", local.router(),
                "halyrd.chain.usdt", local.token("USDT"),
                "halyrd.chain.tokens", local.tokensKey(),
                "halyrd.chain.identity-registry", local.identityRegistry(),
                "halyrd.chain.receipt-timeout", "PT5S",
                "halyrd.wallet.keystore", keystore.toString(),
                "halyrd.wallet.password", PASSWORD,
                // a database of its own: the live books belong to this chain, and no other test's agent state leaks in
                "halyrd.db.url", "jdbc:derby:" + LocalChain.workDir().resolve("live-" + System.nanoTime()).resolve("db")
                        + ";create=true");
        WebArchive war = war().addClasses(LiveProbe.class);
        ArchivePath config = ArchivePaths.create(CONFIG);
        String packaged;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            packaged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder properties = new StringBuilder(packaged).append("\n# LiveIT: the local chain of this test run\n");
        keys.forEach((k, v) -> properties.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        // live on the simulated market (the demo mode), as the local-chain demo: its quotes, not the local pools'
        // (which stand still while its prices move); RouterQuotesIT tests the router's
        war.delete(config);
        war.add(new StringAsset(properties.toString()), config);
        return war;
    }

    @AfterAll
    static void stopChain() {
        try {
            if (node != null) {
                node.close();
            }
            if (local != null) {
                local.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wallet's next nonce, pending transactions included: unchanged means nothing was sent. */
    static BigInteger nonce() {
        return node.pendingNonce(wallet);
    }

    static String token(String symbol) {
        return local.token(symbol);
    }

    static void rpc(String method, String params) throws IOException, InterruptedException {
        local.rpc(method, params);
    }
}
