package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.ControlPlaneHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Control-plane handles on one registry database for the contract suites: the first handle of a test empties the
 * tables (the database lives as long as the test class), later ones are further stores on the same database, as
 * further server processes would be.
 */
final class PostgresControlPlanes implements AutoCloseable {

    private final String database;
    private final List<PostgresStore> opened = new ArrayList<>();

    PostgresControlPlanes(String database) {
        this.database = database;
    }

    synchronized ControlPlaneHandle handle() {
        PostgresStore store = PostgresStore.connect(PostgresTestServer.url(database), PostgresTestServer.CLOCK);
        if (opened.isEmpty()) {
            PostgresTestServer.execute(database, "DELETE FROM indexing_jobs; DELETE FROM projects; DELETE FROM embedding_cache");
        }
        opened.add(store);
        return new ControlPlaneHandle(store.registry(), store.jobs());
    }

    @Override
    public synchronized void close() {
        opened.forEach(PostgresStore::close);
        opened.clear();
    }
}
