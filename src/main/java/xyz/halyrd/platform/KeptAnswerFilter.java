package xyz.halyrd.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers a {@code GET} from {@link KeptAnswers} when the same request's answer still holds, before JAX-RS; everything
 * else goes on. Mapped in web.xml behind the access checks, so a kept answer is served only to whom may read it.
 */
public class KeptAnswerFilter extends HttpFilter {

    private boolean enabled;

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        enabled = KeptAnswers.enabled();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (enabled && "GET".equals(request.getMethod()) && KeptAnswers.serve(request, response)) {
            return;
        }
        chain.doFilter(request, response);
    }
}
