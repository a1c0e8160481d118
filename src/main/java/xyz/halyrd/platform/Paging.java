package xyz.halyrd.platform;

import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * The API's paging by cursor: {@code limit} items a page (50 unless asked, at most 500), and when a page is full a
 * {@code Link: <…>; rel="next"} to the page after it, the cursor parameter set to the last item's key.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private Paging() {
    }

    /** The {@code limit} query parameter: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ApiException.validation("limit", "must be a whole number from 1 to " + MAX_LIMIT + " (got '" + raw + "')");
    }

    /** 200 with {@code page}, linking the next page through {@code cursor} = {@code lastKey} when the page is full. */
    public static Response page(List<?> page, int limit, UriInfo uri, String cursor, String lastKey) {
        Response.ResponseBuilder response = Response.ok(page);
        if (page.size() == limit) {
            response.links(Link.fromUri(uri.getRequestUriBuilder().replaceQueryParam(cursor, lastKey).build())
                    .rel("next").build());
        }
        return response.build();
    }
}
