package dev.codebasemcp.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input matrix through the real MCP interface: the packaged server over stdio, driven by the SDK's client, gets
 * wrong types, missing and extra arguments, empty, huge, unicode and control-character strings, relative, {@code ..},
 * symlinked and missing paths, files for directories, unknown and malformed ids, hostile project configs, limits and
 * offsets out of range and invalid globs, for every tool. Each must come back as an {@code isError} result whose text
 * says what to fix; afterwards the server still answers, and the projects, jobs, index sizes and the data directory
 * are exactly as before. Uses the deterministic hash embedder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpBadInputIT {

    /** One bad call and a fragment its error text must contain. */
    record Case(String tool, Map<String, Object> args, String expected) {}

    @TempDir
    static Path tmp;
    McpServerProcess server;
    Path repo;
    Path other;
    String victimJob;
    String bystanderJob;

    @BeforeAll
    void start() throws Exception {
        repo = Fixtures.writeRepo(tmp.resolve("victim"));
        Fixtures.config(repo, "victim");
        other = Fixtures.writeRepo(tmp.resolve("bystander"));
        Fixtures.config(other, "bystander");
        server = new McpServerProcess(Files.createDirectories(tmp.resolve("home")), Map.of("EMBEDDING_PROVIDER", "hash"));
        victimJob = indexed(repo);
        bystanderJob = indexed(other);
        assertThat(ok("search_code", Map.of("query", "retry")).at("/index/state").asText()).isEqualTo("empty"); // default exists now
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyBadInput_getsAnActionableError_andNothingChanges() throws Exception {
        ServerState before = state();
        assertThat(before.files().keySet()).contains("registry.db").anyMatch(f -> f.startsWith("projects/cb_proj_victim_"));
        assertThat(before.jobs().get("total_count").asInt()).isEqualTo(2);
        List<Case> cases = new ArrayList<>();
        setWorkingDirectoryCases(cases);
        startIndexingCases(cases);
        indexRepositoryCases(cases);
        jobCases(cases);
        listJobsCases(cases);
        searchCases(cases);
        cases.add(new Case("list_projects", Map.of("verbose", true), "does not take an argument 'verbose'"));
        cases.add(new Case("list_projects", Map.of("project_id", "victim"), "valid arguments: none"));

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            McpServerProcess.Result r = server.call(c.tool(), c.args());
            if (!r.isError() || !r.text().contains(c.expected())) {
                failures.add(c.tool() + " " + abbreviate(c.args().toString()) + "\n    expected isError containing '" + c.expected()
                        + "'\n    got isError=" + r.isError() + ": " + abbreviate(r.text()));
            } else if (r.text().length() > 2_000 || r.text().contains("server problem")) {
                failures.add(c.tool() + " " + abbreviate(c.args().toString()) + ": not a short caller-fixable message: "
                        + abbreviate(r.text()));
            }
        }
        int configCases = hostileConfigCases(failures);
        int unknownTool = unknownToolCase(failures);
        assertThat(failures).as("bad inputs without an actionable isError result").isEmpty();

        int total = cases.size() + configCases + unknownTool;
        System.out.printf("bad-input matrix: %d cases (%d tool/argument cases, %d hostile project configs, %d unknown tool), "
                + "all refused with isError%n", total, cases.size(), configCases, unknownTool);
        assertThat(total).isGreaterThanOrEqualTo(40);

        ok("set_working_directory", Map.of("directory", repo.toString()));
        var search = ok("search_code", Map.of("query", "exponential backoff with jitter", "limit", 3));
        assertThat(search.get("project_name").asText()).isEqualTo("victim");
        assertThat(search.at("/results/0/file_path").asText()).isEqualTo("src/main/java/com/acme/net/RetryPolicy.java");
        assertThat(state()).as("projects, jobs and the data directory after the bad inputs").isEqualTo(before);

        String metrics = resource("metrics://prometheus");
        double errors = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("codebase_mcp_tool_calls_total{") && line.contains("result=\"error\"")) {
                errors += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(errors).as("isError tool calls counted by the server").isEqualTo(cases.size() + configCases);
        assertThat(server.stdoutMessages()).isNotEmpty(); // fails on any stdout line that is not JSON-RPC
        assertThat(server.serverLog()).doesNotContain("failed unexpectedly");
    }

    private void setWorkingDirectoryCases(List<Case> cases) throws Exception {
        Path file = repo.resolve("README.md");
        Path linkToFile = Files.createSymbolicLink(tmp.resolve("link-to-readme"), file);
        cases.add(new Case("set_working_directory", Map.of(), "needs 'directory'"));
        cases.add(new Case("set_working_directory", Map.of("directory", ""), "needs 'directory'"));
        cases.add(new Case("set_working_directory", nullValue("directory"), "needs 'directory'"));
        cases.add(new Case("set_working_directory", Map.of("directory", 17), "'directory' must be a string, not the number 17"));
        cases.add(new Case("set_working_directory", Map.of("directory", List.of("/tmp")), "must be a string, not an array"));
        cases.add(new Case("set_working_directory", Map.of("directory", "src/main"), "must be an absolute path"));
        cases.add(new Case("set_working_directory", Map.of("directory", repo + "/../no-such-dir/.."), "does not exist"));
        cases.add(new Case("set_working_directory", Map.of("directory", file.toString()), "is a file, not a directory"));
        cases.add(new Case("set_working_directory", Map.of("directory", linkToFile.toString()), "is a file, not a directory"));
        cases.add(new Case("set_working_directory", Map.of("directory", "/tmp/a\0b"), "must not contain NUL"));
        cases.add(new Case("set_working_directory", Map.of("directory", "/" + "x".repeat(100_000)), "does not exist"));
        cases.add(new Case("set_working_directory", Map.of("directory", repo.toString(), "cwd", "/"), "does not take an argument 'cwd'"));
    }

    private void startIndexingCases(List<Case> cases) throws Exception {
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        Path linkToFile = Files.createSymbolicLink(tmp.resolve("link-to-py"), repo.resolve("scripts/csv_tools.py"));
        String t = "start_indexing_background";
        cases.add(new Case(t, Map.of(), "needs 'repo_path'"));
        cases.add(new Case(t, Map.of("repo_path", "  "), "needs 'repo_path'"));
        cases.add(new Case(t, Map.of("repo_path", 3.5), "'repo_path' must be a string"));
        cases.add(new Case(t, Map.of("repo_path", Map.of("path", "/")), "must be a string, not an object"));
        cases.add(new Case(t, Map.of("repo_path", "victim"), "must be absolute"));
        cases.add(new Case(t, Map.of("repo_path", "../../etc"), "must be absolute"));
        cases.add(new Case(t, Map.of("repo_path", tmp.resolve("missing").toString()), "does not exist"));
        cases.add(new Case(t, Map.of("repo_path", tmp + "/missing/../.."), "does not exist"));
        cases.add(new Case(t, Map.of("repo_path", repo.resolve("README.md").toString()), "is a file, not a directory"));
        cases.add(new Case(t, Map.of("repo_path", linkToFile.toString()), "is a file, not a directory"));
        cases.add(new Case(t, Map.of("repo_path", dangling.toString()), "does not exist"));
        cases.add(new Case(t, Map.of("repo_path", "/tmp/\u202e\u0007\u0001évil-\uD83D\uDE00"), "does not exist"));
        cases.add(new Case(t, Map.of("repo_path", "/" + "y/".repeat(3_000)), "not a valid path"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "force_reindex", "yes"), "must be true or false"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "force_reindex", 1), "must be true or false"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "project_id", "no-such-project"), "Unknown project 'no-such-project'"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "project_id", "victim' OR '1'='1"), "Unknown project"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "project_id", UUID.randomUUID().toString()), "Unknown project"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "project_id", 7), "'project_id' must be a string"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "force", true), "does not take an argument 'force'"));
    }

    private void indexRepositoryCases(List<Case> cases) {
        String t = "index_repository";
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "wait_seconds", 51), "between 0 and 50"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "wait_seconds", -1), "between 0 and 50"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "wait_seconds", 1.5), "must be a whole number"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "wait_seconds", "soon"), "must be a whole number"));
        cases.add(new Case(t, Map.of("repo_path", repo.toString(), "wait_seconds", 1e300), "between 0 and 50"));
        cases.add(new Case(t, Map.of("wait_seconds", 5), "needs 'repo_path'"));
    }

    private void jobCases(List<Case> cases) {
        for (String t : List.of("get_indexing_status", "cancel_indexing_background")) {
            cases.add(new Case(t, Map.of(), "needs 'job_id'"));
            cases.add(new Case(t, Map.of("job_id", UUID.randomUUID().toString()), "No job with id"));
            cases.add(new Case(t, Map.of("job_id", "not-a-uuid"), "is not a job id"));
            cases.add(new Case(t, Map.of("job_id", "' OR 1=1; DROP TABLE indexing_jobs; --"), "is not a job id"));
            cases.add(new Case(t, Map.of("job_id", "../../etc/passwd"), "is not a job id"));
            cases.add(new Case(t, Map.of("job_id", 42), "must be a string"));
            cases.add(new Case(t, Map.of("job_id", victimJob, "project_id", "bystander"), "belongs to project 'victim'"));
            cases.add(new Case(t, Map.of("job_id", victimJob, "project_id", "nobody"), "Unknown project 'nobody'"));
            cases.add(new Case(t, Map.of("job_id", victimJob, "status", "x"), "does not take an argument 'status'"));
        }
        cases.add(new Case("cancel_indexing_background", Map.of("job_id", bystanderJob), "is already completed"));
        cases.add(new Case("cancel_indexing_background", Map.of("job_id", victimJob.toUpperCase()), "is already completed"));
    }

    private void listJobsCases(List<Case> cases) {
        String t = "list_background_jobs";
        cases.add(new Case(t, Map.of("limit", 0), "between 1 and 100"));
        cases.add(new Case(t, Map.of("limit", 101), "between 1 and 100"));
        cases.add(new Case(t, Map.of("limit", "ten"), "must be a whole number"));
        cases.add(new Case(t, Map.of("limit", true), "must be a whole number"));
        cases.add(new Case(t, Map.of("offset", -1), "between 0 and"));
        cases.add(new Case(t, Map.of("offset", 1e12), "between 0 and"));
        cases.add(new Case(t, Map.of("status", "exploded"), "unknown job status"));
        cases.add(new Case(t, Map.of("status", 3), "'status' must be a string"));
        cases.add(new Case(t, Map.of("project_id", "ghost"), "Unknown project 'ghost'"));
        cases.add(new Case(t, Map.of("repo_path", "relative/repo"), "repo_path must be absolute"));
        cases.add(new Case(t, Map.of("page", 2), "does not take an argument 'page'"));
    }

    private void searchCases(List<Case> cases) {
        String t = "search_code";
        cases.add(new Case(t, Map.of(), "query must not be empty"));
        cases.add(new Case(t, Map.of("query", ""), "query must not be empty"));
        cases.add(new Case(t, Map.of("query", " \t\n "), "query must not be empty"));
        cases.add(new Case(t, Map.of("query", List.of("retry")), "'query' must be a string, not an array"));
        cases.add(new Case(t, Map.of("query", "retry\0"), "must not contain NUL"));
        cases.add(new Case(t, Map.of("query", "retry ".repeat(200_000)), "the limit is 2000"));
        cases.add(new Case(t, Map.of("query", "x", "limit", 0), "between 1 and 50"));
        cases.add(new Case(t, Map.of("query", "x", "limit", 51), "between 1 and 50"));
        cases.add(new Case(t, Map.of("query", "x", "limit", Long.MAX_VALUE), "between 1 and 50"));
        cases.add(new Case(t, Map.of("query", "x", "mode", "fuzzy"), "mode must be"));
        cases.add(new Case(t, Map.of("query", "x", "mode", false), "'mode' must be a string"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "/etc"), "relative to the repository root"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "C:\\Windows"), "relative to the repository root"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "src/../../.."), "must not contain '..'"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "src/[abc"), "unclosed '['"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "src/[]"), "empty character class"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "src/[z-a]/*.java"), "directory glob"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "src/[z-a]/*.java", "project_id", "victim"), "directory glob"));
        cases.add(new Case(t, Map.of("query", "x", "directory", "d/".repeat(600)), "too long"));
        cases.add(new Case(t, Map.of("query", "x", "file_type", "../../etc/passwd"), "is not a file extension"));
        cases.add(new Case(t, Map.of("query", "x", "file_type", "java' OR '1'='1"), "is not a file extension"));
        cases.add(new Case(t, Map.of("query", "x", "project_id", "'; DROP TABLE projects; --"), "Unknown project"));
        cases.add(new Case(t, Map.of("query", "x", "project_id", "../../registry"), "Unknown project"));
        cases.add(new Case(t, Map.of("query", "x", "repository_id", "no-such-repository"), "repository_id"));
        cases.add(new Case(t, Map.of("query", "x", "repository_id", "' OR ''='", "project_id", "victim"), "its repositories are"));
        cases.add(new Case(t, Map.of("query", "x", "langauge", "java"), "does not take an argument 'langauge'"));
    }

    /**
     * Hostile {@code .codebase-mcp/config.json} files: {@code set_working_directory} reports the problem, and every
     * later call that needs the project is an error naming the file (never a fall-through to another project). Returns
     * the number of refused calls.
     */
    private int hostileConfigCases(List<String> failures) throws Exception {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("not-json", "{\"version\": \"1.0\", \"project\": {\"name\": ");
        configs.put("no-version", "{\"project\": {\"name\": \"x\"}}");
        configs.put("numeric-version", "{\"version\": 1, \"project\": {\"name\": \"x\"}}");
        configs.put("empty-name", "{\"version\": \"1.0\", \"project\": {\"name\": \"  \"}}");
        configs.put("long-name", "{\"version\": \"1.0\", \"project\": {\"name\": \"" + "n".repeat(300) + "\"}}");
        configs.put("control-name", "{\"version\": \"1.0\", \"project\": {\"name\": \"a\\u0000b\\u001b[31m\"}}");
        configs.put("traversal-db", "{\"version\": \"1.0\", \"project\": {\"name\": \"x\", \"database_name\": \"../../escape\"}}");
        configs.put("sql-db", "{\"version\": \"1.0\", \"project\": {\"name\": \"x\", \"database_name\": \"cb_proj_x\\\"; DROP DATABASE postgres; --\"}}");
        configs.put("bad-id", "{\"version\": \"1.0\", \"project\": {\"name\": \"x\", \"id\": \"1 OR 1=1\"}}");
        configs.put("unknown-field", "{\"version\": \"1.0\", \"project\": {\"name\": \"x\"}, \"store\": \"/etc\"}");
        configs.put("array", "[\"version\", \"1.0\"]");
        configs.put("huge", "{\"version\": \"1.0\", \"project\": {\"name\": \"x\"}, \"description\": \"" + "d".repeat(70_000) + "\"}");
        int refused = 0;
        for (Map.Entry<String, String> c : configs.entrySet()) {
            Path dir = tmp.resolve("configs").resolve(c.getKey());
            Fixtures.write(dir.resolve("src/A.java"), "class A {}\n");
            Fixtures.write(dir.resolve(".codebase-mcp/config.json"), c.getValue());
            refused += checkHostileConfig(c.getKey(), dir, dir.resolve(".codebase-mcp/config.json"), failures);
        }
        Path dirConfig = tmp.resolve("configs/directory-config");
        Files.createDirectories(dirConfig.resolve(".codebase-mcp/config.json"));
        refused += checkHostileConfig("directory-config", dirConfig, dirConfig.resolve(".codebase-mcp/config.json"), failures);
        return refused;
    }

    private int checkHostileConfig(String name, Path dir, Path configFile, List<String> failures) {
        var wd = server.call("set_working_directory", Map.of("directory", dir.toString()));
        if (wd.isError() || wd.json().get("config_error").isNull()
                || !wd.json().get("config_error").asText().contains(configFile.toString())) {
            failures.add("config " + name + ": set_working_directory must report config_error naming the file; got " + abbreviate(wd.text()));
        }
        int refused = 0;
        for (Case c : List.of(new Case("search_code", Map.of("query", "class A"), configFile.toString()),
                new Case("start_indexing_background", Map.of("repo_path", dir.toString()), configFile.toString()))) {
            var r = server.call(c.tool(), c.args());
            if (!r.isError() || !r.text().contains(c.expected())) {
                failures.add("config " + name + ": " + c.tool() + " must be an error naming " + configFile + "; got isError="
                        + r.isError() + ": " + abbreviate(r.text()));
            }
            refused++;
        }
        return refused;
    }

    /** A tool that does not exist is a protocol error naming the tool. */
    private int unknownToolCase(List<String> failures) {
        try {
            var r = server.client.callTool(new McpSchema.CallToolRequest("drop_all_projects", Map.of()));
            if (!Boolean.TRUE.equals(r.isError())) {
                failures.add("unknown tool: expected an error, got " + r);
            }
        } catch (RuntimeException e) {
            if (!String.valueOf(e).contains("drop_all_projects")) {
                failures.add("unknown tool: the error does not name the tool: " + e);
            }
        }
        return 1;
    }

    private String indexed(Path repository) throws Exception {
        var r = ok("index_repository", Map.of("repo_path", repository.toString(), "wait_seconds", 50));
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("completed");
        return r.get("job_id").asText();
    }

    private ServerState state() throws Exception {
        JsonNode health = McpServerProcess.JSON.readTree(resource("health://status"));
        return ServerState.capture(this::ok, health, server.home);
    }

    private JsonNode ok(String tool, Map<String, Object> args) {
        var r = server.call(tool, args);
        assertThat(r.isError()).as("%s %s -> %s", tool, args, r.text()).isFalse();
        return r.json();
    }

    private String resource(String uri) {
        var r = server.client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) r.contents().get(0)).text();
    }

    private static Map<String, Object> nullValue(String key) {
        Map<String, Object> m = new HashMap<>();
        m.put(key, null);
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
