package dev.codebasemcp.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.ProjectIndexContractTest;
import dev.codebasemcp.store.RepositoryInfo;
import dev.codebasemcp.store.SearchFilter;
import dev.codebasemcp.ProjectRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

class LuceneProjectIndexTest extends ProjectIndexContractTest {

    @Override
    protected ChunkStore newStore(Path dir) {
        return new LuceneChunkStore(dir);
    }

    @Test
    void dataPlane_isDirectoryNamedAfterDatabase_createdOnOpen() {
        assertThat(tmp.resolve(project.databaseName())).isDirectory();
        assertThat(tmp.resolve("cb_proj_other_12345678")).doesNotExist();
    }

    @Test
    void writeLock_heldByFirstWriter_secondGetsClearError_untilReleased() {
        ProjectIndex second = anotherStore().open(project);
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "First.java", "firstWriter", "void firstWriter() {}");

        assertThatThrownBy(() -> second.upsertRepository(REPO_B))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("locked for writing")
                .hasMessageContaining(tmp.resolve(project.databaseName()).toString());

        index.commit(Map.of());
        assertThatThrownBy(() -> second.deleteFile(repo, "First.java")).isInstanceOf(IllegalStateException.class);
        index.releaseWriter();

        stage(second, repo, "Second.java", "secondWriter", "void secondWriter() {}");
        second.commit(Map.of());
        second.releaseWriter();
        assertThat(index.manifest(repo)).containsOnlyKeys("First.java", "Second.java");
        assertThat(symbols(index.lexical("secondWriter", SearchFilter.NONE, 5)).getFirst()).isEqualTo("secondWriter");
    }

    @Test
    void searchOnlyInstance_neverTakesTheWriteLock() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "A.java", "alpha", "void alpha() {}");
        index.commit(Map.of());
        index.releaseWriter();

        ProjectIndex reader = anotherStore().open(project);
        assertThat(reader.upsertRepository(REPO_A).id()).as("already registered: no write").isEqualTo(repo);
        reader.lexical("alpha", SearchFilter.NONE, 5);
        reader.stats();
        reader.manifest(repo);

        stage(index, repo, "B.java", "beta", "void beta() {}");
        index.commit(Map.of());
        assertThat(reader.manifest(repo)).containsOnlyKeys("A.java", "B.java");
    }

    @Test
    void releaseWriter_discardsUncommittedWrites() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Kept.java", "kept", "void kept() {}");
        index.commit(Map.of());
        stage(index, repo, "Staged.java", "staged", "void staged() {}");
        index.releaseWriter();
        index.commit(Map.of());
        assertThat(index.manifest(repo)).containsOnlyKeys("Kept.java");
    }

    @Test
    void stagedRepository_listedAtOnce_forgottenOnRollback() {
        RepositoryInfo a = index.upsertRepository(REPO_A);
        assertThat(index.repositories()).containsExactly(a);
        assertThat(index.stats(a.id())).contains(IndexStats.EMPTY);
        index.rollback();
        assertThat(index.repositories()).isEmpty();
    }

    @Test
    void deleteRepository_ofOnlyRepository_allowsNewVectorDimension() {
        String repo = index.upsertRepository(REPO_A).id();
        index.replaceFile(repo, fileRecord("A.java", 1, "h"), List.of(chunk(repo, "A.java", "a", 1, "a", unit(1, 0, 0))));
        index.commit(Map.of());

        index.deleteRepository(repo);
        index.replaceFile(repo, fileRecord("A.java", 1, "h2"), List.of(chunk(repo, "A.java", "a", 1, "a", unit(0, 1, 0, 0))));
        index.commit(Map.of());

        assertThat(symbols(index.semantic(unit(0, 1, 0, 0), SearchFilter.NONE, 5))).containsExactly("a");
        assertThat(index.repositories()).extracting(RepositoryInfo::id).containsExactly(repo);
        assertThat(index.manifest(repo).get("A.java").contentHash()).isEqualTo("h2");
    }

    @Test
    void deleteRepository_whileAnotherRepositoryHasVectors_keepsDimension() {
        String a = index.upsertRepository(REPO_A).id();
        String b = index.upsertRepository(REPO_B).id();
        index.replaceFile(a, fileRecord("A.java", 1, "h"), List.of(chunk(a, "A.java", "a", 1, "a", unit(1, 0, 0))));
        index.replaceFile(b, fileRecord("B.java", 1, "h"), List.of(chunk(b, "B.java", "b", 1, "b", unit(0, 1, 0))));
        index.commit(Map.of());

        index.deleteRepository(a);
        assertThatThrownBy(() -> index.replaceFile(a, fileRecord("A.java", 1, "h"),
                List.of(chunk(a, "A.java", "a", 1, "a", unit(1, 0, 0, 0))))).isInstanceOf(IllegalArgumentException.class);
        index.commit(Map.of());
        assertThat(index.stats(b)).hasValueSatisfying(s -> assertThat(s.chunks()).isEqualTo(1));
    }

    @Test
    void rollbackOfRepositoryReset_restoresEverything() {
        String a = index.upsertRepository(REPO_A).id();
        stage(index, a, "A.java", "resetMe", "void resetMe() {}");
        index.commit(Map.of());
        index.deleteRepository(a);
        index.rollback();
        assertThat(index.manifest(a)).containsOnlyKeys("A.java");
        assertThat(index.repositories()).extracting(RepositoryInfo::id).containsExactly(a);
    }

    @Test
    void commit_recordsLayoutVersion() {
        index.commit(Map.of());
        assertThat(index.metadata()).containsEntry(LuceneSchema.LAYOUT_VERSION_KEY, LuceneSchema.LAYOUT_VERSION);
    }

    @Test
    void commit_callerCannotOverrideLayoutVersion() {
        index.commit(Map.of(LuceneSchema.LAYOUT_VERSION_KEY, "0"));
        assertThat(index.metadata()).containsEntry(LuceneSchema.LAYOUT_VERSION_KEY, LuceneSchema.LAYOUT_VERSION);
    }

    @Test
    void indexWithAnotherLayoutVersion_refusedWithClearMessage() throws IOException {
        ProjectRef old = newProject("old layout");
        try (Directory dir = FSDirectory.open(tmp.resolve(old.databaseName()));
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            w.setLiveCommitData(Map.of(LuceneSchema.LAYOUT_VERSION_KEY, "999").entrySet());
            w.commit();
        }
        ProjectIndex oldIndex = store.open(old);
        assertThatThrownBy(oldIndex::stats).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layout version 999").hasMessageContaining(old.databaseName());
        assertThatThrownBy(() -> oldIndex.upsertRepository(REPO_A)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("layout version 999");
    }

    @Test
    void lexical_symbolMatch_outranksMentionInBody() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "src/Cache.java",
                "Cache.evictExpired", "void evictExpired() {\n  entries.removeIf(Entry::expired);\n}",
                "Cache.put", "void put(K key, V value) {\n  entries.put(key, value);\n  evictExpired();\n}");
        index.commit(Map.of());
        assertThat(symbols(index.lexical("evict expired", SearchFilter.NONE, 5)).getFirst()).isEqualTo("Cache.evictExpired");
    }
}
