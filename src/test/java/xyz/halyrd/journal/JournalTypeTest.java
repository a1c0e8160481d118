package xyz.halyrd.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import xyz.halyrd.journal.entity.JournalType;

/**
 * The journal's vocabulary is written down four times — the enum, the OpenAPI document, docs/api.md and the
 * dashboard's chip tones — and the others must name exactly the enum's types, in its order.
 */
class JournalTypeTest {

    private static final List<String> NAMES = Arrays.stream(JournalType.values()).map(Enum::name).toList();

    @Test
    void theOpenApiDocumentListsExactlyTheTypesOfTheEnum() throws IOException {
        Map<?, ?> schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml");
            Map<?, ?> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            schema = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) document.get("components")).get("schemas"))
                    .get("JournalType");
        }
        assertNotNull(schema, "components.schemas.JournalType");
        assertEquals(NAMES, schema.get("x-extensible-enum"));
    }

    @Test
    void theApiDocsListExactlyTheTypesOfTheEnum() throws IOException {
        String docs = Files.readString(Path.of("docs", "api.md"));
        int start = docs.indexOf("## Journal types");
        assertTrue(start >= 0, "docs/api.md has a section '## Journal types'");
        String section = docs.substring(start);
        int next = section.indexOf("\n## ", 1);
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|")
                .matcher(next < 0 ? section : section.substring(0, next));
        List<String> listed = new ArrayList<>();
        while (row.find()) {
            listed.add(row.group(1));
        }
        assertEquals(NAMES, listed);
    }

    @Test
    void theDashboardGivesEveryTypeAChipTone() throws IOException {
        String panel = Files.readString(Path.of("src", "main", "webapp", "assets", "js", "panels", "journal.js"));
        Matcher table = Pattern.compile("(?s)const TYPE_TONES = \\{(.*?)\\};").matcher(panel);
        assertTrue(table.find(), "panels/journal.js has its TYPE_TONES");
        Matcher key = Pattern.compile("([A-Z_]+):").matcher(table.group(1));
        List<String> toned = new ArrayList<>();
        while (key.find()) {
            toned.add(key.group(1));
        }
        assertEquals(NAMES, toned);
    }
}
