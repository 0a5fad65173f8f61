package dev.codebasemcp.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 instance of the test's own (initdb into a temporary directory, an ephemeral port on 127.0.0.1, trust
 * authentication), so a test may stop and start the database under a running server without touching the shared
 * server on 5432. The system's pgvector (installed by scripts/install-pgvector.sh into PostgreSQL 15's lib directory)
 * serves it too. initdb refuses root, so as root the PostgreSQL tools run as the {@code postgres} user. Never skips:
 * when the instance cannot be created the test fails with what to do.
 */
final class PrivatePostgres implements AutoCloseable {

    static final Path BIN = Path.of(System.getenv().getOrDefault("CODEBASE_MCP_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));

    final Path dataDir;
    final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path dataDir, int port, boolean asPostgresUser) {
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** initdb + start; fails with a clear message when PostgreSQL 15 is missing or the instance does not come up. */
    static PrivatePostgres start() throws Exception {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new AssertionError("PostgreSQL 15 server binaries are missing at " + BIN + " (initdb, pg_ctl): install "
                    + "postgresql-15 (Debian: apt-get install postgresql-15) or set CODEBASE_MCP_TEST_PG_BIN");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        // Outside JUnit's @TempDir (mode 700, owned by root): the postgres user must be able to reach it.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cbm-it-pg-");
        if (root) {
            UserPrincipal postgres;
            try {
                postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            } catch (IOException e) {
                throw new AssertionError("running as root, the private PostgreSQL must run as the 'postgres' user, which "
                        + "does not exist here (install PostgreSQL, or run the tests as a non-root user)", e);
            }
            Files.setOwner(dir, postgres);
        }
        PrivatePostgres pg = new PrivatePostgres(dir.resolve("data"), freePort(), root);
        try {
            pg.run(60, BIN.resolve("initdb").toString(), "-D", pg.dataDir.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-sync");
            pg.startServer();
            return pg;
        } catch (Exception | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    /** Starts the (stopped) instance and waits until it accepts connections. */
    void startServer() throws Exception {
        run(90, BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolveSibling("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir.getParent()
                        + " -c fsync=off -c max_connections=100", "start");
    }

    /** Stops it the hard way (as a crash would: no checkpoint, connections cut); the next start recovers. */
    void crash() throws Exception {
        run(60, BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
    }

    ServerStore store() {
        return ServerStore.postgres("127.0.0.1", port);
    }

    private void run(int timeoutSeconds, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        if (!done || p.exitValue() != 0) {
            p.destroyForcibly();
            String log = "";
            Path serverLog = dataDir.resolveSibling("server.log");
            if (Files.exists(serverLog)) {
                log = "; server log: " + Files.readString(serverLog);
            }
            throw new AssertionError("private PostgreSQL: '" + String.join(" ", cmd) + "' failed" + (done ? " (exit "
                    + p.exitValue() + ")" : " (timed out)") + ": " + out + log);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(dataDir.resolve("postmaster.pid"))) {
                run(60, BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir.getParent())) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
