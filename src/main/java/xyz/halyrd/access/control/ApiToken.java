package xyz.halyrd.access.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API token of token mode, read from (or generated into) {@code halyrd.auth.token-file}. Only a digest is kept;
 * a presented token is compared with it in constant time, so neither its length nor its first differing byte shows
 * in how long a refusal takes. The token itself is never logged, answered or journaled — only the file's path.
 */
public final class ApiToken {

    /** Shorter than this, a token is guessable; a generated one has 43 characters (256 bits). */
    static final int MIN_LENGTH = 24;

    private final byte[] digest;
    private final boolean generated;

    private ApiToken(byte[] digest, boolean generated) {
        this.digest = digest;
        this.generated = generated;
    }

    /** Reads the token in {@code file}, or writes a new random one there (readable by its owner only) if it is absent. */
    public static ApiToken from(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) { // no POSIX modes (Windows): owner-only all the same
                java.io.File created = Files.createFile(file).toFile();
                boolean ownerOnly = created.setReadable(false, false) && created.setReadable(true, true)
                        && created.setWritable(false, false) && created.setWritable(true, true);
                if (!ownerOnly) {
                    Files.delete(file);
                    throw new IllegalStateException("could not make the token file " + file
                            + " readable by its owner only; create it yourself and point halyrd.auth.token-file at it");
                }
            } catch (FileAlreadyExistsException raced) {
                return from(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new ApiToken(digest(token), true);
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IOException("the token in " + file + " must be one line of at least " + MIN_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return new ApiToken(digest(token), false);
    }

    /** Whether this run wrote the token file itself. */
    public boolean generated() {
        return generated;
    }

    /**
     * Names this token without revealing it: dashboard sessions carry it, so replacing the token ends the sessions
     * opened with the old one. A digest of the digest, apart from the one {@link #matches} compares.
     */
    public String fingerprint() {
        return fingerprintOf("halyrd-api-token:" + Base64.getEncoder().encodeToString(digest));
    }

    /** SHA-256 of {@code text}, Base64: 44 characters. */
    static String fingerprintOf(String text) {
        return Base64.getEncoder().encodeToString(digest(text));
    }

    /** Constant-time: digests of equal length are compared byte for byte, all of them. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, digest(presented));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
