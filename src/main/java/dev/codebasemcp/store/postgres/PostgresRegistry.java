package dev.codebasemcp.store.postgres;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.Registry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The project registry in the registry database. An existing row always wins: the spec's database name and
 * description only shape a row that is being created. Races between callers (threads or processes) are settled by
 * the unique constraints: {@code INSERT ... ON CONFLICT DO NOTHING}, then whoever lost reads the winner's row.
 */
final class PostgresRegistry implements Registry {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int RANDOM_ID_ATTEMPTS = 5;
    private static final int MAX_DATABASE_NAME_BYTES = 63;
    private static final String COLUMNS = "id::text, name, database_name";

    private final PostgresDatabase db;
    private final InstantSource clock;

    PostgresRegistry(PostgresDatabase db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public ProjectRef getOrCreate(ProjectSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String id = spec.id() == null ? null : canonicalId(spec.id());
        String databaseName = spec.databaseName() == null ? null
                : ProjectRef.DEFAULT_ID.equals(id) && ProjectRef.DEFAULT_DATABASE.equals(spec.databaseName())
                ? defaultProjectDatabase(db.name()) : checkedDatabaseName(spec.databaseName());
        return db.autocommit("getOrCreate project " + spec.name(), c -> {
            Optional<ProjectRef> found = existing(c, id, spec.name());
            if (found.isPresent()) {
                return found.get();
            }
            return insert(c, spec, id, databaseName);
        });
    }

    /** The row this spec names if there is one; a name held by another id is the caller's conflict to fix. */
    private static Optional<ProjectRef> existing(Connection c, String id, String name) throws SQLException {
        if (id != null) {
            Optional<ProjectRef> byId = one(c, "SELECT " + COLUMNS + " FROM projects WHERE id = ?::uuid", id);
            if (byId.isPresent()) {
                return byId;
            }
        }
        Optional<ProjectRef> byName = one(c, "SELECT " + COLUMNS + " FROM projects WHERE name = ?", name);
        // The same id can show up here when its row was committed between the two lookups (autocommit reads).
        if (byName.isPresent() && id != null && !byName.get().id().equals(id)) {
            throw new InvalidInputException("project name '" + name + "' already belongs to project id "
                    + byName.get().id() + ", not " + id + "; use id " + byName.get().id()
                    + " in .codebase-mcp/config.json, or choose another project name");
        }
        return byName;
    }

    private ProjectRef insert(Connection c, ProjectSpec spec, String id, String databaseName) throws SQLException {
        if (id != null) {
            return insertRow(c, spec, id, id, databaseName != null ? databaseName : ProjectRef.databaseNameFor(spec.name(), id));
        }
        if (databaseName != null) {
            return insertRow(c, spec, null, UUID.randomUUID().toString(), databaseName);
        }
        // A derived name can only collide with a project whose name sanitises alike and whose random id shares
        // the first 8 hex digits; a fresh id makes another collision vanishingly unlikely.
        for (int attempt = 1; ; attempt++) {
            String randomId = UUID.randomUUID().toString();
            String derived = ProjectRef.databaseNameFor(spec.name(), randomId);
            if (attempt == RANDOM_ID_ATTEMPTS || owner(c, derived).isEmpty()) {
                return insertRow(c, spec, null, randomId, derived);
            }
        }
    }

    /** Inserts the row unless another wins the race; {@code specId} is the caller's id (null when generated). */
    private ProjectRef insertRow(Connection c, ProjectSpec spec, String specId, String id, String databaseName)
            throws SQLException {
        ProjectRef ref = new ProjectRef(id, spec.name(), databaseName);
        java.time.Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO projects (id, name, database_name, description, "
                + "created_at, updated_at) VALUES (?::uuid, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, ref.id());
            ps.setString(2, ref.name());
            ps.setString(3, ref.databaseName());
            ps.setString(4, spec.description() == null ? null : spec.description().replace('\0', '\uFFFD'));
            PostgresJobRows.bindInstant(ps, 5, now);
            PostgresJobRows.bindInstant(ps, 6, now);
            if (ps.executeUpdate() == 1) {
                return ref;
            }
        }
        // Lost a race (or the database name is taken): the conflicting row is committed and visible now.
        Optional<ProjectRef> raced = existing(c, specId, spec.name());
        if (raced.isPresent()) {
            return raced.get();
        }
        Optional<ProjectRef> owner = owner(c, databaseName);
        if (owner.isPresent()) {
            throw new InvalidInputException("database_name '" + databaseName + "' is already used by project '"
                    + owner.get().name() + "' (id " + owner.get().id() + "); choose another database_name for project '"
                    + spec.name() + "', or leave it out to derive one from the name and id");
        }
        throw new IllegalStateException("inserting project '" + spec.name() + "' conflicted with a row that is gone; retry");
    }

    private static Optional<ProjectRef> owner(Connection c, String databaseName) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM projects WHERE database_name = ?", databaseName);
    }

    @Override
    public Optional<ProjectRef> find(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        if (UUID_TEXT.matcher(idOrName).matches()) {
            String id = idOrName.toLowerCase(Locale.ROOT);
            return db.autocommit("find project", c -> one(c, "SELECT " + COLUMNS + " FROM projects WHERE id = ?::uuid", id));
        }
        return db.autocommit("find project", c -> one(c, "SELECT " + COLUMNS + " FROM projects WHERE name = ?", idOrName));
    }

    @Override
    public List<ProjectRef> list() {
        return db.autocommit("list projects", c -> {
            List<ProjectRef> out = new ArrayList<>();
            // COLLATE "C": the same order as the embedded store (code point order), whatever the database's locale.
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM projects ORDER BY name COLLATE \"C\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static Optional<ProjectRef> one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static ProjectRef row(ResultSet rs) throws SQLException {
        return new ProjectRef(rs.getString(1), rs.getString(2), rs.getString(3));
    }

    /** A project id in canonical (lowercase) form; rejects anything that is not a 8-4-4-4-12 hex UUID. */
    static String canonicalId(String id) {
        if (!UUID_TEXT.matcher(id).matches()) {
            throw new InvalidInputException("project id '" + id + "' is not a UUID; use the 8-4-4-4-12 hex form, e.g. "
                    + "123e4567-e89b-12d3-a456-426614174000, or leave it out to generate one");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The default project's database for the registry database {@code registryDatabase}. Project databases share the
     * server's namespace, and every registry has a default project with the same id, so only the default registry
     * ({@code codebase_mcp_registry}) keeps {@code cb_proj_default_00000000}; any other registry on the server gets
     * {@code cb_proj_default_<first 8 hex digits of SHA-256(registry database name)>}, so two registries never share
     * a data plane. An existing row keeps the name it was created with.
     */
    static String defaultProjectDatabase(String registryDatabase) {
        if (PostgresUrl.DEFAULT_DATABASE.equals(registryDatabase)) {
            return ProjectRef.DEFAULT_DATABASE;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(registryDatabase.getBytes(StandardCharsets.UTF_8));
            return "cb_proj_default_" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String checkedDatabaseName(String databaseName) {
        if (!ProjectRef.DATABASE_NAME.matcher(databaseName).matches()) {
            throw new InvalidInputException("database_name '" + databaseName + "' is invalid: it must match "
                    + ProjectRef.DATABASE_NAME.pattern() + " (lowercase letters, digits and '_', ending in '_' and 8 hex "
                    + "digits, e.g. cb_proj_my_app_1a2b3c4d), or be left out to derive it from the project name and id");
        }
        if (databaseName.length() > MAX_DATABASE_NAME_BYTES) {
            throw new InvalidInputException("database_name '" + databaseName + "' is " + databaseName.length()
                    + " characters long; PostgreSQL database names have at most " + MAX_DATABASE_NAME_BYTES
                    + ", so shorten it (or leave it out to derive one from the project name and id)");
        }
        return databaseName;
    }
}
