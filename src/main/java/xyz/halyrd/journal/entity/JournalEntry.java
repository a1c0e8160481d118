package xyz.halyrd.journal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import xyz.halyrd.platform.AppendOnly;

/**
 * One line of the agent's append-only journal: what it decided, when, and why. Written once, never changed or
 * removed — the entity refuses both.
 */
@Entity
@EntityListeners(AppendOnly.class)
@Table(name = "JOURNAL_ENTRY", indexes = {
        @Index(name = "JOURNAL_ENTRY_TYPE", columnList = "ENTRY_TYPE"),
        @Index(name = "JOURNAL_ENTRY_TS", columnList = "TS")})
public class JournalEntry {

    public static final int MAX_BODY = 16_000;
    public static final int MAX_TAGS = 16;
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./:-]{0,63}");
    private static final String SEP = ",";
    public static final char LIKE_ESCAPE = '!';
    public static final int MAX_ACTOR = 64;
    public static final int MAX_ORIGIN = 200;

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "TS", nullable = false, updatable = false)
    private Instant ts;

    @Column(name = "ENTRY_TYPE", length = 64, nullable = false, updatable = false)
    private String type;

    /** Stored as {@code ,A,B,} so that one tag is found with {@code LIKE '%,A,%'}. */
    @Column(name = "TAGS", length = 1100, nullable = false, updatable = false)
    private String tags;

    @Column(name = "BODY", length = MAX_BODY, nullable = false, updatable = false)
    private String body;

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    /** Who made the request that wrote the entry ({@code local}, {@code token}, {@code session:ses_…}); null if the agent acted by itself. */
    @Column(name = "ACTOR", length = MAX_ACTOR, updatable = false)
    private String actor;

    /** The {@code Origin} of that request (a browser page's), or null. */
    @Column(name = "ORIGIN", length = MAX_ORIGIN, updatable = false)
    private String origin;

    protected JournalEntry() {
    }

    public JournalEntry(String id, Instant ts, String type, List<String> tags, String body, String configVersionId) {
        this(id, ts, type, tags, body, configVersionId, null, null);
    }

    /** An entry written on a person's request: {@code actor} and {@code origin} say who asked and from where. */
    public JournalEntry(String id, Instant ts, String type, List<String> tags, String body, String configVersionId,
            String actor, String origin) {
        this.id = Objects.requireNonNull(id, "id");
        this.ts = Objects.requireNonNull(ts, "ts");
        this.type = requireWord("type", type);
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("at most " + MAX_TAGS + " tags, got " + tags.size());
        }
        tags.forEach(tag -> requireWord("tag", tag));
        this.tags = SEP + String.join(SEP, tags) + SEP;
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("body must have 1 to " + MAX_BODY + " characters");
        }
        this.body = body;
        this.configVersionId = configVersionId;
        if ((actor != null && actor.length() > MAX_ACTOR) || (origin != null && origin.length() > MAX_ORIGIN)) {
            throw new IllegalArgumentException("actor or origin too long");
        }
        this.actor = actor;
        this.origin = origin;
    }

    /** The stored form of one tag, for a {@code LIKE} match against {@link #tags}. */
    public static String tagPattern(String tag) {
        String literal = tag.replace("!", "!!").replace("_", "!_").replace("%", "!%");
        return "%" + SEP + literal + SEP + "%";
    }

    public static boolean isWord(String value) {
        return value != null && WORD.matcher(value).matches();
    }

    private static String requireWord(String what, String value) {
        if (!isWord(value)) {
            throw new IllegalArgumentException(what + " must be a word of letters, digits and _./:- (got '"
                    + value + "')");
        }
        return value;
    }

    public String id() {
        return id;
    }

    public Instant ts() {
        return ts;
    }

    public String type() {
        return type;
    }

    public List<String> tags() {
        return Arrays.stream(tags.split(SEP)).filter(t -> !t.isEmpty()).toList();
    }

    public String body() {
        return body;
    }

    public String configVersionId() {
        return configVersionId;
    }

    public String actor() {
        return actor;
    }

    public String origin() {
        return origin;
    }
}
