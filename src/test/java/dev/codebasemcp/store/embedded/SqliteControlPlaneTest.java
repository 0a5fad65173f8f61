package dev.codebasemcp.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.Concurrently;
import dev.codebasemcp.store.ProjectSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is specific to the SQLite control plane: opening, migration under concurrency, and the schema's own guards. */
class SqliteControlPlaneTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private SqliteStores stores;

    private SqliteStores stores() {
        if (stores == null) {
            stores = new SqliteStores(dir);
        }
        return stores;
    }

    @AfterEach
    void closeStores() {
        if (stores != null) {
            stores.close();
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + stores().file());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void open_freshFile_createsSchemaInWalModeInMissingDirectories() throws Exception {
        SqliteStores nested = new SqliteStores(dir.resolve("a/b"));
        try (nested) {
            nested.open();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + nested.file());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void open_eightControlPlanesAtOnceOnAFreshFile_migrateExactlyOnce() throws Exception {
        List<SqliteControlPlane> planes = Concurrently.run(8, i -> stores().open());

        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success = 1 AND version = '1'")).isEqualTo(1);
        ProjectRef ref = planes.get(3).registry().getOrCreate(ProjectSpec.named("p"));
        assertThat(planes.get(5).registry().find("p")).contains(ref);
    }

    @Test
    void reopen_keepsDataAndDoesNotMigrateAgain() throws Exception {
        SqliteControlPlane first = stores().open();
        ProjectRef ref = first.registry().getOrCreate(ProjectSpec.named("kept"));
        Job job = first.jobs().createOrGetActive(ref, "/repos/a", false, T0).job();
        first.close();

        SqliteControlPlane second = stores().open();

        assertThat(second.registry().find("kept")).contains(ref);
        assertThat(second.jobs().get(job.id())).contains(job);
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL")).isEqualTo(2); // V1 and V2, each once
    }

    @Test
    void closedControlPlane_refusesWork() {
        SqliteControlPlane plane = stores().open();
        plane.close();

        assertThatThrownBy(() -> plane.registry().list()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void separateProcessesStartingTogether_migrateOnceAndShareOneProjectAndOneJob() throws Exception {
        Path barrier = Files.createDirectory(dir.resolve("barrier"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            processes.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), SqliteProcessProbe.class.getName(),
                    stores().file().toString(), barrier.toString(), Integer.toString(i))
                    .redirectError(dir.resolve("probe-" + i + ".err").toFile())
                    .start());
        }
        awaitReady(barrier, processes);
        Files.createFile(barrier.resolve("go"));

        List<String> lines = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("probe %d finished", i).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("probe %d: %s %s", i, out, Files.readString(dir.resolve("probe-" + i + ".err"))).isZero();
            lines.add(out.lines().filter(l -> l.startsWith("project=")).findFirst().orElseThrow());
        }

        assertThat(lines).extracting(l -> l.split(" ")[0]).containsOnly(lines.getFirst().split(" ")[0]);
        assertThat(lines).extracting(l -> l.split(" ")[1]).containsOnly(lines.getFirst().split(" ")[1]);
        assertThat(lines).filteredOn(l -> l.contains("created=true")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("claimed=true")).hasSize(1);
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success = 1 AND version = '1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM indexing_jobs WHERE status = 'running'")).isEqualTo(1);
    }

    private static void awaitReady(Path barrier, List<Process> processes) throws IOException, InterruptedException {
        while (true) {
            try (var files = Files.list(barrier)) {
                if (files.filter(f -> f.getFileName().toString().startsWith("ready-")).count() == processes.size()) {
                    return;
                }
            }
            for (Process p : processes) {
                assertThat(p.isAlive()).as("probe exited before the barrier").isTrue();
            }
            processes.getFirst().waitFor(5, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void schema_refusesBackwardStatusChangesFromAnyWriter() throws Exception {
        SqliteControlPlane plane = stores().open();
        ProjectRef ref = plane.registry().getOrCreate(ProjectSpec.named("guarded"));
        Job job = plane.jobs().createOrGetActive(ref, "/repos/a", false, T0).job();
        plane.jobs().claimNext("w1", T0);
        plane.jobs().finish(job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, null, null, null, null, null, T0);

        try (Connection c = raw()) {
            for (String sql : List.of("UPDATE indexing_jobs SET status = 'running' WHERE id = ?",
                    "UPDATE indexing_jobs SET status = 'pending', worker_id = NULL, completed_at = NULL WHERE id = ?",
                    "UPDATE indexing_jobs SET status_message = 'rewritten history' WHERE id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, job.id());
                    assertThatThrownBy(ps::executeUpdate).as(sql).hasMessageContaining("illegal status transition");
                }
            }
        }
        assertThat(plane.jobs().get(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void schema_allowsOneActiveJobPerProjectAndRepository() throws Exception {
        SqliteControlPlane plane = stores().open();
        ProjectRef ref = plane.registry().getOrCreate(ProjectSpec.named("unique"));
        plane.jobs().createOrGetActive(ref, "/repos/a", false, T0);

        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("INSERT INTO indexing_jobs "
                + "(id, project_id, repo_path, created_at) VALUES ('00000000-0000-4000-8000-000000000001', ?, '/repos/a', 0)")) {
            ps.setString(1, ref.id());
            assertThatThrownBy(ps::executeUpdate).hasMessageContaining("UNIQUE");
        }
    }

    @Test
    void schema_checksTheDatabaseNameShape() throws Exception {
        stores().open();
        String insert = "INSERT INTO projects (id, name, database_name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)";
        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement(insert)) {
            int n = 0;
            for (String bad : List.of("cb_proj_Upper_0123abcd", "cb_proj_x_0123abcg", "cb_proj_x-0123abcd", "cb_proj_0123abcd",
                    "xx_proj_x_0123abcd", "cb_proj_x_0123abcd0", "cb_proj_x.y_0123abcd")) {
                ps.setString(1, "00000000-0000-4000-8000-00000000000" + n++);
                ps.setString(2, bad);
                ps.setString(3, bad);
                assertThatThrownBy(ps::executeUpdate).as(bad).hasMessageContaining("CHECK");
                assertThat(ProjectRef.DATABASE_NAME.matcher(bad).matches()).as(bad).isFalse();
            }
            ps.setString(1, "00000000-0000-4000-8000-00000000000" + n);
            ps.setString(2, "ok");
            ps.setString(3, "cb_proj_a_b_0123abcd");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
