package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.EmbeddingCacheContractTest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The embedding cache contract on a real PostgreSQL; each handle is a separate {@link PostgresStore}. */
class PostgresEmbeddingCacheTest extends EmbeddingCacheContractTest {

    private static final String DATABASE = PostgresTestServer.uniqueDatabase();
    private final List<PostgresStore> opened = new ArrayList<>();

    @BeforeAll
    static void requireServer() {
        PostgresTestServer.requireServer();
    }

    @Override
    protected EmbeddingCache openCache(long maxEntries, InstantSource clock) {
        PostgresStore store = PostgresStore.connect(PostgresTestServer.url(DATABASE), clock);
        if (opened.isEmpty()) {
            PostgresTestServer.execute(DATABASE, "DELETE FROM embedding_cache");
        }
        opened.add(store);
        return store.embeddingCache(maxEntries);
    }

    @AfterEach
    void close() {
        opened.forEach(PostgresStore::close);
        opened.clear();
    }

    @AfterAll
    static void dropDatabase() {
        PostgresTestServer.drop(List.of(DATABASE));
    }
}
