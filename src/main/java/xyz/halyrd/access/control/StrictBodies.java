package xyz.halyrd.access.control;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import xyz.halyrd.platform.JsonP;

/**
 * What a request body must be before any resource sees it: {@code application/json} (a {@code text/plain} or form
 * body is what a foreign page can send without a preflight), UTF-8, one JSON object, at most {@link #MAX_DEPTH}
 * levels deep, no key twice in an object, and no control or invisible formatting character in any key or string —
 * such a character is refused, never trimmed, so what is journaled is exactly what was sent. Read with a streaming
 * parser, so a hostile body costs no recursion and no tree.
 */
public final class StrictBodies {

    /** Deeper than any body of the API (three levels) with room to spare; 100 000 nested arrays stop here. */
    public static final int MAX_DEPTH = 16;
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";

    /** Why a body is refused: the status and the API's error code and message. */
    public record Refusal(int status, String code, String message) {
    }

    private StrictBodies() {
    }

    /** A body of this type may be read ({@code null} type: only an empty body, as curl sends with no data). */
    public static Optional<Refusal> contentType(String contentType, boolean hasBody) {
        return contentType(contentType, hasBody, JSON);
    }

    /** Whether a request says its body is YAML ({@code application/yaml}), which only a few resources take. */
    public static boolean isYaml(String contentType) {
        return contentType != null && contentType.split(";")[0].strip().equalsIgnoreCase(YAML);
    }

    /**
     * Checks a YAML body's type and text: UTF-8, no control characters but tab and line breaks. Its structure is
     * the parser's to check (one document, plain types, bounded aliases, no duplicate keys).
     */
    public static Optional<Refusal> yaml(String contentType, byte[] body) {
        Optional<Refusal> type = contentType(contentType, body.length > 0, YAML);
        if (type.isPresent()) {
            return type;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of(new Refusal(400, "MALFORMED_YAML", "The request body is not valid UTF-8."));
        }
        boolean control = text.codePoints().anyMatch(c -> c != '\t' && c != '\n' && c != '\r' && isControl(c));
        return control ? Optional.of(new Refusal(400, "MALFORMED_YAML", "The request body holds a control character."))
                : Optional.empty();
    }

    private static Optional<Refusal> contentType(String contentType, boolean hasBody, String accepted) {
        if (contentType == null || contentType.isBlank()) {
            return hasBody ? Optional.of(unsupported("The request has a body but no Content-Type")) : Optional.empty();
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase(accepted)) {
            return Optional.of(unsupported("Content-Type " + shown(parts[0].strip()) + " is not accepted"));
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.isEmpty()) {
                continue;
            }
            String value = parameter.startsWith("charset=") ? parameter.substring(8).replace("\"", "") : null;
            if (value == null || !(value.equals("utf-8") || value.equals("utf8"))) {
                return Optional.of(unsupported("Content-Type parameter " + shown(parts[i].strip())
                        + " is not accepted (only charset=utf-8)"));
            }
        }
        return Optional.empty();
    }

    /** Checks a non-empty JSON body. */
    public static Optional<Refusal> json(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of(new Refusal(400, "MALFORMED_JSON", "The request body is not valid UTF-8."));
        }
        Deque<Frame> frames = new ArrayDeque<>();
        try (JsonParser parser = JsonP.createParser(new StringReader(text))) {
            boolean first = true;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (first) {
                    first = false;
                    if (event != JsonParser.Event.START_OBJECT) {
                        return Optional.of(new Refusal(400, "VALIDATION_FAILED",
                                "body: must be a JSON object, not " + kind(event)));
                    }
                }
                switch (event) {
                    case START_OBJECT, START_ARRAY -> {
                        if (frames.size() >= MAX_DEPTH) {
                            return Optional.of(new Refusal(400, "VALIDATION_FAILED", "body: nested deeper than "
                                    + MAX_DEPTH + " levels"));
                        }
                        String at = frames.isEmpty() ? "body" : frames.peek().path();
                        frames.push(new Frame(at, event == JsonParser.Event.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> {
                        frames.pop();
                        advance(frames);
                    }
                    case KEY_NAME -> {
                        Frame frame = frames.peek();
                        String key = parser.getString();
                        Optional<Refusal> bad = controlCharacter(frame.child(printable(key)), key);
                        if (bad.isPresent()) {
                            return bad;
                        }
                        if (!frame.keys.add(key)) {
                            return Optional.of(new Refusal(400, "VALIDATION_FAILED", frame.child(key)
                                    + ": appears more than once"));
                        }
                        frame.key = key;
                    }
                    case VALUE_STRING -> {
                        Optional<Refusal> bad = controlCharacter(frames.peek().path(), parser.getString());
                        if (bad.isPresent()) {
                            return bad;
                        }
                        advance(frames);
                    }
                    default -> advance(frames);
                }
            }
        } catch (JsonParsingException e) {
            String message = e.getMessage() == null ? "unreadable body" : e.getMessage();
            return Optional.of(new Refusal(400, "MALFORMED_JSON", "The request body is not valid JSON: "
                    + (message.length() > 200 ? message.substring(0, 200) + "…" : message)));
        } catch (jakarta.json.JsonException e) {
            return Optional.of(new Refusal(400, "MALFORMED_JSON", "The request body is not valid JSON."));
        }
        return Optional.empty();
    }

    /** A C0 or C1 control character (NUL, ESC, DEL, …) or an invisible format character (bidi overrides, …). */
    static boolean isControl(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    private static Optional<Refusal> controlCharacter(String where, String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (isControl(cp)) {
                return Optional.of(new Refusal(400, "VALIDATION_FAILED", where + ": contains the control character "
                        + String.format("U+%04X", cp) + "; send the text without it"));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    private static void advance(Deque<Frame> frames) {
        if (!frames.isEmpty() && frames.peek().array) {
            frames.peek().index++;
        }
    }

    private static String kind(JsonParser.Event event) {
        return switch (event) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER -> "a number";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "that";
        };
    }

    private static Refusal unsupported(String why) {
        return new Refusal(415, "UNSUPPORTED_MEDIA_TYPE", why + "; send the body as application/json.");
    }

    private static String shown(String value) {
        String clean = printable(value);
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
    }

    /** A name safe to repeat in a message: control characters shown as {@code ?}, at most 40 characters. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(40).forEach(cp -> out.appendCodePoint(isControl(cp) ? '?' : cp));
        return value.codePointCount(0, value.length()) > 40 ? out + "…" : out.toString();
    }

    /** Where the parser is: an object (its keys so far) or an array (the index of the next element). */
    private static final class Frame {
        final String at;
        final boolean array;
        final Set<String> keys = new HashSet<>();
        String key;
        int index;

        Frame(String at, boolean array) {
            this.at = at;
            this.array = array;
        }

        String path() {
            return array ? child("[" + index + "]") : key == null ? at : child(printable(key));
        }

        String child(String name) {
            String prefix = at.equals("body") ? "" : at;
            return name.startsWith("[") ? (prefix.isEmpty() ? "body" : prefix) + name
                    : prefix.isEmpty() ? name : prefix + "." + name;
        }
    }
}
