package xyz.halyrd.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The answers of {@link KeptUntilWrite} requests, kept until the next write to the database: a {@code GET} asked again
 * before anything was written gets the answer it got before — its body, its content type and the headers its resource
 * set (a page's {@code Link}) — from {@link KeptAnswerFilter}, a servlet filter right behind the access checks: no
 * JAX-RS, no query, no transaction, no JSON-B. Only what JAX-RS answered with 200 for a {@link KeptUntilWrite}
 * resource is kept, under the request's URL with its query and its {@code Accept} (which decides the answer's type, or
 * a 406), so a request that would be refused or answered otherwise is never served from here.
 *
 * <p>An answer is kept only when nothing was being written from before it was read until after it was sent
 * ({@link DatabaseWrites#quietSince()}), and served only while no write has begun since ({@link DatabaseWrites#began()},
 * which moves before the database commits). So a client told of a commit — by the response to its own write, or an
 * event on the stream, both sent after the commit — never reads what was there before it. Only while the database is
 * embedded ({@link HalyrdDataSource#isEmbedded}): a shared database is written by other nodes this JVM does not see.
 * An answer that also changes with time says until when it holds ({@link #keepUntil}). {@value #ENABLED}
 * ({@code true}) turns it off. At most {@value #MAX_BODY} bytes an answer and {@value #MAX_KEPT}
 * bytes in all are kept; past that, everything kept is let go.
 */
@Provider
@KeptUntilWrite
@Priority(Priorities.USER)
public class KeptAnswers implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

    public static final String ENABLED = "halyrd.http.keep-answers";
    private static final int MAX_BODY = 256 * 1024;
    private static final long MAX_KEPT = 4L * 1024 * 1024;
    private static final String PENDING = KeptAnswers.class.getName() + ".pending";
    private static final String UNTIL = KeptAnswers.class.getName() + ".until";

    /** An answer as it was sent, the count of writes it reflects, and until when it holds (null: until a write). */
    private record Answer(long writes, Instant until, String type, Map<String, List<String>> headers, byte[] body) {

        void writeTo(HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(type);
            headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** A request whose answer may be kept: its key, and the count of writes when it was read, all of them ended. */
    private record Pending(String key, long writes) {
    }

    // One store however many instances Jersey makes of this provider (one a role, as it happens): a deployment's.
    private static final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private static final AtomicLong keptBytes = new AtomicLong();
    private static volatile Clock clock;
    private final boolean enabled = enabled();

    @Context
    HttpServletRequest servletRequest;

    /**
     * Says that the answer being made to {@code request} also changes by itself, on the agent's clock, at
     * {@code until}: it is kept until then at most.
     */
    public static void keepUntil(HttpServletRequest request, Instant until) {
        request.setAttribute(UNTIL, until);
    }

    /** Says that the answer being made to {@code request} is not made of committed rows alone this time. */
    public static void doNotKeep(HttpServletRequest request) {
        keepUntil(request, Instant.MIN);
    }

    /** Whether answers are kept: {@value #ENABLED} and an embedded database. */
    static boolean enabled() {
        Config config = ConfigProvider.getConfig(KeptAnswers.class.getClassLoader());
        return config.getOptionalValue(ENABLED, Boolean.class).orElse(true) && HalyrdDataSource.isEmbedded(config);
    }

    /**
     * Answers {@code request} as it was answered before, if that answer still holds: true once it is sent. Called by
     * {@link KeptAnswerFilter} for every {@code GET} that passed the access checks.
     */
    static boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (answers.isEmpty()) {
            return false;
        }
        Answer kept = answers.get(keyOf(request));
        if (kept == null || kept.writes() != DatabaseWrites.began() || !holds(kept.until())) {
            return false;
        }
        kept.writeTo(response);
        return true;
    }

    /**
     * What a kept answer is found by: the request's URL as sent (the Host is in it, as in a page's {@code Link}), its
     * query, and its {@code Accept}.
     */
    private static String keyOf(HttpServletRequest request) {
        StringBuilder key = new StringBuilder(128).append(request.getRequestURL());
        String query = request.getQueryString();
        if (query != null) {
            key.append('?').append(query);
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return key.append('\n').append(accept == null ? "" : accept).toString();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled || !"GET".equals(request.getMethod())) {
            return;
        }
        long quiet = DatabaseWrites.quietSince();
        if (quiet >= 0) {
            request.setProperty(PENDING, new Pending(keyOf(servletRequest), quiet));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != Response.Status.OK.getStatusCode()) {
            request.removeProperty(PENDING); // errors are answered afresh
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (!(context.getProperty(PENDING) instanceof Pending pending)) {
            context.proceed();
            return;
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream(2048);
        context.setOutputStream(new Copying(context.getOutputStream(), copy));
        context.proceed();
        Instant until = (Instant) context.getProperty(UNTIL);
        if (DatabaseWrites.began() == pending.writes() && copy.size() <= MAX_BODY && holds(until)) {
            keep(pending.key(), new Answer(pending.writes(), until, context.getMediaType().toString(),
                    headers(context.getHeaders()), copy.toByteArray()));
        }
    }

    /** Whether an answer that holds until {@code until} (null: until a write) still holds on the agent's clock. */
    private static boolean holds(Instant until) {
        return until == null || clock().instant().isBefore(until);
    }

    /** The agent's clock (the demo's sped-up one, or the wall clock), found once. */
    private static Clock clock() {
        Clock found = clock;
        if (found == null) {
            found = CDI.current().select(Clock.class).get();
            clock = found;
        }
        return found;
    }

    private static void keep(String key, Answer answer) {
        if (keptBytes.addAndGet(answer.body().length) > MAX_KEPT) {
            answers.clear();
            keptBytes.set(answer.body().length);
        }
        Answer replaced = answers.put(key, answer);
        if (replaced != null) {
            keptBytes.addAndGet(-replaced.body().length);
        }
    }

    /** The headers the resource set, as sent, but the content type (the answer's own). */
    private static Map<String, List<String>> headers(MultivaluedMap<String, Object> headers) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                List<String> texts = new ArrayList<>(values.size());
                values.forEach(value -> texts.add(String.valueOf(value)));
                kept.put(name, List.copyOf(texts));
            }
        });
        return Collections.unmodifiableMap(kept);
    }

    /** Writes through to the client and into a copy. */
    private static final class Copying extends FilterOutputStream {

        private final OutputStream copy;

        Copying(OutputStream out, OutputStream copy) {
            super(out);
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            copy.write(b, off, len);
        }
    }
}
