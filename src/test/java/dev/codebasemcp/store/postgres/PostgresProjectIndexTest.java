package dev.codebasemcp.store.postgres;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.ProjectIndexContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The data-plane contract on a real PostgreSQL. The contract's directory stands for the server: every store of a
 * test is a new {@link PostgresStore} on the class's registry database; the project databases it provisions are
 * recorded and dropped after the class.
 */
class PostgresProjectIndexTest extends ProjectIndexContractTest {

    private static final String REGISTRY = PostgresTestServer.uniqueDatabase();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void requireServer() {
        PostgresTestServer.requireServer();
    }

    @Override
    protected ChunkStore newStore(Path dir) {
        return new Tracked(PostgresStore.connect(PostgresTestServer.url(REGISTRY), PostgresTestServer.CLOCK));
    }

    @AfterAll
    static void dropDatabases() {
        CREATED.add(REGISTRY);
        PostgresTestServer.drop(CREATED);
    }

    /** The store's chunk store, recording the databases it opens and closing the whole store with it. */
    private record Tracked(PostgresStore store) implements ChunkStore {
        @Override
        public ProjectIndex open(ProjectRef project) {
            CREATED.add(project.databaseName());
            return store.chunks().open(project);
        }

        @Override
        public boolean exists(ProjectRef project) {
            return store.chunks().exists(project);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    static List<String> created() {
        return List.copyOf(CREATED);
    }
}
