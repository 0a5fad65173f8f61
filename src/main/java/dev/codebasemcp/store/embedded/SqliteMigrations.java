package dev.codebasemcp.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings registry.db to the current schema (Flyway, {@code classpath:db/sqlite}) and switches it to WAL.
 *
 * <p>Flyway's SQLite support takes no lock of its own, so two processes starting at once could both try to
 * create the schema. Migration therefore runs under an exclusive OS file lock on a sibling file
 * ({@code registry.db.migration-lock}; never on the database file itself, because closing any descriptor of a
 * file drops every POSIX lock the process holds on it, SQLite's included). Java file locks are per process, so
 * threads of one JVM are serialised by a static lock first.
 */
final class SqliteMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteMigrations.class);
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    static final String LOCATION = "classpath:db/sqlite";

    private SqliteMigrations() {}

    static void migrate(Path dbFile, SqliteConnections connections) {
        Path lockFile = dbFile.resolveSibling(dbFile.getFileName() + ".migration-lock");
        IN_PROCESS.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            enableWal(dbFile, connections.writerForSetup());
            MigrateResult result = Flyway.configure(SqliteMigrations.class.getClassLoader())
                    .dataSource(connections.dataSource())
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("migrated {} to schema version {} ({} migrations)", dbFile, result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to migrate " + dbFile, e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static void enableWal(Path dbFile, Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
            String mode = rs.next() ? rs.getString(1) : "";
            if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("SQLite refused WAL mode for " + dbFile + " (journal_mode is '" + mode
                        + "'); the registry must be on a local file system");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot switch " + dbFile + " to WAL mode: " + e.getMessage(), e);
        }
    }
}
