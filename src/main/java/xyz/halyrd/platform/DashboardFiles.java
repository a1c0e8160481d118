package xyz.halyrd.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Serves the dashboard beside the API. JAX-RS owns {@code /*} (the API lives at the root), so without this the
 * container's default servlet never sees a request: {@code GET /} answers the page itself, and {@code /assets/…}
 * (the page's scripts and styles) and {@code /webjars/…} (libraries from jars' META-INF/resources) are handed to the
 * default servlet. Everything else — every API path, and unknown paths with their JSON 404 — goes on to JAX-RS.
 */
@WebFilter(filterName = "dashboard", urlPatterns = "/*", asyncSupported = true) // an API request may wait
public class DashboardFiles extends HttpFilter {

    static final String PAGE = "/index.html";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/") || path.equals(PAGE)) {
            page(request, response);
        } else if (path.startsWith("/assets/") || path.startsWith("/webjars/")) {
            RequestDispatcher files = request.getServletContext().getNamedDispatcher("default");
            if (files == null) {
                chain.doFilter(request, response);
                return;
            }
            files.forward(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = request.getServletContext().getResourceAsStream(PAGE)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            byte[] html = in.readAllBytes();
            response.setContentType("text/html;charset=UTF-8");
            // The page is small and changes with each release; its assets are cheap to revalidate too.
            response.setHeader("Cache-Control", "no-cache");
            // Everything the page needs comes from this server: scripts, styles, the socket.
            response.setHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self'; "
                    + "img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
                    + "base-uri 'none'; frame-ancestors 'none'");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(html.length);
            if (!"HEAD".equals(request.getMethod())) {
                response.getOutputStream().write(html);
            }
        }
    }
}
