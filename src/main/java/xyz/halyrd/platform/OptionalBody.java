package xyz.halyrd.platform;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

/**
 * Marks a resource method whose JSON body may be left out altogether (e.g. {@code POST /promote} means
 * {@code {"force": false}}): {@link EmptyBodyGuard} lets its empty body through. Such a method takes the body as a
 * {@code String} and reads it with {@link Parser#object}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OptionalBody {

    /** Reads an optional body. */
    final class Parser {

        private Parser() {
        }

        /** The body as a JSON object ({@code {}} when empty), holding no field but the allowed ones. */
        public static JsonObject object(String body, Set<String> allowed) {
            if (body == null || body.isBlank()) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            JsonValue value;
            try (JsonReader reader = JsonP.createReader(new StringReader(body))) {
                value = reader.readValue(); // malformed JSON throws a JsonException: 400 MALFORMED_JSON
            }
            if (!(value instanceof JsonObject object)) {
                throw ApiException.validation("body", "must be a JSON object");
            }
            for (String key : object.keySet()) {
                if (!allowed.contains(key)) {
                    throw ApiException.validation(key, allowed.isEmpty() ? "unknown field (this request takes none)"
                            : "unknown field (expected " + String.join(" or ", allowed) + ")");
                }
            }
            return object;
        }
    }
}
