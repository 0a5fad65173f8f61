package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP surface on the PostgreSQL + pgvector store (CODEBASE_MCP_STORE=postgres) against the local server: index,
 * search, the project's cb_proj_* database and registry row, and a restart that finds them again. Uses its own
 * registry database and a uniquely named project, both dropped afterwards.
 */
class McpPostgresIT {

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String REGISTRY_DB = "cbm_it_registry_" + SUFFIX;
    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    static final List<String> createdDatabases = new ArrayList<>(List.of(REGISTRY_DB));

    @TempDir
    Path tmp;

    private McpServerProcess server(Path home) throws Exception {
        return new McpServerProcess(Files.createDirectories(home), Map.of("EMBEDDING_PROVIDER", "hash",
                "CODEBASE_MCP_STORE", "postgres",
                "REGISTRY_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + REGISTRY_DB));
    }

    @Test
    void indexAndSearch_onPostgres_survivesARestart() throws Exception {
        Path repo = Fixtures.writeRepo(tmp.resolve("acme"));
        String project = "pg-it-" + SUFFIX;
        Fixtures.config(repo, project);
        Path home = tmp.resolve("home");
        String database;
        try (McpServerProcess s = server(home)) {
            var r = s.call("index_repository", Map.of("repo_path", repo.toString(), "wait_seconds", 50));
            assertThat(r.isError()).as(r.text()).isFalse();
            JsonNode job = r.json().get("status").asText().equals("completed") ? r.json()
                    : s.awaitJob(r.json().get("job_id").asText(), Duration.ofMinutes(3)).getLast();
            assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
            assertThat(job.get("files_indexed").asInt()).isEqualTo(Fixtures.FILES.size());
            database = job.get("database_name").asText();
            createdDatabases.add(database);
            var hit = s.call("search_code", Map.of("query", "computeBackoffDelay", "project_id", project));
            assertThat(hit.isError()).as(hit.text()).isFalse();
            assertThat(hit.json().get("results").get(0).get("file_path").asText()).endsWith("RetryPolicy.java");
            assertThat(hit.json().at("/index/state").asText()).isEqualTo("ready");
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            ResultSet dbs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            assertThat(dbs.next()).as("database %s exists", database).isTrue();
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + REGISTRY_DB + "?user=postgres");
             Statement st = c.createStatement()) {
            ResultSet row = st.executeQuery("SELECT database_name FROM projects WHERE name = '" + project + "'");
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo(database);
        }
        try (McpServerProcess again = server(home)) {
            assertThat(again.call("list_projects", Map.of()).json().get("projects").findValuesAsText("name")).contains(project);
            var hit = again.call("search_code", Map.of("query", "parse csv rows", "project_id", project, "mode", "lexical"));
            assertThat(hit.json().get("results").get(0).get("file_path").asText()).isEqualTo("scripts/csv_tools.py");
        }
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement st = c.createStatement()) {
            for (String db : createdDatabases) {
                st.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
        }
    }
}
