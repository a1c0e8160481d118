package xyz.halyrd.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.File;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The packaged WAR as the market's integration tests deploy it — with their market keys appended to its
 * {@code microprofile-config.properties} and a Derby database of its own — and the JSON they read back from it.
 */
final class MarketWar {

    private static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private MarketWar() {
    }

    /** The WAR with {@code keys} appended under a comment naming {@code who}, and a fresh database named after it. */
    static WebArchive with(String who, Map<String, String> keys) throws Exception {
        Path db = Path.of(System.getProperty("halyrd.it.dir"), who + "-" + System.nanoTime(), "db");
        Map<String, String> all = new LinkedHashMap<>(keys);
        all.put("halyrd.db.url", "jdbc:derby:" + db + ";create=true");
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("halyrd.war")));
        ArchivePath config = ArchivePaths.create(CONFIG);
        StringBuilder properties;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            properties = new StringBuilder(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        properties.append("\n# ").append(who).append(": the market of this test run\n");
        all.forEach((k, v) -> properties.append(k).append('=').append(v).append('\n'));
        war.delete(config);
        war.add(new StringAsset(properties.toString()), config);
        return war;
    }

    /** GET {@code path} on the deployment at {@code base}, by 127.0.0.1 as a user's scripts reach it: 200 and JSON. */
    static JsonStructure get(URL base, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + base.getPort() + path);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.read();
        }
    }
}
