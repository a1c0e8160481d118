package xyz.halyrd.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictBodiesTest {

    private static StrictBodies.Refusal refused(String json) {
        Optional<StrictBodies.Refusal> refusal = StrictBodies.json(json.getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal.isPresent(), "refused: " + json);
        return refusal.get();
    }

    @Test
    void objectsPass() {
        assertEquals(Optional.empty(), StrictBodies.json("{\"tokens\": [\"ETH\", \"CAKE\"]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), StrictBodies.json("{\"evaluation_config\": {\"max_drawdown_pct\": 15}}"
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), StrictBodies.json("{\"reason\": \"caf\u00e9 \ud83d\ude00 tab-free\"}"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "null | body: must be a JSON object, not null",
            "[] | body: must be a JSON object, not an array",
            "\"x\" | body: must be a JSON object, not a string",
            "42 | body: must be a JSON object, not a number",
            "true | body: must be a JSON object, not a boolean"})
    void onlyAnObjectAtTheTop(String json, String message) {
        StrictBodies.Refusal refusal = refused(json);
        assertEquals(400, refusal.status());
        assertEquals("VALIDATION_FAILED", refusal.code());
        assertEquals(message, refusal.message());
    }

    @Test
    void controlCharactersAreRefusedNamingWhere() {
        assertEquals("tokens[1]: contains the control character U+0000; send the text without it",
                refused("{\"tokens\": [\"ETH\", \"CAKE\\u0000\"]}").message());
        assertEquals("reason: contains the control character U+001B; send the text without it",
                refused("{\"reason\": \"\\u001b[31mred\"}").message());
        assertEquals("reason: contains the control character U+202E; send the text without it",
                refused("{\"reason\": \"abc\u202Eevil\"}").message());
        assertEquals("evaluation_config.a?: contains the control character U+0007; send the text without it",
                refused("{\"evaluation_config\": {\"a\\u0007\": 1}}").message());
        assertEquals(400, refused("{\"reason\": \"raw\ttab\"}").status()); // JSON forbids it raw; refused either way
    }

    @Test
    void depthAndDuplicatesAndMalformedJson() {
        assertEquals("body: nested deeper than 16 levels", refused("{\"a\":" + "[".repeat(100_000)).message());
        assertEquals(Optional.empty(), StrictBodies.json(("{\"a\":" + "[".repeat(15) + "]".repeat(15) + "}")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals("force: appears more than once", refused("{\"force\": false, \"force\": true}").message());
        assertEquals("MALFORMED_JSON", refused("{\"force\": tru}").code());
        assertEquals("MALFORMED_JSON", refused("{} {}").code());
        assertEquals("MALFORMED_JSON", StrictBodies.json(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})
                .orElseThrow().code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "application/json | true | true", "application/json; charset=UTF-8 | true | true",
            "Application/JSON;charset=\"utf-8\" | true | true", "text/plain | true | false",
            "text/plain | false | false", "application/x-www-form-urlencoded | false | false",
            "multipart/form-data; boundary=x | true | false", "application/json; charset=latin1 | true | false",
            "application/json-patch+json | true | false", "NULL | false | true", "NULL | true | false"})
    void onlyJsonBodies(String contentType, boolean hasBody, boolean accepted) {
        Optional<StrictBodies.Refusal> refusal = StrictBodies.contentType(contentType, hasBody);
        assertEquals(accepted, refusal.isEmpty(), contentType + " " + refusal);
        refusal.ifPresent(r -> assertEquals(415, r.status()));
        refusal.ifPresent(r -> assertEquals("UNSUPPORTED_MEDIA_TYPE", r.code()));
    }

    @Test
    void aTokenMatchesOnlyItself() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("token").resolve("sub/api-token");
        ApiToken generated = ApiToken.from(file);
        assertTrue(generated.generated());
        String token = java.nio.file.Files.readString(file).strip();
        assertEquals(43, token.length());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(file)));
        ApiToken read = ApiToken.from(file);
        assertTrue(read.matches(token));
        assertTrue(!read.generated() && !read.matches(token + "x") && !read.matches("") && !read.matches(null)
                && !read.matches(token.substring(1)));
    }
}
