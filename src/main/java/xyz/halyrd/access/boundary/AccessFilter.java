package xyz.halyrd.access.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import xyz.halyrd.access.control.AccessPolicy;
import xyz.halyrd.access.control.Caller;
import xyz.halyrd.access.control.Sessions;
import xyz.halyrd.access.control.StrictBodies;
import xyz.halyrd.platform.ErrorBodies;

/**
 * The control surface's gate, first in line for every request — REST, the dashboard's files and WebSocket upgrades
 * alike (declared first in web.xml, so it runs before the dashboard filter and the container's WebSocket filter):
 * <ol>
 * <li>the {@code Host} must be one of the server's own names (DNS rebinding): else 403 {@code HOST_REJECTED};</li>
 * <li>an {@code Origin}, if sent, must be the server's own or configured: else 403 {@code ORIGIN_REJECTED} — browsers
 * send it on every cross-origin request and on every POST, PUT, PATCH, DELETE and upgrade;</li>
 * <li>in token mode, {@code Authorization: Bearer <token>} or the dashboard's session cookie: else 401
 * {@code UNAUTHORIZED} (the dashboard's page and files, and the login itself, are open: they hold no data);</li>
 * <li>a body must be {@link StrictBodies strict} JSON (or, for {@code POST /backtests}, UTF-8 YAML), and no larger
 * than {@code halyrd.http.max-body-bytes}.</li>
 * </ol>
 * Then it tells {@link Caller} who is acting, for the journal. Nothing behind it runs for a refused request.
 */
public class AccessFilter extends HttpFilter {

    public static final String SESSION_COOKIE = "halyrd_session";
    /** The most of a refused body read and dropped (never kept) so its sender hears the refusal. */
    static final long DRAIN_LIMIT = 16L * 1024 * 1024;
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> YAML_PATHS = Set.of("/backtests", "/backtests/");

    @Inject
    AccessPolicy policy;

    @Inject
    Sessions sessions;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        if (!policy.hosts().hostAllowed(host, request.getScheme(), request.getLocalAddr(), request.getLocalPort())) {
            refuse(response, 403, "HOST_REJECTED", "This server does not answer to the host name in the request."
                    + " Open it as http://127.0.0.1:" + request.getLocalPort() + "/ or http://localhost:"
                    + request.getLocalPort() + "/, or add the name to halyrd.http.allowed-hosts.");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !policy.hosts().originAllowed(origin, request.getScheme(), host)) {
            refuse(response, 403, "ORIGIN_REJECTED", "Requests from another web page's origin are refused;"
                    + " add the origin to halyrd.http.allowed-origins if it is yours.");
            return;
        }
        String actor = "local";
        if (policy.jwtRequired()) {
            Optional<HostedCaller> who = jwtCaller(request);
            if (who.isEmpty() && !isOpen(request)) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"halyrd\"");
                refuse(response, 401, "UNAUTHORIZED", "Send a JWT of the configured issuer as 'Authorization:"
                        + " Bearer <jwt>', or log in on the dashboard with one.");
                return;
            }
            if (who.isPresent() && !isOpen(request) && !permitted(request, who.get().groups())) {
                refuse(response, 403, "FORBIDDEN", who.get().actor() + " may not " + request.getMethod() + " this:"
                        + " the group " + AccessPolicy.VIEWER + " reads and may pull the kill switch, acting needs the"
                        + " group " + AccessPolicy.TRADER + ".");
                return;
            }
            actor = who.map(HostedCaller::actor).orElse("anonymous");
        } else if (policy.tokenRequired(request.getLocalAddr()) && !isOpen(request)) {
            Optional<String> authenticated = authenticate(request);
            if (authenticated.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"halyrd\"");
                refuse(response, 401, "UNAUTHORIZED", policy.tokenConfigured()
                        ? "Send the API token as 'Authorization: Bearer <token>' (it is in the file named by"
                        + " halyrd.auth.token-file), or log in on the dashboard."
                        : "This server answers beyond loopback only with an API token; set halyrd.auth.token-file.");
                return;
            }
            actor = authenticated.get();
        } else if (policy.tokenConfigured()) {
            actor = authenticate(request).orElse("anonymous");
        }
        HttpServletRequest checked = request;
        if (WITH_BODY.contains(request.getMethod())) {
            Optional<HttpServletRequest> strict = strictBody(request, response);
            if (strict.isEmpty()) {
                return;
            }
            checked = strict.get();
        }
        Caller.identify(checked, actor, origin);
        chain.doFilter(checked, response);
    }

    /**
     * The dashboard's page and files, and the login: a browser must get them before it has a session. Both the path
     * as sent and as the container resolved it must be open, so {@code /assets/../agents} is not.
     */
    static boolean isOpen(HttpServletRequest request) {
        String sent = request.getRequestURI().substring(request.getContextPath().length());
        String resolved = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return sent.equals(resolved) && isOpen(request.getMethod(), sent);
    }

    static boolean isOpen(String method, String path) {
        if (path.equals(SessionResource.PATH)) {
            return true;
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return read && (path.equals("/") || path.equals("/index.html") || path.startsWith("/assets/")
                || path.startsWith("/webjars/"));
    }

    /**
     * In hosted mode: the JWT Payara verified ({@code jwt:<subject>} with its groups), or the dashboard session opened
     * with one; empty for neither.
     */
    private Optional<HostedCaller> jwtCaller(HttpServletRequest request) {
        if (request.getUserPrincipal() instanceof JsonWebToken jwt) {
            return Optional.of(new HostedCaller(jwtActor(jwt), jwt.getGroups() == null ? Set.of() : jwt.getGroups()));
        }
        return sessionCookie(request).flatMap(sessions::find).map(s -> new HostedCaller(s.actor(), s.groups()));
    }

    /** Who a request of hosted mode comes from, as the journal names it, and the groups that say what it may do. */
    private record HostedCaller(String actor, Set<String> groups) {
    }

    /** How the journal names the subject of a JWT: {@code jwt:<subject>}, cut to the journal's width. */
    public static String jwtActor(JsonWebToken jwt) {
        String actor = "jwt:" + (jwt.getSubject() != null ? jwt.getSubject() : jwt.getName());
        return actor.length() > Caller.MAX_ACTOR ? actor.substring(0, Caller.MAX_ACTOR) : actor;
    }

    /** Whether the groups permit the request, by its path as sent and as resolved alike (see {@link #isOpen}). */
    private static boolean permitted(HttpServletRequest request, Set<String> groups) {
        String sent = request.getRequestURI().substring(request.getContextPath().length());
        String resolved = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return AccessPolicy.permits(groups, request.getMethod(), sent)
                && AccessPolicy.permits(groups, request.getMethod(), resolved);
    }

    private static Optional<String> sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (SESSION_COOKIE.equals(cookie.getName())) {
                    return Optional.of(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** {@code token} for the bearer token, {@code session:ses_…} for a dashboard session; empty for neither. */
    private Optional<String> authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return policy.tokenMatches(authorization.substring(7).strip()) ? Optional.of("token") : Optional.empty();
        }
        return sessionCookie(request).flatMap(sessions::find).map(Sessions.Session::actor);
    }

    /** The request with its body read, checked and kept, or empty once a refusal has been sent. */
    private Optional<HttpServletRequest> strictBody(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long declared = request.getContentLengthLong();
        int limit = policy.maxBodyBytes();
        if (declared > limit) {
            tooLarge(request, response, "The request body has " + declared + " bytes; at most " + limit
                    + " are accepted.");
            return Optional.empty();
        }
        byte[] body = readAtMost(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            tooLarge(request, response, "The request body is larger than " + limit + " bytes.");
            return Optional.empty();
        }
        Optional<StrictBodies.Refusal> refusal;
        if (takesYaml(request) && StrictBodies.isYaml(request.getContentType())) {
            refusal = StrictBodies.yaml(request.getContentType(), body);
        } else {
            refusal = StrictBodies.contentType(request.getContentType(), body.length > 0);
            if (refusal.isEmpty() && body.length > 0) {
                refusal = StrictBodies.json(body);
            }
        }
        if (refusal.isPresent()) {
            refuse(response, refusal.get().status(), refusal.get().code(), refusal.get().message());
            return Optional.empty();
        }
        return Optional.of(new ReadBody(request, body));
    }

    /** A strategy spec may come as YAML: {@code POST /backtests} takes a body of either kind. */
    private static boolean takesYaml(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && YAML_PATHS.contains(request.getRequestURI());
    }

    /**
     * 413, after reading and dropping the rest of a body of moderate size: a client still sending it would otherwise
     * not read the answer until it gave up. Beyond {@link #DRAIN_LIMIT} the connection is simply closed.
     */
    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        long declared = request.getContentLengthLong();
        if (declared < 0 || declared <= DRAIN_LIMIT) {
            InputStream in = request.getInputStream();
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained <= DRAIN_LIMIT && (n = in.read(sink)) >= 0) {
                drained += n;
            }
        }
        response.setHeader("Connection", "close");
        refuse(response, 413, "PAYLOAD_TOO_LARGE", message);
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < max && (n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()))) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] body = ErrorBodies.json(code, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request, its body already read and checked, served again from memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
