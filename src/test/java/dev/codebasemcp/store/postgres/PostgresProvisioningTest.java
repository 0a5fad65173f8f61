package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.Concurrently;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Creating, losing and locking project databases on the real server. */
class PostgresProvisioningTest {

    private static final PostgresTestStores STORES = new PostgresTestStores();

    @BeforeAll
    static void requireServer() {
        PostgresTestServer.requireServer();
    }

    @AfterEach
    void closeStores() {
        STORES.closeAll();
    }

    @AfterAll
    static void dropDatabases() {
        STORES.dropAll();
    }

    private static void write(ProjectIndex index, String path, String symbol, float[] vector) {
        String repo = index.upsertRepository("/repo").id();
        String content = "void " + symbol + "() {}";
        Chunk chunk = new Chunk("java", "method", symbol, 1, 1, content);
        index.replaceFile(repo, new FileRecord(path, content.length(), 1, "h" + symbol, "java", 1, Instant.EPOCH),
                List.of(new IndexedChunk(IndexedChunk.idFor(repo, path, 1, 1, "h" + symbol), path, chunk, "", "", vector)));
        index.commit(Map.of("last_indexed_at", Instant.EPOCH.toString()));
    }

    private static List<String> symbols(ProjectIndex index, String query) {
        return index.lexical(query, SearchFilter.NONE, 10).stream().map(h -> h.symbol()).toList();
    }

    @Test
    void open_sameNewProjectFromSixThreadsOnThreeStores_createsOneDatabaseAllCanUse() throws Exception {
        ProjectRef project = STORES.newProject("raced project");
        List<PostgresStore> stores = List.of(STORES.open(), STORES.open(), STORES.open());

        List<ProjectIndex> indexes = Concurrently.run(6, i -> stores.get(i % 3).chunks().open(project));

        assertThat(new HashSet<>(indexes)).hasSize(3);
        assertThat(PostgresTestServer.exists(project.databaseName())).isTrue();
        write(indexes.get(0), "A.java", "racedWrite", null);
        assertThat(symbols(indexes.get(4), "racedWrite")).containsExactly("racedWrite");
    }

    @Test
    void open_databaseCopiedFromTheTemplate_hasSchemaAndExtension() throws SQLException {
        ProjectRef project = STORES.newProject("templated");
        STORES.open().chunks().open(project);

        try (Connection c = PostgresTestServer.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '"
                     + PostgresProjectTemplate.currentName() + "'")) {
            assertThat(rs.next()).as("template database exists").isTrue();
            assertThat(rs.getBoolean(1)).as("template refuses connections").isFalse();
        }
        PostgresTestServer.execute(project.databaseName(), "SELECT 'x'::tsvector, '[1,2]'::vector, count(*) FROM code_chunks");
    }

    @Test
    void open_afterTheDatabaseWasDropped_provisionsItAgainEmpty() {
        ProjectRef project = STORES.newProject("dropped later");
        PostgresStore store = STORES.open();
        ProjectIndex index = store.chunks().open(project);
        write(index, "A.java", "beforeDrop", new float[] {1, 0});
        index.releaseWriter();

        PostgresTestServer.drop(List.of(project.databaseName()));
        assertThat(store.chunks().exists(project)).isFalse();

        ProjectIndex again = store.chunks().open(project);
        assertThat(again.stats()).isEqualTo(IndexStats.EMPTY);
        write(again, "B.java", "afterDrop", new float[] {0, 1, 0});
        assertThat(symbols(again, "afterDrop beforeDrop")).containsExactly("afterDrop");
        assertThat(STORES.open().chunks().open(project).stats().chunks()).isEqualTo(1);
    }

    @Test
    void writer_heldByOneStore_secondStoreGetsClearError_untilReleased() {
        ProjectRef project = STORES.newProject("locked");
        ProjectIndex first = STORES.open().chunks().open(project);
        ProjectIndex second = STORES.open().chunks().open(project);
        write(first, "First.java", "firstWriter", null);
        String repo = first.repositories().getFirst().id();

        assertThat(second.upsertRepository("/repo").id()).as("already committed: no write lock needed").isEqualTo(repo);
        assertThatThrownBy(() -> second.upsertRepository("/other"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("locked for writing").hasMessageContaining(project.databaseName());

        first.releaseWriter();
        write(second, "Second.java", "secondWriter", null);
        assertThat(first.manifest(repo)).containsOnlyKeys("First.java", "Second.java");
    }

    @Test
    void vectorIndex_isCreatedForTheDimension_andReplacedWhenAResetChangesIt() {
        ProjectRef project = STORES.newProject("dimensions");
        ProjectIndex index = STORES.open().chunks().open(project);
        write(index, "A.java", "three", new float[] {1, 0, 0});
        assertThat(vectorIndexes(project)).containsExactly("code_chunks_embedding_3");

        index.deleteRepository(index.repositories().getFirst().id());
        write(index, "A.java", "four", new float[] {0, 1, 0, 0});

        assertThat(vectorIndexes(project)).containsExactly("code_chunks_embedding_4");
        assertThat(index.semantic(new float[] {0, 1, 0, 0}, SearchFilter.NONE, 5)).extracting(h -> h.symbol())
                .containsExactly("four");
    }

    @Test
    void replaceFile_textWithNulCharacters_isStoredWithReplacementCharacters() {
        ProjectRef project = STORES.newProject("nul");
        ProjectIndex index = STORES.open().chunks().open(project);
        String repo = index.upsertRepository("/repo").id();
        Chunk chunk = new Chunk("text", "window", null, 1, 1, "before\0after nulTolerant");
        index.replaceFile(repo, new FileRecord("n.txt", 1, 1, "h", "text", 1, Instant.EPOCH),
                List.of(new IndexedChunk("c1", "n.txt", chunk, "\0", "", null)));
        index.commit(Map.of());

        assertThat(index.lexical("nulTolerant", SearchFilter.NONE, 1)).singleElement()
                .satisfies(h -> assertThat(h.content()).isEqualTo("before\uFFFDafter nulTolerant"));
    }

    private static List<String> vectorIndexes(ProjectRef project) {
        List<String> names = new ArrayList<>();
        PostgresUrl url = PostgresUrl.parse(PostgresTestServer.url(project.databaseName()));
        try (Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), url.properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'code_chunks_embedding_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
