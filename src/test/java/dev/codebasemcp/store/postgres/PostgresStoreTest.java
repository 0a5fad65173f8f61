package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.ProjectSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connecting (both URL forms, creating the registry database) and the doctor checks, on the real server. */
class PostgresStoreTest {

    private static final List<String> CREATED = new ArrayList<>();
    private static final String UNREACHABLE = "postgresql://me:s3cr3t-pw@127.0.0.1:1/codebase_mcp_registry";

    @BeforeAll
    static void requireServer() {
        PostgresTestServer.requireServer();
    }

    @AfterAll
    static void dropDatabases() {
        PostgresTestServer.drop(CREATED);
    }

    private static String newDatabase() {
        String name = PostgresTestServer.uniqueDatabase();
        CREATED.add(name);
        return name;
    }

    @Test
    void connect_missingRegistryDatabase_createsAndMigratesIt_idempotently() {
        String db = newDatabase();
        assertThat(PostgresTestServer.exists(db)).isFalse();

        try (PostgresStore first = PostgresStore.connect(PostgresTestServer.url(db), PostgresTestServer.CLOCK);
             PostgresStore second = PostgresStore.connect(PostgresTestServer.url(db), PostgresTestServer.CLOCK)) {
            ProjectRef created = first.registry().getOrCreate(ProjectSpec.named("made here"));

            assertThat(PostgresTestServer.exists(db)).isTrue();
            assertThat(second.registry().find("made here")).contains(created);
            assertThat(first.location()).isEqualTo("postgresql://postgres@127.0.0.1:5432/" + db);
        }
    }

    @Test
    void connect_jdbcUrl_reachesTheSameRegistry() {
        String db = newDatabase();
        try (PostgresStore libpq = PostgresStore.connect(PostgresTestServer.url(db), PostgresTestServer.CLOCK);
             PostgresStore jdbc = PostgresStore.connect(PostgresUrl.parse(PostgresTestServer.url(db)).jdbcUrl() + "?user="
                     + PostgresUrl.parse(PostgresTestServer.url(db)).user(), PostgresTestServer.CLOCK)) {
            ProjectRef ref = jdbc.registry().getOrCreate(ProjectSpec.named("via jdbc"));

            assertThat(libpq.registry().list()).containsExactly(ref);
        }
    }

    @Test
    void connect_unreachableServer_saysWhatToDo_andHidesThePassword() {
        assertThatThrownBy(() -> PostgresStore.connect(UNREACHABLE, PostgresTestServer.CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start PostgreSQL or fix REGISTRY_DATABASE_URL")
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("s3cr3t-pw");
    }

    @Test
    void doctor_healthyServer_passesEveryCheck() {
        List<DoctorCheck> checks = PostgresStore.doctor(PostgresTestServer.url(newDatabase()));

        assertThat(checks).extracting(DoctorCheck::name)
                .containsExactly("connection", "server version", "pgvector", "CREATEDB privilege", "registry database");
        assertThat(checks).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
        assertThat(checks.get(2).detail()).contains("pgvector 0.");
        assertThat(checks.get(4).detail()).contains("created on first start");
    }

    @Test
    void doctor_unreachableServer_failsTheConnectionWithAFix_andHidesThePassword() {
        List<DoctorCheck> checks = PostgresStore.doctor(UNREACHABLE);

        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.name()).isEqualTo("connection");
            assertThat(c.fix()).contains("start PostgreSQL or fix REGISTRY_DATABASE_URL");
            assertThat(c.toString()).doesNotContain("s3cr3t-pw").contains("me:****@");
        });
    }

    @Test
    void doctor_malformedUrl_failsWithTheExpectedForm() {
        assertThat(PostgresStore.doctor("mysql://root:pw@h/db")).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.fix()).contains("postgresql://");
            assertThat(c.toString()).doesNotContain(":pw@");
        });
    }

    @Test
    void doctor_projectIndexedWithAnotherDimension_namesItAndSuggestsForceReindex() {
        String db = newDatabase();
        ProjectRef project;
        try (PostgresStore store = PostgresStore.connect(PostgresTestServer.url(db), PostgresTestServer.CLOCK)) {
            project = store.registry().getOrCreate(ProjectSpec.named("three dims"));
            CREATED.add(project.databaseName());
            ProjectIndex index = store.chunks().open(project);
            String repo = index.upsertRepository("/repo").id();
            Chunk chunk = new Chunk("java", "method", "a", 1, 1, "void a() {}");
            index.replaceFile(repo, new FileRecord("A.java", 1, 1, "h", "java", 1, Instant.EPOCH),
                    List.of(new IndexedChunk(IndexedChunk.idFor(repo, "A.java", 1, 1, "h"), "A.java", chunk, "", "",
                            new float[] {1, 0, 0})));
            index.commit(Map.of());
            index.releaseWriter();
        }

        List<DoctorCheck> checks = PostgresStore.doctor(PostgresTestServer.url(db), 384);

        assertThat(checks).filteredOn(c -> c.name().equals("vector dimensions")).singleElement().satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.detail()).contains("three dims (3)").contains("384");
            assertThat(c.fix()).contains("force_reindex");
        });
        assertThat(PostgresStore.doctor(PostgresTestServer.url(db), 3))
                .filteredOn(c -> c.name().equals("vector dimensions")).singleElement()
                .satisfies(c -> assertThat(c.ok()).isTrue());
    }
}
