package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.ControlPlaneHandle;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Opens control planes on one registry.db file for a test and closes them all afterwards. */
final class SqliteStores implements AutoCloseable {

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z"));

    private final Path file;
    private final List<SqliteControlPlane> opened = new ArrayList<>();

    SqliteStores(Path dir) {
        this.file = dir.resolve("registry.db");
    }

    SqliteControlPlane open() {
        SqliteControlPlane plane = new SqliteControlPlane(file, CLOCK);
        synchronized (opened) {
            opened.add(plane);
        }
        return plane;
    }

    ControlPlaneHandle handle() {
        SqliteControlPlane plane = open();
        return new ControlPlaneHandle(plane.registry(), plane.jobs());
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        synchronized (opened) {
            opened.forEach(SqliteControlPlane::close);
            opened.clear();
        }
    }
}
