package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The map REST clients read, against the territory: {@code GET /openapi} serves a document a standard OpenAPI
 * validator accepts, as YAML or (by Accept) JSON, and every endpoint's answers — successes and refusals — match
 * what it says of them, status codes and bodies alike.
 */
class OpenApiIT extends DeployedHalyrd {

    @Test
    void theServedDocumentIsValidOpenApiAsYamlAndAsJson() throws Exception {
        HttpResponse<String> yaml = fetch("*/*");
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"),
                yaml.headers().toString());
        assertValid(yaml.body());
        assertFalse(yaml.body().contains("\nendpoints:"), "no key OpenAPI does not allow");

        HttpResponse<String> json = fetch("application/json");
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertValid(json.body());
        JsonObject document = Json.createReader(new StringReader(json.body())).readObject();
        assertEquals("3.0.3", document.getString("openapi"));
        assertEquals(new OpenAPIV3Parser().readContents(yaml.body(), null, null).getOpenAPI().getPaths().keySet(),
                document.getJsonObject("paths").keySet(), "the same document in both forms");
    }

    @Test
    void everyAnswerMatchesTheDocument() throws Exception {
        OpenApiInteractionValidator validator =
                OpenApiInteractionValidator.createForInlineApiSpecification(fetch("*/*").body()).build();
        List<String> mismatches = new ArrayList<>();
        List<String[]> calls = new ArrayList<>(List.of(
                get("/agents"), get("/agents/current"), get("/agents/nobody"),
                get("/agents/current/journal"), get("/agents/current/journal?limit=0"),
                get("/agents/nobody/journal"), get("/agents/current/config"), get("/agents/current/config/versions"),
                get("/agents/current/config/presets"), get("/agents/nobody/config/presets"),
                get("/agents/current/watchlist"), get("/agents/current/watchlist/candidates"),
                get("/agents/current/trades"), get("/agents/current/trades?phase=bogus"),
                get("/agents/current/positions"), get("/agents/current/equity"),
                get("/agents/current/equity?interval=2h"), get("/agents/current/risk/blocks"),
                get("/agents/current/risk/objectives"), get("/agents/current/evaluation"),
                get("/agents/current/signer"), get("/agents/current/live"), get("/agents/current/identity"),
                get("/indicators"), get("/health"), get("/health/live"), get("/health/ready"), get("/cluster"),
                get("/backtests"), get("/backtests?limit=0"), get("/backtests/bt_nope"),
                get("/backtests/bt_nope/trades"), get("/backtests/bt_nope/equity"),
                call("POST", "/backtests", "{\"strategy_spec\": {\"market_mode\": \"spot\"}}"),
                call("POST", "/backtests", "{\"strategy_spec\": " + BacktestIT.SPEC + ", \"resolution\": \"1h\","
                        + " \"from\": \"2026-11-20T00:00:00Z\", \"to\": \"2026-11-20T06:00:00Z\"}"),
                call("POST", "/backtests/bt_nope/cancel", null),
                call("POST", "/agents/current/promote", null),
                call("POST", "/agents/current/promote", "{\"force\": \"yes\"}"),
                call("POST", "/agents/nobody/promote", null),
                call("PATCH", "/agents/current/config", "{\"preset\": \"reckless\"}"),
                call("PATCH", "/agents/current/config", "{\"evaluation_config\": "),
                call("PATCH", "/agents/current/config", "{\"strategy_spec\": " + BacktestIT.SPEC.replace(
                        "mean-reversion-v1", "never-backtested") + "}"),
                call("PATCH", "/agents/current/config", "{\"backtest_id\": \"bt_nope\"}"),
                call("PATCH", "/agents/current/config", "{\"backtest_id\": \"bt_nope\", \"force\": 1}"),
                call("PUT", "/agents/current/watchlist", "{\"tokens\": [\"NOPE\"]}"),
                call("POST", "/agents/current/demote", null),
                call("POST", "/agents/current/live/reconcile", null),
                call("POST", "/agents/current/identity", null),
                call("POST", "/agents/current/signer/session", "{\"confirm\": \"yes please\"}")));
        for (String[] c : calls) {
            check(validator, c[0], c[1], c[2], mismatches);
        }
        try { // the kill switch and the provisioning after it: the signing session ends as it began
            check(validator, "POST", "/agents/current/kill-switch", "{\"reason\": \"OpenApiIT\"}", mismatches);
        } finally {
            check(validator, "POST", "/agents/current/signer/session", "{\"confirm\": \"provision signing\"}",
                    mismatches);
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    private void check(OpenApiInteractionValidator validator, String method, String pathAndQuery, String body,
            List<String> mismatches) {
        Http.Answer answer = http.send(method, pathAndQuery, body == null ? null : "application/json", body);
        assertTrue(answer.status() < 500, method + " " + pathAndQuery + " → " + answer);
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method),
                SimpleResponse.Builder.status(answer.status())
                        .withContentType(answer.header("Content-Type"))
                        .withBody(answer.body()).build());
        if (report.hasErrors()) {
            mismatches.add(method + " " + pathAndQuery + " → " + answer.status() + " " + answer.body() + ":\n  "
                    + report.getMessages().stream().map(ValidationReport.Message::getMessage).toList());
        }
    }

    private static void assertValid(String document) {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, null);
        assertNotNull(parsed.getOpenAPI(), "parsed");
        assertEquals(List.of(), parsed.getMessages(), "a valid OpenAPI document");
    }

    private HttpResponse<String> fetch(String accept) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "openapi"))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] get(String path) {
        return new String[] {"GET", path, null};
    }

    private static String[] call(String method, String path, String body) {
        return new String[] {method, path, body};
    }
}
