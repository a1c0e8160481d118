package xyz.halyrd.config.control;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.ApiException;

/** A validated {@code PUT /agents/{id}/watchlist} body: 1 to 20 supported tokens, upper-cased, without repeats. */
public record WatchlistRequest(List<String> tokens) {

    public static final String TOKENS = "tokens";
    public static final int MAX_TOKENS = 20;

    public static WatchlistRequest parse(JsonObject body) {
        if (body == null) {
            throw ApiException.validation("body", "a JSON object is required");
        }
        for (String key : body.keySet()) {
            if (!key.equals(TOKENS)) {
                throw ApiException.validation(key, "unknown field (expected tokens)");
            }
        }
        return new WatchlistRequest(symbols(TOKENS, body.get(TOKENS)));
    }

    /**
     * The token symbols of a request's field {@code field}: an array of 1 to {@value #MAX_TOKENS} supported symbols,
     * upper-cased, without repeats, in the order given. Refused naming the field, or {@code UNKNOWN_TOKEN}.
     */
    public static List<String> symbols(String field, JsonValue value) {
        if (!(value instanceof JsonArray array)) {
            throw ApiException.validation(field, value != null ? "must be an array of token symbols" : "is required");
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonValue element = array.get(i);
            if (!(element instanceof JsonString text) || text.getString().isBlank()) {
                throw ApiException.validation(field + "[" + i + "]", "must be a token symbol such as \"ETH\"");
            }
            symbols.add(text.getString().strip().toUpperCase(Locale.ROOT)); // spaces only: control characters never get here (StrictBodies)
        }
        List<String> unknown = symbols.stream().filter(s -> Token.bySymbol(s).isEmpty())
                .map(s -> s.length() > 16 ? s.substring(0, 16) + "…" : s).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(Response.Status.BAD_REQUEST, "UNKNOWN_TOKEN", "Unknown token"
                    + (unknown.size() > 1 ? "s: " : ": ") + String.join(", ", unknown) + ". Supported: "
                    + Stream.of(Token.values()).map(Token::name).collect(Collectors.joining(", ")) + ".");
        }
        if (symbols.isEmpty() || symbols.size() > MAX_TOKENS) {
            throw ApiException.validation(field, "must hold 1 to " + MAX_TOKENS + " different tokens (got "
                    + symbols.size() + ")");
        }
        return new ArrayList<>(symbols);
    }
}
