package xyz.halyrd;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.market.entity.Token;

/**
 * A throwaway local EVM chain for tests: anvil from node_modules on a free loopback port (chain id 1337,
 * shanghai), the project's contracts deployed by {@code server-config/local-chain/deploy.mjs}, and optionally an
 * agent wallet created by {@code keystore.mjs} and funded. Closing it stops anvil; nothing outlives the test.
 * Needs {@code npm ci} to have run in the project directory (as {@code .ci/run} does).
 */
public final class LocalChain implements AutoCloseable {

    public static final long CHAIN_ID = 1337;

    private final Process anvil;
    private final String rpcUrl;
    private final JsonObject deployment;
    /** The deployment JSON deploy.mjs wrote, for the other local-chain scripts. */
    private final Path deploymentFile;

    private LocalChain(Process anvil, String rpcUrl, JsonObject deployment, Path deploymentFile) {
        this.anvil = anvil;
        this.rpcUrl = rpcUrl;
        this.deployment = deployment;
        this.deploymentFile = deploymentFile;
    }

    /**
     * Starts anvil, deploys, and funds {@code fundAddress} (if not null) with {@code fundUsdt} test USDT and 10 of
     * the native coin for gas.
     */
    public static LocalChain start(String fundAddress, String fundUsdt) throws IOException, InterruptedException {
        return start(fundAddress, fundUsdt, List.of());
    }

    /** As {@link #start(String, String)}, with more of deploy.mjs's options ({@code --native-price none}). */
    public static LocalChain start(String fundAddress, String fundUsdt, List<String> deployOptions)
            throws IOException, InterruptedException {
        return start(fundAddress, fundUsdt, deployOptions, List.of());
    }

    /** As {@link #start(String, String, List)}, with more of anvil's options ({@code --timestamp 1700000000}). */
    public static LocalChain start(String fundAddress, String fundUsdt, List<String> deployOptions,
            List<String> anvilOptions) throws IOException, InterruptedException {
        Path project = projectDir();
        Path anvilBinary = project.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(anvilBinary)) {
            throw new IllegalStateException(anvilBinary + " is missing: run `npm ci` in " + project + " first");
        }
        Path dir = Files.createDirectories(workDir().resolve("chain-" + System.nanoTime()));
        int port = UberJar.freePort();
        List<String> command = new ArrayList<>(List.of(anvilBinary.toString(), "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--chain-id", String.valueOf(CHAIN_ID), "--hardfork", "shanghai"));
        command.addAll(anvilOptions);
        Process anvil = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("anvil.log").toFile())
                .start();
        try {
            String rpcUrl = "http://127.0.0.1:" + port;
            Path out = dir.resolve("deployment.json");
            List<String> deploy = new ArrayList<>(List.of("node", project.resolve("server-config/local-chain/deploy.mjs")
                    .toString(), "--rpc", rpcUrl, "--out", out.toString()));
            if (fundAddress != null) {
                deploy.addAll(List.of("--fund", fundAddress, "--fund-usdt", fundUsdt));
            }
            deploy.addAll(deployOptions);
            run(new ProcessBuilder(deploy), dir.resolve("deploy.log"), 120);
            try (JsonReader reader = Json.createReader(new StringReader(Files.readString(out)))) {
                return new LocalChain(anvil, rpcUrl, reader.readObject(), out);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            anvil.destroy();
            throw e;
        }
    }

    /** Creates an encrypted keystore in {@code dir} with {@code keystore.mjs}, as the run script does; returns the file. */
    public static Path newKeystore(Path dir, String password) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve("wallet-" + System.nanoTime() + ".json");
        ProcessBuilder builder = new ProcessBuilder("node",
                projectDir().resolve("server-config/local-chain/keystore.mjs").toString(), file.toString());
        builder.environment().put("HALYRD_WALLET_PASSWORD", password);
        run(builder, dir.resolve("keystore.log"), 60);
        return file;
    }

    /** A new agent wallet, opened from a keystore {@link #newKeystore} makes under the work directory. */
    public static Credentials newWallet(String password) throws IOException, InterruptedException {
        try {
            return WalletUtils.loadCredentials(password, newKeystore(workDir().resolve("keystores"), password)
                    .toFile());
        } catch (CipherException e) {
            throw new IllegalStateException("a keystore just made does not open with its password", e);
        }
    }

    /** A raw JSON-RPC call, for the node's development methods ({@code evm_setAutomine}, {@code evm_mine}). */
    public JsonObject rpc(String method, String paramsJson) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rpcUrl))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            JsonObject answer = reader.readObject();
            if (answer.containsKey("error")) {
                throw new IllegalStateException(method + ": " + answer.get("error"));
            }
            return answer;
        }
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    public JsonObject deployment() {
        return deployment;
    }

    /**
     * Starts {@code market-maker.mjs} on this chain with {@code options} besides the deployment and the node, its
     * output into {@code log}; the caller stops it.
     */
    public Process marketMaker(Path log, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("node",
                projectDir().resolve("server-config/local-chain/market-maker.mjs").toString(),
                "--deployment", deploymentFile.toString(), "--rpc", rpcUrl));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public String router() {
        return deployment.getString("router");
    }

    /** The wrapped native coin (WBNB), the router's {@code WETH()}. */
    public String wrappedNative() {
        return deployment.getString("wrapped_native");
    }

    public String identityRegistry() {
        return deployment.getString("identity_registry");
    }

    public String token(String symbol) {
        return deployment.getJsonObject("tokens").getString(symbol);
    }

    /**
     * The chain's settings as the run script passes them (every token but USDT in {@code halyrd.chain.tokens}), with
     * {@code overrides} of any key.
     */
    public ChainSettings settings(Map<String, String> overrides) {
        return ChainSettings.read(keys(overrides), Token.symbols());
    }

    /** The application's one chain connection on the settings {@link #settings} reads, with the same overrides. */
    public ChainConnection connection(Map<String, String> overrides) {
        return new ChainConnection(keys(overrides), Token.symbols());
    }

    /**
     * A connection to the node at {@code rpcUrl} with the run script's settings, and BNB with a contract but no pool:
     * USDT's own (there is no USDT/USDT pool).
     */
    public ChainConnection connectionWithBnbWithoutPool(String rpcUrl) {
        return connection(Map.of(ChainSettings.RPC_URL, rpcUrl, ChainSettings.TOKENS,
                tokensKey() + ",BNB=" + token("USDT")));
    }

    private Function<String, Optional<String>> keys(Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>(Map.of(ChainSettings.RPC_URL, rpcUrl,
                ChainSettings.CHAIN_ID, String.valueOf(CHAIN_ID), ChainSettings.ROUTER, router(),
                ChainSettings.USDT, token("USDT"), ChainSettings.TOKENS, tokensKey()));
        keys.putAll(overrides);
        return key -> Optional.ofNullable(keys.get(key));
    }

    /** The {@code halyrd.chain.tokens} value the run script sets: every deployed token but USDT. */
    public String tokensKey() {
        return tokens().entrySet().stream().filter(e -> !e.getKey().equals("USDT"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
    }

    public Map<String, String> tokens() {
        return deployment.getJsonObject("tokens").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((JsonString) e.getValue()).getString()));
    }

    @Override
    public void close() throws InterruptedException {
        anvil.destroy();
        if (!anvil.waitFor(10, TimeUnit.SECONDS)) {
            anvil.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(ProcessBuilder builder, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(builder.command().get(1) + " did not finish in " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(builder.command().get(1) + " failed: " + Files.readString(log));
        }
    }

    private static Path projectDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("package.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no package.json above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    /** Where the tests' chain logs, deployments and keystores go: under target/, never the user's data dir. */
    public static Path workDir() {
        String itDir = System.getProperty("halyrd.it.dir");
        return itDir != null ? Path.of(itDir) : projectDir().resolve("target/it");
    }
}
