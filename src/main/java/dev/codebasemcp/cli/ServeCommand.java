package dev.codebasemcp.cli;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.config.Settings;
import dev.codebasemcp.mcp.McpHttpServer;
import dev.codebasemcp.mcp.McpServerFactory;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the MCP server over stdio until the client closes stdin, or with {@code --http} over Streamable HTTP
 * until the process is stopped (SIGTERM/SIGINT close every session, stop the workers and close the stores).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, description = {
        "Run the MCP server. By default over stdio (what MCP clients launch); stdout then carries only MCP messages.",
        "With --http: serve MCP over Streamable HTTP at http://HOST:PORT/mcp for any number of clients and sessions "
                + "(each session keeps its own working directory), plus GET /health and GET /metrics (Prometheus). "
                + "Binds 127.0.0.1 unless --host says otherwise. If the environment variable CODEBASE_MCP_AUTH_TOKEN is "
                + "set, every request must send 'Authorization: Bearer <token>' (else HTTP 401). Stop it with SIGTERM "
                + "or Ctrl-C."},
        footer = {"", "Examples:", "  codebase-mcp serve", "  codebase-mcp serve --http --port 9000",
                "  CODEBASE_MCP_AUTH_TOKEN=s3cret codebase-mcp serve --http --host 0.0.0.0"})
final class ServeCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 8765;
    static final String DEFAULT_HOST = "127.0.0.1";

    @Spec
    CommandSpec spec;

    @Option(names = "--http", description = "Serve over Streamable HTTP instead of stdio.")
    boolean http;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT,
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free port). Needs --http.")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only). Any other address makes your "
                    + "indexed code reachable from the network: set CODEBASE_MCP_AUTH_TOKEN. Needs --http.")
    String host;

    @Override
    public Integer call() throws Exception {
        if (!http && (matched("--port") || matched("--host"))) {
            throw new InvalidInputException("--port and --host only apply to the HTTP transport; add --http");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port must be between 0 and 65535, not " + port);
        }
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("--host must not be empty; use 127.0.0.1 (this machine) or an address of it");
        }
        // stdout is the protocol channel in stdio mode: keep the real one for the transport and send any stray print to
        // stderr. In HTTP mode nothing belongs on stdout either.
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        Settings settings = Main.settings("WARN");
        return http ? serveHttp(settings) : serveStdio(settings, protocolOut);
    }

    private int serveStdio(Settings settings, OutputStream protocolOut) throws Exception {
        CountDownLatch stdinClosed = new CountDownLatch(1);
        InputStream in = new FilterInputStream(new FileInputStream(FileDescriptor.in)) {
            @Override
            public int read() throws IOException {
                return eof(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return eof(super.read(b, off, len));
            }

            private int eof(int n) {
                if (n < 0) {
                    stdinClosed.countDown();
                }
                return n;
            }
        };
        try (App app = new App(settings).startWorkers()) {
            McpServerFactory factory = app.mcpServerFactory();
            McpSyncServer server = factory.stdio(in, protocolOut);
            warmUp(factory);
            stdinClosed.await();
            server.closeGracefully();
        }
        return 0;
    }

    /** Warms the request path on a daemon thread so that a client's first calls are as fast as later ones. */
    private static void warmUp(McpServerFactory factory) {
        Thread t = new Thread(factory::warmUp, "mcp-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private int serveHttp(Settings settings) throws Exception {
        App app = new App(settings).startWorkers();
        McpHttpServer server;
        try {
            McpServerFactory factory = app.mcpServerFactory();
            server = McpHttpServer.start(factory, host.strip(), port, settings.authToken());
            warmUp(factory);
        } catch (Exception e) {
            app.close();
            if (causedBy(e, BindException.class)) {
                throw new InvalidInputException("Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): the port is "
                        + "in use or the address is not one of this machine. Choose another with --port or --host.");
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LoggerFactory.getLogger(ServeCommand.class).info("Shutting down: closing MCP sessions, workers and stores");
            try {
                server.close();
            } finally {
                app.close();
                stopped.countDown();
            }
        }, "shutdown"));
        System.err.println("codebase-mcp " + Main.version() + " serving MCP over Streamable HTTP at " + server.url()
                + (settings.authToken() == null ? "" : " (bearer token required)"));
        System.err.flush();
        stopped.await();
        return 0;
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
