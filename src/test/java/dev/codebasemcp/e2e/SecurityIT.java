package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security properties of the packaged server: the HTTP transport binds to loopback by default and refuses every
 * endpoint without the bearer token; hostile project names, filters and ids cannot inject SQL (embedded and
 * PostgreSQL stores) or place data outside the data directory; symlinks out of the repository are never followed
 * (a FIFO behind them would block any read); and secrets in settings never reach the log or {@code doctor}.
 */
class SecurityIT {

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    /** Hostile project names: SQL, path traversal, absolute paths, quotes, unicode. */
    static final List<String> HOSTILE_NAMES = List.of("x'); DROP TABLE projects; -- " + SUFFIX,
            "Robert\"; DROP DATABASE postgres; -- " + SUFFIX, "../../../escape-" + SUFFIX, "/tmp/abs-escape-" + SUFFIX,
            "..\\..\\win-" + SUFFIX, "%2e%2e%2f" + SUFFIX, "名前 " + SUFFIX);
    static final List<String> createdDatabases = Collections.synchronizedList(new ArrayList<>());
    static final List<String> createdRoles = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path tmp;

    @Test
    void http_bindsToLoopbackByDefault_andRefusesEveryEndpointWithoutTheToken() throws Exception {
        String token = "sec-" + UUID.randomUUID();
        try (McpHttpServerProcess server = new McpHttpServerProcess(Files.createDirectories(tmp.resolve("home")), token,
                Map.of("EMBEDDING_PROVIDER", "hash"))) {
            assertThat(server.url.getHost()).isEqualTo("127.0.0.1");
            InetAddress external = nonLoopbackAddress();
            System.out.println("HTTP: non-loopback address probed: " + external);
            if (external != null) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external, server.url.getPort()), 2000);
                    throw new AssertionError("the server accepted a connection on " + external + ", not only on loopback");
                } catch (IOException expected) {
                    // connection refused: nothing listens there
                }
            }
            HttpClient http = HttpClient.newHttpClient();
            URI base = server.url.resolve("/");
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\",\"version\":\"1\"}}}";
            List<HttpRequest> refused = new ArrayList<>();
            for (String auth : new String[] {null, "Bearer", "Bearer ", "Basic " + token, "Bearer " + token + "x",
                    "Bearer " + token.substring(1), token, "Bearer  " + token.toUpperCase()}) {
                for (HttpRequest.Builder b : List.of(
                        HttpRequest.newBuilder(server.url).POST(HttpRequest.BodyPublishers.ofString(init))
                                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream"),
                        HttpRequest.newBuilder(server.url).GET().header("Accept", "text/event-stream"),
                        HttpRequest.newBuilder(server.url).DELETE(),
                        HttpRequest.newBuilder(base.resolve("/health")).GET(),
                        HttpRequest.newBuilder(base.resolve("/metrics")).GET(),
                        HttpRequest.newBuilder(URI.create(server.url + "?token=" + token)).GET(),
                        HttpRequest.newBuilder(base.resolve("/no-such-endpoint")).GET())) {
                    if (auth != null) {
                        b.header("Authorization", auth);
                    }
                    refused.add(b.build());
                }
            }
            for (HttpRequest r : refused) {
                HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as("%s %s with %s", r.method(), r.uri(), r.headers().firstValue("Authorization"))
                        .isEqualTo(401);
                assertThat(res.body()).doesNotContain(token);
            }
            for (String path : List.of("mcp/%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "health/..%2f..%2fetc%2fpasswd")) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path).isIn(400, 404);
                assertThat(res.body()).doesNotContain("root:");
            }
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            System.out.printf("HTTP: %d requests without a valid token, all refused with 401%n", refused.size());
            assertThat(server.serverLog()).doesNotContain(token);
        }
    }

    @Test
    void hostileProjectNamesAndFilters_embeddedStore_injectNothingAndStayInTheDataDirectory() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (McpServerProcess server = new McpServerProcess(home, Map.of("EMBEDDING_PROVIDER", "hash"))) {
            hostileNamesAndFilters(server);
        }
        try (Stream<Path> top = Files.list(home)) {
            assertThat(top.map(p -> p.getFileName().toString()).toList())
                    .allMatch(n -> n.startsWith("registry.db") || n.equals("projects") || n.equals("logs") || n.equals("server.log")
                            || n.equals("stdout.jsonl"), "only the registry, projects and logs in the data directory");
        }
        try (Stream<Path> projects = Files.list(home.resolve("projects"))) {
            assertThat(projects.map(p -> p.getFileName().toString()).toList()).hasSize(HOSTILE_NAMES.size())
                    .allMatch(n -> n.matches("cb_proj_[a-z0-9_]+_[a-f0-9]{8}"));
        }
        assertNothingEscaped();
    }

    @Test
    void hostileProjectNamesAndFilters_postgresStore_injectNothing() throws Exception {
        String registry = "cbm_sec_registry_" + SUFFIX;
        createdDatabases.add(registry);
        Path home = Files.createDirectories(tmp.resolve("pg-home"));
        List<String> projectDbs;
        try (McpServerProcess server = new McpServerProcess(home, Map.of("EMBEDDING_PROVIDER", "hash",
                "CODEBASE_MCP_STORE", "postgres", "REGISTRY_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + registry))) {
            projectDbs = hostileNamesAndFilters(server);
        }
        createdDatabases.addAll(projectDbs);
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            ResultSet dbs = st.executeQuery("SELECT datname FROM pg_database");
            List<String> names = new ArrayList<>();
            while (dbs.next()) {
                names.add(dbs.getString(1));
            }
            assertThat(names).contains("postgres", registry).containsAll(projectDbs);
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + registry + "?user=postgres");
             Statement st = c.createStatement()) {
            ResultSet rows = st.executeQuery("SELECT name FROM projects ORDER BY name");
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            assertThat(names).containsAll(HOSTILE_NAMES);
            assertThat(st.executeQuery("SELECT count(*) FROM indexing_jobs").next()).isTrue();
        }
        assertNothingEscaped();
    }

    /**
     * Indexes one repository per hostile project name (each with symlinks out of the repository to a FIFO, which would
     * block a read), then searches each by name with hostile filters. Returns the projects' database names.
     */
    private List<String> hostileNamesAndFilters(McpServerProcess server) throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path fifo = outside.resolve("trap.fifo");
        if (!Files.exists(fifo)) {
            new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS);
            Fixtures.write(outside.resolve("Leak.java"), "class Leak { String s = \"OutsideLeak" + SUFFIX + "\"; }\n");
        }
        List<String> databases = new ArrayList<>();
        for (int i = 0; i < HOSTILE_NAMES.size(); i++) {
            String name = HOSTILE_NAMES.get(i);
            Path repo = Files.createDirectories(tmp.resolve("repos").resolve("r" + i + "-" + server.home.getFileName()));
            Fixtures.write(repo.resolve("src/Marker" + i + ".java"), "class Marker" + i + " { void hostileMarker" + i + "() {} }\n");
            Fixtures.write(repo.resolve(".codebase-mcp/config.json"), "{\"version\": \"1.0\", \"project\": {\"name\": "
                    + McpServerProcess.JSON.writeValueAsString(name) + "}}");
            Files.createSymbolicLink(repo.resolve("trap.py"), fifo);
            Files.createSymbolicLink(repo.resolve("outside"), outside);
            var r = server.call("index_repository", Map.of("repo_path", repo.toRealPath().toString(), "wait_seconds", 50));
            assertThat(r.isError()).as(r.text()).isFalse();
            assertThat(r.json().get("status").asText()).as(r.text()).isEqualTo("completed");
            assertThat(r.json().get("database_name").asText()).matches("cb_proj_[a-z0-9_]+_[a-f0-9]{8}");
            assertThat(r.json().get("warnings").toString()).contains("trap.py: symlink_outside_repository")
                    .contains("outside: symlink_outside_repository");
            databases.add(r.json().get("database_name").asText());
        }
        JsonNode projects = server.call("list_projects", Map.of()).json().get("projects");
        assertThat(projects.findValuesAsText("name")).containsAll(HOSTILE_NAMES);
        for (int i = 0; i < HOSTILE_NAMES.size(); i++) {
            var hit = server.call("search_code", Map.of("query", "hostileMarker" + i, "project_id", HOSTILE_NAMES.get(i), "mode", "lexical"));
            assertThat(hit.isError()).as(hit.text()).isFalse();
            assertThat(hit.json().get("results").findValuesAsText("file_path")).containsExactly("src/Marker" + i + ".java");
            for (Map<String, Object> filters : List.of(Map.<String, Object>of("language", "java' OR '1'='1"),
                    Map.<String, Object>of("language", "java\"); DROP TABLE code_chunks; --"),
                    Map.<String, Object>of("directory", "src/'; DROP TABLE code_files; --"),
                    Map.<String, Object>of("directory", "src/*' OR path LIKE '%"),
                    Map.<String, Object>of("directory", "src/**/$(touch pwned)*"))) {
                Map<String, Object> args = new HashMap<>(Map.of("query", "hostileMarker" + i, "project_id", HOSTILE_NAMES.get(i)));
                args.putAll(filters);
                var r = server.call("search_code", args);
                assertThat(r.isError()).as("%s -> %s", args, r.text()).isFalse();
                assertThat(r.json().get("results")).as("%s", args).isEmpty();
            }
            var sqlQuery = server.call("search_code", Map.of("query", "'; DROP TABLE projects; -- \" OR 1=1", "project_id",
                    HOSTILE_NAMES.get(i), "mode", "lexical"));
            assertThat(sqlQuery.isError()).as(sqlQuery.text()).isFalse();
            var leak = server.call("search_code", Map.of("query", "OutsideLeak" + SUFFIX + " Leak", "project_id", HOSTILE_NAMES.get(i)));
            assertThat(leak.text()).doesNotContain("OutsideLeak" + SUFFIX);
        }
        assertThat(server.call("list_projects", Map.of()).json().get("projects").size()).isEqualTo(projects.size());
        return databases;
    }

    /** No hostile name made a file or directory outside the data directory. */
    private void assertNothingEscaped() throws IOException {
        assertThat(Path.of("/tmp/abs-escape-" + SUFFIX)).doesNotExist();
        for (Path dir : List.of(tmp, tmp.getParent(), tmp.getParent().getParent(), Path.of("."))) {
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.contains(SUFFIX) || n.equals("pwned"));
            }
        }
    }

    @Test
    void secrets_neverReachTheLogOrDoctor() throws Exception {
        String role = "cbm_sec_" + SUFFIX;
        String password = "S3cr@t:pw" + SUFFIX + "@x"; // '@' and ':' inside the password, not %-encoded
        String encoded = password.replace("@", "%40").replace(":", "%3A");
        String token = "tok-" + UUID.randomUUID();
        String apiKey = "sk-" + UUID.randomUUID();
        String registry = "cbm_sec_reg2_" + SUFFIX;
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            // SUPERUSER: the server creates the vector extension in the registry database it creates.
            st.execute("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + password + "'");
        }
        createdRoles.add(role);
        createdDatabases.add(registry);
        List<String> secrets = List.of(password, encoded, token, apiKey, SUFFIX + "@x");
        Path home = Files.createDirectories(tmp.resolve("secret-home"));
        for (String url : List.of("postgresql://" + role + ":" + password + "@127.0.0.1:5432/" + registry,
                "postgresql://" + role + ":" + encoded + "@127.0.0.1:5432/" + registry,
                "jdbc:postgresql://127.0.0.1:5432/" + registry + "?user=" + role + "&password=" + encoded,
                "postgresql://" + role + ":" + encoded + "@127.0.0.1:1/" + registry)) {
            Map<String, String> env = Map.of("CODEBASE_MCP_STORE", "postgres", "REGISTRY_DATABASE_URL", url,
                    "CODEBASE_MCP_AUTH_TOKEN", token, "OPENAI_API_KEY", apiKey, "EMBEDDING_PROVIDER", "hash",
                    "LOG_LEVEL", "DEBUG");
            String doctor = runCli(home, env, "doctor");
            assertThat(doctor).contains("****").contains("CODEBASE_MCP_AUTH_TOKEN");
            for (String secret : secrets) {
                assertThat(doctor).as("doctor output with %s", url.replace(password, "<pw>").replace(encoded, "<pw>"))
                        .doesNotContain(secret);
            }
        }
        Path repo = Fixtures.writeRepo(tmp.resolve("secret-repo"));
        try (McpServerProcess server = new McpServerProcess(home, Map.of("CODEBASE_MCP_STORE", "postgres",
                "REGISTRY_DATABASE_URL", "postgresql://" + role + ":" + password + "@127.0.0.1:5432/" + registry,
                "CODEBASE_MCP_AUTH_TOKEN", token, "OPENAI_API_KEY", apiKey, "EMBEDDING_PROVIDER", "hash", "LOG_LEVEL", "DEBUG"))) {
            var r = server.call("index_repository", Map.of("repo_path", repo.toString(), "wait_seconds", 50));
            assertThat(r.isError()).as(r.text()).isFalse();
            createdDatabases.add(r.json().get("database_name").asText());
            assertThat(server.call("search_code", Map.of("query", "computeBackoffDelay")).isError()).isFalse();
            String log = server.serverLog();
            assertThat(log).contains("REGISTRY_DATABASE_URL").contains("****");
            for (String secret : secrets) {
                assertThat(log).as("server log").doesNotContain(secret);
                assertThat(Files.readString(server.stdoutCopy)).doesNotContain(secret);
            }
        }
    }

    /** Runs the CLI jar with a clean environment plus {@code env}; returns stdout and stderr together. */
    private static String runCli(Path home, Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-modules",
                "jdk.incubator.vector", "-Xmx512m", "-jar", System.getProperty("codebase.jar", "target/codebase-mcp.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", System.getProperty("user.home"));
        pb.environment().put("CODEBASE_MCP_HOME", home.toString());
        pb.environment().put("LOG_FILE", home.resolve("cli.log").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out + "\n--- log ---\n" + (Files.exists(home.resolve("cli.log")) ? Files.readString(home.resolve("cli.log")) : "");
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    @AfterAll
    static void dropDatabasesAndRoles() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            for (String db : createdDatabases) {
                st.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
            for (String role : createdRoles) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }
}
