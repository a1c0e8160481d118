package xyz.halyrd.access.control;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Keeps Payara's MicroProfile JWT out of the way unless Halyrd runs in hosted mode ({@code halyrd.auth.mode=jwt}):
 * the verifier then reads a token only from a cookie no client is given, so a bearer API token (token mode) is never
 * taken for a JWT, and it has an issuer to start with. In hosted mode these defaults are absent and the deployment
 * configures {@code mp.jwt.verify.issuer} and the public key. The mode is read from the system property or the
 * environment ({@code HALYRD_AUTH_MODE}): a config source cannot ask the configuration it is part of.
 */
public class HostedIdentityDefaults implements ConfigSource {

    public static final String MODE = "halyrd.auth.mode";
    public static final String JWT = "jwt";
    /** Below the WAR's microprofile-config.properties (100): anything configured wins. */
    private static final int ORDINAL = 50;
    private static final Map<String, String> OUTSIDE_HOSTED_MODE = Map.of(
            "mp.jwt.token.header", "Cookie",
            "mp.jwt.token.cookie", "halyrd_no_jwt",
            "mp.jwt.verify.issuer", "urn:halyrd:no-hosted-identity");

    private final Map<String, String> properties;

    public HostedIdentityDefaults() {
        properties = hosted() ? Map.of() : OUTSIDE_HOSTED_MODE;
    }

    /** Whether this process runs in hosted mode, by {@code -Dhalyrd.auth.mode} or {@code HALYRD_AUTH_MODE}. */
    public static boolean hosted() {
        String mode = System.getProperty(MODE, System.getenv().getOrDefault("HALYRD_AUTH_MODE", ""));
        return JWT.equalsIgnoreCase(mode.strip());
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "halyrd-hosted-identity-defaults";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
