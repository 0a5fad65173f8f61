package dev.codebasemcp.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the current schema with Flyway: the registry ({@link #REGISTRY}) or a project
 * ({@link #PROJECT}). Flyway serialises concurrent migrations of one database with an advisory lock, so several
 * processes starting at once are safe.
 *
 * <p>A database already at the latest version is recognised from its history table in one query and Flyway is not
 * started (it costs 150-250 ms per database, mostly scanning the classpath), which matters when a process opens many
 * projects.
 */
final class PostgresMigrations {

    /**
     * Where a schema's migrations live, their file names (every new migration is added here; a test checks the list
     * against the directory) and the highest version among them.
     */
    record Schema(String location, List<String> files, int latestVersion) {

        /** A short hash of the migration scripts: changes whenever any of them does. */
        String fingerprint() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                String dir = location.substring("classpath:".length());
                for (String f : files) {
                    try (InputStream in = PostgresMigrations.class.getClassLoader().getResourceAsStream(dir + "/" + f)) {
                        if (in == null) {
                            throw new IllegalStateException("migration " + dir + "/" + f + " is missing from the classpath");
                        }
                        sha.update(f.getBytes(StandardCharsets.UTF_8));
                        sha.update(in.readAllBytes());
                    }
                }
                return HexFormat.of().formatHex(sha.digest(), 0, 4);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the migrations under " + location, e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final Schema REGISTRY = new Schema("classpath:db/postgres/registry", List.of("V1__control_plane.sql", "V2__job_milestones.sql", "V3__embedding_cache.sql"), 3);
    static final Schema PROJECT = new Schema("classpath:db/postgres/project", List.of("V1__data_plane.sql", "V2__vector_backfill.sql"), 2);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMigrations.class);

    private PostgresMigrations() {
    }

    static void migrate(DataSource dataSource, Schema schema, String database) {
        if (isCurrent(dataSource, schema, database)) {
            return;
        }
        String location = schema.location();
        MigrateResult result;
        try {
            result = Flyway.configure(PostgresMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(location)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("migrating PostgreSQL database " + database + " (" + location + ") failed: "
                    + e.getMessage(), e);
        }
        if (result.migrationsExecuted > 0) {
            LOG.info("migrated database {} to schema version {} ({} migrations)", database, result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }

    /**
     * Whether the database is exactly at the latest version (migration versions are whole numbers). Anything else,
     * including a newer schema than this code knows, goes through Flyway, which migrates or explains.
     */
    private static boolean isCurrent(DataSource dataSource, Schema schema, String database) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT bool_and(success), max(version::int) FROM flyway_schema_history "
                    + "WHERE version IS NOT NULL")) {
                rs.next();
                return rs.getBoolean(1) && rs.getInt(2) == schema.latestVersion();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the schema version of PostgreSQL database " + database + " failed: "
                    + e.getMessage(), e);
        }
    }
}
