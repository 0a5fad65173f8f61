package dev.codebasemcp.store.embedded;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.Registry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The project registry in registry.db. An existing row always wins: the spec's database name and description
 * only shape a row that is being created.
 */
final class SqliteRegistry implements Registry {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int RANDOM_ID_ATTEMPTS = 5;
    private static final String COLUMNS = "id, name, database_name";

    private final SqliteConnections connections;
    private final InstantSource clock;

    SqliteRegistry(SqliteConnections connections, InstantSource clock) {
        this.connections = connections;
        this.clock = clock;
    }

    @Override
    public ProjectRef getOrCreate(ProjectSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String id = spec.id() == null ? null : canonicalId(spec.id());
        String databaseName = spec.databaseName() == null ? null : checkedDatabaseName(spec.databaseName());
        // Nearly every call finds its row; a reader connection answers that without the write lock.
        Optional<ProjectRef> found = connections.read(c -> existing(c, id, spec.name()));
        if (found.isPresent()) {
            return found.get();
        }
        return connections.transaction(c -> {
            Optional<ProjectRef> raced = existing(c, id, spec.name());
            if (raced.isPresent()) {
                return raced.get();
            }
            return insert(c, spec, id, databaseName);
        });
    }

    /** The row this spec names if there is one; a name held by another id is the caller's conflict to fix. */
    private static Optional<ProjectRef> existing(SqliteSession c, String id, String name) throws SQLException {
        if (id != null) {
            Optional<ProjectRef> byId = one(c, "SELECT " + COLUMNS + " FROM projects WHERE id = ?", id);
            if (byId.isPresent()) {
                return byId;
            }
        }
        Optional<ProjectRef> byName = one(c, "SELECT " + COLUMNS + " FROM projects WHERE name = ?", name);
        // Outside a transaction another caller may commit this very row between the two reads: same id, no conflict.
        if (byName.isPresent() && id != null && !byName.get().id().equals(id)) {
            throw new InvalidInputException("project name '" + name + "' already belongs to project id "
                    + byName.get().id() + ", not " + id + "; use id " + byName.get().id()
                    + " in .codebase-mcp/config.json, or choose another project name");
        }
        return byName;
    }

    private ProjectRef insert(SqliteSession c, ProjectSpec spec, String id, String databaseName) throws SQLException {
        if (id != null) {
            return insertRow(c, spec, id, databaseName != null ? databaseName : ProjectRef.databaseNameFor(spec.name(), id));
        }
        if (databaseName != null) {
            return insertRow(c, spec, UUID.randomUUID().toString(), databaseName);
        }
        // A derived name can only collide with a project whose name sanitises alike and whose random id shares
        // the first 8 hex digits; a fresh id makes another collision vanishingly unlikely.
        for (int attempt = 1; ; attempt++) {
            String randomId = UUID.randomUUID().toString();
            String derived = ProjectRef.databaseNameFor(spec.name(), randomId);
            if (attempt == RANDOM_ID_ATTEMPTS || owner(c, derived).isEmpty()) {
                return insertRow(c, spec, randomId, derived);
            }
        }
    }

    private ProjectRef insertRow(SqliteSession c, ProjectSpec spec, String id, String databaseName) throws SQLException {
        Optional<ProjectRef> owner = owner(c, databaseName);
        if (owner.isPresent()) {
            throw new InvalidInputException("database_name '" + databaseName + "' is already used by project '"
                    + owner.get().name() + "' (id " + owner.get().id() + "); choose another database_name for project '"
                    + spec.name() + "', or leave it out to derive one from the name and id");
        }
        ProjectRef ref = new ProjectRef(id, spec.name(), databaseName);
        long now = clock.instant().toEpochMilli();
        PreparedStatement ps = c.prepare("INSERT INTO projects (id, name, database_name, description, "
                + "metadata, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)");
        ps.setString(1, ref.id());
        ps.setString(2, ref.name());
        ps.setString(3, ref.databaseName());
        ps.setString(4, spec.description());
        ps.setLong(5, now);
        ps.setLong(6, now);
        ps.executeUpdate();
        return ref;
    }

    private static Optional<ProjectRef> owner(SqliteSession c, String databaseName) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM projects WHERE database_name = ?", databaseName);
    }

    @Override
    public Optional<ProjectRef> find(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        if (UUID_TEXT.matcher(idOrName).matches()) {
            String id = idOrName.toLowerCase(Locale.ROOT);
            return connections.read(c -> one(c, "SELECT " + COLUMNS + " FROM projects WHERE id = ?", id));
        }
        return connections.read(c -> one(c, "SELECT " + COLUMNS + " FROM projects WHERE name = ?", idOrName));
    }

    @Override
    public List<ProjectRef> list() {
        return connections.read(c -> {
            List<ProjectRef> out = new ArrayList<>();
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS + " FROM projects ORDER BY name");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static Optional<ProjectRef> one(SqliteSession c, String sql, String arg) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        ps.setString(1, arg);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
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

    private static String checkedDatabaseName(String databaseName) {
        if (!ProjectRef.DATABASE_NAME.matcher(databaseName).matches()) {
            throw new InvalidInputException("database_name '" + databaseName + "' is invalid: it must match "
                    + ProjectRef.DATABASE_NAME.pattern() + " (lowercase letters, digits and '_', ending in '_' and 8 hex "
                    + "digits, e.g. cb_proj_my_app_1a2b3c4d), or be left out to derive it from the project name and id");
        }
        return databaseName;
    }
}
