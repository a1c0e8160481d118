package xyz.halyrd.access.control;

/**
 * Whether this process runs in hosted mode ({@code halyrd.auth.mode=jwt}): every request then needs a bearer JWT,
 * verified by Payara's MicroProfile JWT. The mode is read from the system property or the environment
 * ({@code HALYRD_AUTH_MODE}) because it decides, while the application is deployed and before its configuration is
 * read, whether Payara's JWT mechanism is installed at all ({@code access.boundary.HostedLoginSwitch}).
 */
public final class HostedMode {

    public static final String MODE = "halyrd.auth.mode";
    public static final String JWT = "jwt";

    private HostedMode() {
    }

    /** Whether this process runs in hosted mode, by {@code -Dhalyrd.auth.mode} or {@code HALYRD_AUTH_MODE}. */
    public static boolean on() {
        String mode = System.getProperty(MODE, System.getenv().getOrDefault("HALYRD_AUTH_MODE", ""));
        return JWT.equalsIgnoreCase(mode.strip());
    }
}
