package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.EmbeddingCacheContractTest;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedding cache contract on SQLite; each handle is a separate control plane on one registry.db file. */
class SqliteEmbeddingCacheTest extends EmbeddingCacheContractTest {

    @TempDir
    Path dir;

    private final List<SqliteControlPlane> opened = new ArrayList<>();

    @Override
    protected EmbeddingCache openCache(long maxEntries, InstantSource clock) {
        SqliteControlPlane plane = new SqliteControlPlane(dir.resolve("registry.db"), clock);
        opened.add(plane);
        return plane.embeddingCache(maxEntries);
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteControlPlane::close);
    }
}
