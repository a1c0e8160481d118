package xyz.halyrd.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
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
 * The answers of {@link KeptUntilWrite} requests, kept until the next write to the database: a request asked again
 * before anything was written gets the answer it got before — its body, its content type and the headers its resource
 * set (a page's {@code Link}) — without a query, a transaction or JSON-B. The access checks ran before (a servlet
 * filter), and the request was matched to its resource, so a refused or unmatched request never reaches here.
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
    record Answer(long writes, Instant until, MediaType type, Map<String, List<String>> headers, byte[] body) {

        Response response() {
            Response.ResponseBuilder response = Response.ok(body, type);
            headers.forEach((name, values) -> values.forEach(value -> response.header(name, value)));
            return response.build();
        }
    }

    /** A request whose answer may be kept: its key, and the count of writes when it was read, all of them ended. */
    private record Pending(String key, long writes) {
    }

    // One store however many instances Jersey makes of this provider (one a role, as it happens): a deployment's.
    private static final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private static final AtomicLong keptBytes = new AtomicLong();
    private static volatile Clock clock;
    private final boolean enabled;

    /**
     * Says that the answer being made to {@code request} also changes by itself, on the agent's clock, at
     * {@code until}: it is kept until then at most.
     */
    public static void keepUntil(HttpServletRequest request, Instant until) {
        request.setAttribute(UNTIL, until);
    }

    public KeptAnswers() {
        Config config = ConfigProvider.getConfig(KeptAnswers.class.getClassLoader());
        enabled = config.getOptionalValue(ENABLED, Boolean.class).orElse(true) && HalyrdDataSource.isEmbedded(config);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!enabled) {
            return;
        }
        String key = request.getUriInfo().getRequestUri().toString(); // the Host is in it, as in a page's Link
        Answer kept = answers.get(key);
        if (kept != null && kept.writes() == DatabaseWrites.began() && holds(kept.until())) {
            request.abortWith(kept.response());
            return;
        }
        long quiet = DatabaseWrites.quietSince();
        if (quiet >= 0) {
            request.setProperty(PENDING, new Pending(key, quiet));
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
            keep(pending.key(), new Answer(pending.writes(), until, context.getMediaType(),
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
