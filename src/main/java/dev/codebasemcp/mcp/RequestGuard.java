package dev.codebasemcp.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every HTTP request before it reaches MCP: the Host/Origin check against DNS rebinding (the SDK's validator),
 * then, when a token is configured, {@code Authorization: Bearer <token>} compared in constant time. A refusal is a
 * JSON body {@code {"error": ..., "error_description": ...}}; a missing or wrong token is 401 with
 * {@code WWW-Authenticate: Bearer}.
 */
final class RequestGuard implements Filter {

    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerHttpHeaderValidator headers;
    private final byte[] tokenDigest;

    /** @param token the bearer token every request must carry, or null for none */
    RequestGuard(ServerHttpHeaderValidator headers, String token) {
        this.headers = headers;
        this.tokenDigest = token == null ? null : sha256(token);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        try {
            headers.validate(accessor(req));
        } catch (ServerTransportSecurityException e) {
            log.debug("Refused {} {} from {}: {}", req.getMethod(), req.getRequestURI(), req.getRemoteAddr(), e.getMessage());
            reject(res, e.getStatusCode(), "forbidden", e.getMessage() + ": requests from web pages of other sites are refused");
            return;
        }
        if (tokenDigest != null && !authorized(req.getHeader("Authorization"))) {
            log.debug("Refused {} {} from {}: missing or wrong bearer token", req.getMethod(), req.getRequestURI(), req.getRemoteAddr());
            res.setHeader("WWW-Authenticate", "Bearer realm=\"codebase-mcp\"");
            reject(res, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized",
                    "Missing or wrong bearer token: send the header 'Authorization: Bearer <token>' with the token the server "
                            + "was started with (CODEBASE_MCP_AUTH_TOKEN).");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the header carries the configured token; the comparison time does not depend on where they differ. */
    boolean authorized(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests have a fixed length, so isEqual's constant-time comparison also hides the token's length.
        return MessageDigest.isEqual(tokenDigest, sha256(value.substring(7).strip()));
    }

    private static void reject(HttpServletResponse res, int status, String error, String description) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write(JSON.writeValueAsString(Map.of("error", error, "error_description", description)));
    }

    private static HeaderAccessor accessor(HttpServletRequest req) {
        return new HeaderAccessor() {
            @Override
            public List<String> getHeader(String name) {
                return Collections.list(req.getHeaders(name));
            }

            @Override
            public List<String> getHeaderNames() {
                return Collections.list(req.getHeaderNames());
            }
        };
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
