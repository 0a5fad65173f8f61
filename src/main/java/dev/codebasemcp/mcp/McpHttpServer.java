package dev.codebasemcp.mcp;

import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server over Streamable HTTP: one long-lived MCP server on embedded Jetty serving any number of sessions at
 * {@code /mcp} (each session keeps its own working directory), plus {@code GET /health} and {@code GET /metrics}.
 * Every request passes the {@link RequestGuard} (Host/Origin check, optional bearer token).
 */
public final class McpHttpServer implements AutoCloseable {

    public static final String MCP_PATH = "/mcp";

    private static final Logger log = LoggerFactory.getLogger(McpHttpServer.class);
    /** Longer than the longest request (the MCP request timeout is 2 minutes), so a quiet response is not cut off. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Server jetty;
    private final McpSyncServer mcp;
    private final URI url;
    private final boolean loopback;

    private McpHttpServer(Server jetty, McpSyncServer mcp, URI url, boolean loopback) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.url = url;
        this.loopback = loopback;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free port) and starts serving.
     *
     * @param authToken the bearer token every request must carry, or null to accept requests without one
     * @throws Exception when the address cannot be bound (in use, not local, no permission)
     */
    public static McpHttpServer start(McpServerFactory factory, String host, int port, String authToken) throws Exception {
        boolean loopback = isLoopback(host);
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(factory.jsonMapper())
                .mcpEndpoint(MCP_PATH)
                .build();
        McpSyncServer mcp = factory.streamable(transport);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        Server jetty = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder mcpServlet = new ServletHolder("mcp", transport);
        mcpServlet.setAsyncSupported(true);
        context.addServlet(mcpServlet, MCP_PATH);
        ServletHolder status = new ServletHolder("status", new StatusServlet(factory.resources()));
        context.addServlet(status, StatusServlet.HEALTH_PATH);
        context.addServlet(status, StatusServlet.METRICS_PATH);
        FilterHolder guard = new FilterHolder(new RequestGuard(hostValidator(loopback), authToken));
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.setStopTimeout(STOP_TIMEOUT.toMillis());
        try {
            jetty.start();
        } catch (Exception e) {
            mcp.close();
            jetty.stop();
            throw e;
        }
        URI url = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + MCP_PATH);
        log.info("MCP Streamable HTTP listening on {} ({})", url, authToken == null ? "no token" : "bearer token required");
        if (!loopback && authToken == null) {
            log.warn("Listening on {}, which is reachable from other machines, without a token: anyone who can reach it can "
                    + "read your indexed code. Set CODEBASE_MCP_AUTH_TOKEN or bind to 127.0.0.1.", host);
        }
        return new McpHttpServer(jetty, mcp, url, loopback);
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:8765/mcp}. */
    public URI url() {
        return url;
    }

    /** Whether the server is bound to a loopback address only. */
    public boolean loopback() {
        return loopback;
    }

    /** Closes every MCP session, then stops Jetty, waiting up to a few seconds for requests in flight. */
    @Override
    public void close() {
        try {
            mcp.closeGracefully();
        } catch (RuntimeException e) {
            log.warn("Closing MCP sessions failed", e);
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("Stopping the HTTP server failed", e);
        }
    }

    /**
     * Host and Origin checks against DNS rebinding: a web page may only call the server from a local origin, and on a
     * loopback address the Host header must name a loopback host as well.
     */
    private static DefaultServerTransportSecurityValidator hostValidator(boolean loopback) {
        DefaultServerTransportSecurityValidator.Builder b = DefaultServerTransportSecurityValidator.builder();
        for (String local : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
            b.allowedOrigin("http://" + local + ":*").allowedOrigin("https://" + local + ":*");
            if (loopback) {
                b.allowedHost(local + ":*");
            }
        }
        return b.build();
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
