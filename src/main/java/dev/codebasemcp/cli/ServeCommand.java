package dev.codebasemcp.cli;

import dev.codebasemcp.config.Settings;
import dev.codebasemcp.mcp.McpServerFactory;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serve}: the MCP server over stdio until the client closes stdin. */
@Command(name = "serve", description = "Run the MCP server over stdio (what MCP clients launch).")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        // stdout is the protocol channel: keep the real one for the transport and send any stray print to stderr.
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        Settings settings = Main.settings("WARN");
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
            McpSyncServer server = new McpServerFactory(app.toolContext(), Main.version()).stdio(in, protocolOut);
            stdinClosed.await();
            server.closeGracefully();
        }
        return 0;
    }
}
