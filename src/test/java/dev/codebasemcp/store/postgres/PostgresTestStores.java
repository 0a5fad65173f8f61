package dev.codebasemcp.store.postgres;

import dev.codebasemcp.ProjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores on one test-class registry database; remembers every project database so {@link #dropAll} can remove them
 * (and the registry) after the class.
 */
final class PostgresTestStores {

    private final String registry = PostgresTestServer.uniqueDatabase();
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    private final List<PostgresStore> open = new ArrayList<>();

    synchronized PostgresStore open() {
        PostgresStore store = PostgresStore.connect(PostgresTestServer.url(registry), PostgresTestServer.CLOCK);
        open.add(store);
        return store;
    }

    /** A project with a fresh id, whose database will be dropped with the others. */
    ProjectRef newProject(String name) {
        String id = UUID.randomUUID().toString();
        ProjectRef ref = new ProjectRef(id, name, ProjectRef.databaseNameFor(name, id));
        databases.add(ref.databaseName());
        return ref;
    }

    void track(ProjectRef project) {
        databases.add(project.databaseName());
    }

    String registryUrl() {
        return PostgresTestServer.url(registry);
    }

    synchronized void closeAll() {
        open.forEach(PostgresStore::close);
        open.clear();
    }

    void dropAll() {
        closeAll();
        databases.add(registry);
        PostgresTestServer.drop(databases);
    }
}
