package xyz.halyrd.platform;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code GET /openapi}: the map of this API that REST clients and the dashboard read — the OpenAPI 3.0 document
 * {@code META-INF/openapi.yaml}, written by hand field by field (a generated one cannot see JSON-B's snake_case
 * names), served as it is: YAML ({@code application/yaml}), or JSON when the client prefers
 * {@code application/json}. Payara's own OpenAPI service is switched off (server-config/pre-boot-commands.asadmin):
 * its document carried a top-level key OpenAPI does not allow and answered YAML as {@code text/plain}.
 */
@Path("openapi")
public class OpenApiDocument {

    static final String RESOURCE = "META-INF/openapi.yaml";
    public static final MediaType YAML = new MediaType("application", "yaml");
    private static final String YAML_TEXT = read();
    private static final String JSON_TEXT = toJson(YAML_TEXT).toString();

    @GET
    public Response document(@Context HttpHeaders headers) {
        for (MediaType wanted : headers.getAcceptableMediaTypes()) { // most preferred first
            if (wanted.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !wanted.isWildcardType()) {
                return Response.ok(JSON_TEXT, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
            }
            if (wanted.isWildcardType() || "yaml".equals(wanted.getSubtype()) || "x-yaml".equals(wanted.getSubtype())) {
                break;
            }
        }
        return Response.ok(YAML_TEXT, YAML.withCharset("UTF-8")).build();
    }

    private static String read() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same document as JSON: YAML's plain tree (maps, lists, strings, numbers, booleans) turned into JSON-P. */
    static JsonValue toJson(String yaml) {
        return json(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
    }

    private static JsonValue json(Object node) {
        if (node instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JsonP.createObjectBuilder();
            map.forEach((key, value) -> object.add(String.valueOf(key), json(value)));
            return object.build();
        } else if (node instanceof List<?> list) {
            JsonArrayBuilder array = JsonP.createArrayBuilder();
            list.forEach(value -> array.add(json(value)));
            return array.build();
        } else if (node instanceof String text) {
            return JsonP.createValue(text);
        } else if (node instanceof Boolean flag) {
            return flag ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (node instanceof Integer || node instanceof Long) {
            return JsonP.createValue(((Number) node).longValue());
        } else if (node instanceof BigInteger big) {
            return JsonP.createValue(big);
        } else if (node instanceof Number number) {
            return JsonP.createValue(new BigDecimal(number.toString()));
        } else if (node == null) {
            return JsonValue.NULL;
        }
        throw new IllegalArgumentException("not a plain YAML value: " + node.getClass().getSimpleName());
    }
}
