package xyz.halyrd.platform;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * Answers a request whose JSON body is missing altogether with a plain {@code MALFORMED_JSON} "empty body",
 * instead of the JSON parser's remark about character encodings — unless the method says its body is
 * {@link OptionalBody optional}.
 */
@Provider
public class EmptyBodyGuard implements ReaderInterceptor {

    @Context
    ResourceInfo resource;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        PushbackInputStream body = new PushbackInputStream(context.getInputStream(), 1);
        int first = body.read();
        if (first < 0 && !optional()) {
            throw new ApiException(Response.Status.BAD_REQUEST, "MALFORMED_JSON",
                    "The request body is empty; send a JSON object.");
        }
        if (first >= 0) {
            body.unread(first);
        }
        context.setInputStream(body);
        return context.proceed();
    }

    private boolean optional() {
        return resource != null && resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(OptionalBody.class);
    }
}
