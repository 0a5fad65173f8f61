package dev.codebasemcp.store.postgres;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.ProjectIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL data planes: one database per project ({@link ProjectRef#databaseName()}) on the registry's server,
 * created on first use with the {@code vector} extension and the project schema. Keeps one open
 * {@link ProjectIndex} (with its own small pool) per project. Thread-safe; several processes may provision and use
 * the same projects at once.
 *
 * <p>{@link #open} checks that the database still exists on every call (one catalog lookup): a project whose
 * database was dropped is provisioned again, empty, instead of failing with a driver error.
 */
final class PostgresChunkStore implements ChunkStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresChunkStore.class);
    static final int PROJECT_POOL_SIZE = 4;

    private final PostgresServer server;
    private final PostgresDatabase registry;
    private final PostgresProjectTemplate template;
    private final ConcurrentHashMap<String, PostgresProjectIndex> indexes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PostgresChunkStore(PostgresServer server, PostgresDatabase registry) {
        this.server = server;
        this.registry = registry;
        this.template = new PostgresProjectTemplate(server);
    }

    @Override
    public ProjectIndex open(ProjectRef project) {
        ensureOpen();
        String name = project.databaseName();
        boolean present = exists(project);
        return indexes.compute(name, (key, existing) -> {
            ensureOpen();
            // Re-checked here: another thread of this store may have provisioned it since the check above.
            if (existing != null && (present || exists(project))) {
                return existing;
            }
            if (existing != null) {
                LOG.warn("the database {} of project {} disappeared; creating it again (empty)", name, project.name());
                existing.close();
            }
            return provision(project);
        });
    }

    private PostgresProjectIndex provision(ProjectRef project) {
        String name = project.databaseName();
        if (!ProjectRef.DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + ProjectRef.DATABASE_NAME.pattern() + ": " + name);
        }
        registry.autocommit("creating database " + name, c -> template.createDatabase(c, name));
        PostgresDatabase db = new PostgresDatabase(server, name, PROJECT_POOL_SIZE, 0, "cbm-" + name);
        try {
            db.autocommit("installing the vector extension", c -> {
                PostgresServer.ensureVectorExtension(c, name);
                return null;
            });
            PostgresMigrations.migrate(db.dataSource(), PostgresMigrations.PROJECT, name);
            return new PostgresProjectIndex(project, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public boolean exists(ProjectRef project) {
        ensureOpen();
        return registry.autocommit("looking up database " + project.databaseName(),
                c -> PostgresServer.exists(c, project.databaseName()));
    }

    @Override
    public void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (String name : List.copyOf(indexes.keySet())) {
            PostgresProjectIndex index = indexes.remove(name);
            if (index != null) {
                try {
                    index.close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + failures.size() + " project database(s) failed: "
                    + failures.getFirst().getMessage(), failures.getFirst());
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL chunk store on " + server.url() + " is closed");
        }
    }
}
