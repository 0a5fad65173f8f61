package dev.codebasemcp.store.embedded;

import static dev.codebasemcp.store.embedded.SqliteJobRows.COUNTERS_SET;
import static dev.codebasemcp.store.embedded.SqliteJobRows.SELECT;
import static dev.codebasemcp.store.embedded.SqliteJobRows.millis;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.NotFoundException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.JobStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The job table in registry.db. Every state change is one guarded UPDATE (expected state, and owner where it
 * matters, in the WHERE clause); the schema's trigger refuses backward moves from any writer, and a unique
 * partial index allows one active job per project and repository. Times are stored as epoch milliseconds.
 */
public final class SqliteJobStore implements JobStore {

    private final SqliteConnections connections;

    SqliteJobStore(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public CreateResult createOrGetActive(ProjectRef project, String repoPath, boolean forceReindex, Instant now) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(now, "now");
        if (Objects.requireNonNull(repoPath, "repoPath").isBlank()) {
            throw new IllegalArgumentException("repoPath must not be blank");
        }
        return connections.transaction(c -> {
            Optional<Job> active = one(c, SELECT + " WHERE j.project_id = ? AND j.repo_path = ? "
                    + "AND j.status IN ('pending', 'running')", project.id(), repoPath);
            if (active.isPresent()) {
                return new CreateResult(active.get(), false);
            }
            requireProject(c, project);
            String id = UUID.randomUUID().toString();
            PreparedStatement ps = c.prepare("INSERT INTO indexing_jobs "
                    + "(id, project_id, repo_path, force_reindex, created_at) VALUES (?, ?, ?, ?, ?)");
            ps.setString(1, id);
            ps.setString(2, project.id());
            ps.setString(3, repoPath);
            ps.setInt(4, forceReindex ? 1 : 0);
            ps.setLong(5, millis(now));
            ps.executeUpdate();
            return new CreateResult(one(c, SELECT + " WHERE j.id = ?", id).orElseThrow(), true);
        });
    }

    private static void requireProject(SqliteSession c, ProjectRef project) throws SQLException {
        PreparedStatement ps = c.prepare("SELECT 1 FROM projects WHERE id = ?");
        ps.setString(1, project.id());
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("project '" + project.name() + "' (id " + project.id()
                        + ") is not in the registry; create it (registry getOrCreate) before indexing into it");
            }
        }
    }

    @Override
    public Optional<Job> get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        String id = jobId.toLowerCase(Locale.ROOT);
        return connections.read(c -> one(c, SELECT + " WHERE j.id = ?", id));
    }

    @Override
    public Optional<Job> claimNext(String workerId, Instant now) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(now, "now");
        // Idle workers poll; answering "nothing pending" from a reader keeps them off the write lock.
        boolean anyPending = connections.read(c -> {
            PreparedStatement ps = c.prepare("SELECT 1 FROM indexing_jobs WHERE status = 'pending' LIMIT 1");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
        if (!anyPending) {
            return Optional.empty();
        }
        return connections.transaction(c -> {
            String id;
            PreparedStatement oldest = c.prepare("SELECT j.id FROM indexing_jobs j WHERE j.status = 'pending' "
                    + "AND NOT EXISTS (SELECT 1 FROM indexing_jobs r WHERE r.project_id = j.project_id "
                    + "AND r.status = 'running') ORDER BY j.created_at, j.seq LIMIT 1");
            try (ResultSet rs = oldest.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getString(1);
            }
            PreparedStatement ps = c.prepare("UPDATE indexing_jobs SET status = 'running', worker_id = ?, "
                    + "started_at = ?, heartbeat_at = ?, attempt = attempt + 1, searchable_at = NULL, embedded_at = NULL WHERE id = ? AND status = 'pending'");
            ps.setString(1, workerId);
            ps.setLong(2, millis(now));
            ps.setLong(3, millis(now));
            ps.setString(4, id);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("job " + id + " changed inside an immediate transaction");
            }
            return one(c, SELECT + " WHERE j.id = ?", id);
        });
    }

    @Override
    public boolean updateProgress(String jobId, String workerId, JobPhase phase, double percentage, String message,
                                  JobCounters counters, Long etaSeconds, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(now, "now");
        if (!(percentage >= 0 && percentage <= 100)) {
            throw new IllegalArgumentException("progress percentage must be within 0-100: " + percentage);
        }
        if (etaSeconds != null && etaSeconds < 0) {
            throw new IllegalArgumentException("etaSeconds must not be negative: " + etaSeconds);
        }
        return connections.write(c -> {
            PreparedStatement ps = c.prepare("UPDATE indexing_jobs SET phase = ?, progress_percentage = ?, "
                    + "progress_message = ?, " + COUNTERS_SET + ", eta_seconds = ?, heartbeat_at = ? "
                    + "WHERE id = ? AND status = 'running' AND worker_id = ?");
            ps.setString(1, phase.wireName());
            ps.setDouble(2, percentage);
            ps.setString(3, message);
            int i = SqliteJobRows.bindCounters(ps, 4, counters);
            SqliteJobRows.bindNullableLong(ps, i++, etaSeconds);
            ps.setLong(i++, millis(now));
            ps.setString(i++, jobId);
            ps.setString(i, workerId);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public boolean recordMilestones(String jobId, String workerId, Instant searchableAt, Instant embeddedAt) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workerId, "workerId");
        if (searchableAt == null && embeddedAt == null) {
            return false;
        }
        return connections.write(c -> {
            PreparedStatement ps = c.prepare("UPDATE indexing_jobs SET searchable_at = coalesce(searchable_at, ?), "
                    + "embedded_at = coalesce(embedded_at, ?) WHERE id = ? AND status = 'running' AND worker_id = ?");
            SqliteJobRows.bindNullableLong(ps, 1, searchableAt == null ? null : millis(searchableAt));
            SqliteJobRows.bindNullableLong(ps, 2, embeddedAt == null ? null : millis(embeddedAt));
            ps.setString(3, jobId.toLowerCase(Locale.ROOT));
            ps.setString(4, workerId);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public boolean finish(String jobId, JobStatus expected, JobStatus to, String statusMessage, String errorMessage,
                          String errorType, JobCounters counters, List<String> warnings, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(now, "now");
        if (!expected.canMoveTo(to)) {
            return false;
        }
        if (!to.isTerminal()) {
            throw new IllegalArgumentException("finish moves a job to a terminal state, not " + to.wireName()
                    + "; jobs start running through claimNext");
        }
        String warningsJson = warnings == null ? null : SqliteJobRows.warningsJson(warnings);
        boolean completed = to == JobStatus.COMPLETED;
        String sql = "UPDATE indexing_jobs SET status = ?, status_message = ?, error_message = ?, error_type = ?, "
                + "completed_at = ?, cancelled_at = ?, eta_seconds = NULL"
                + (completed ? ", phase = 'done', progress_percentage = 100" : "")
                + (counters != null ? ", " + COUNTERS_SET : "")
                + (warningsJson != null ? ", warnings = ?" : "")
                + " WHERE id = ? AND status = ?";
        return connections.write(c -> {
            PreparedStatement ps = c.prepare(sql);
            ps.setString(1, to.wireName());
            ps.setString(2, statusMessage);
            ps.setString(3, errorMessage);
            ps.setString(4, errorType);
            ps.setLong(5, millis(now));
            SqliteJobRows.bindNullableLong(ps, 6, to == JobStatus.CANCELLED ? millis(now) : null);
            int i = counters != null ? SqliteJobRows.bindCounters(ps, 7, counters) : 7;
            if (warningsJson != null) {
                ps.setString(i++, warningsJson);
            }
            ps.setString(i++, jobId.toLowerCase(Locale.ROOT));
            ps.setString(i, expected.wireName());
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public JobPage list(JobStatus status, String projectId, String repoPath, int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got " + limit + " and " + offset);
        }
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.add("j.status = ?");
            args.add(status.wireName());
        }
        if (projectId != null) {
            where.add("j.project_id = ?");
            args.add(projectId.toLowerCase(Locale.ROOT));
        }
        if (repoPath != null) {
            where.add("j.repo_path = ?");
            args.add(repoPath);
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return connections.readSnapshot(c -> {
            int total;
            PreparedStatement ps = c.prepare("SELECT count(*) FROM indexing_jobs j" + filter);
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
            List<Object> page = new ArrayList<>(args);
            page.add(limit);
            page.add(offset);
            List<Job> jobs = many(c, SELECT + filter + " ORDER BY j.created_at DESC, j.seq DESC LIMIT ? OFFSET ?", page);
            return new JobPage(jobs, total);
        });
    }

    @Override
    public List<Job> staleRunning(Instant staleBefore) {
        Objects.requireNonNull(staleBefore, "staleBefore");
        return connections.read(c -> many(c, SELECT + " WHERE j.status = 'running' AND j.heartbeat_at < ? "
                + "ORDER BY j.heartbeat_at, j.seq", List.of(millis(staleBefore))));
    }

    @Override
    public boolean requeueStale(String jobId, Instant observedHeartbeat, String reason, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(observedHeartbeat, "observedHeartbeat");
        Objects.requireNonNull(now, "now");
        String message = "requeued at " + now + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return connections.write(c -> {
            PreparedStatement ps = c.prepare("UPDATE indexing_jobs SET status = 'pending', worker_id = NULL, "
                    + "heartbeat_at = NULL, phase = 'queued', eta_seconds = NULL, progress_message = ? "
                    + "WHERE id = ? AND status = 'running' AND heartbeat_at = ?");
            ps.setString(1, message);
            ps.setString(2, jobId.toLowerCase(Locale.ROOT));
            ps.setLong(3, millis(observedHeartbeat));
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return connections.write(c -> {
            PreparedStatement ps = c.prepare("DELETE FROM indexing_jobs "
                    + "WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < ?");
            ps.setLong(1, millis(cutoff));
            return ps.executeUpdate();
        });
    }

    /**
     * Stores the job's resume state (free-form JSON, or null to clear it); only while the job is running and owned
     * by {@code workerId}. The checkpoint survives a requeue, so the next claimant can resume from it.
     *
     * @return false when the job is not running or belongs to another worker (e.g. it was cancelled)
     * @throws IllegalArgumentException when {@code checkpointJson} is not valid JSON
     */
    public boolean saveCheckpoint(String jobId, String workerId, String checkpointJson) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workerId, "workerId");
        if (checkpointJson != null) {
            SqliteJobRows.requireJson(checkpointJson, "checkpoint");
        }
        return connections.write(c -> {
            PreparedStatement ps = c.prepare("UPDATE indexing_jobs SET checkpoint = ? "
                    + "WHERE id = ? AND status = 'running' AND worker_id = ?");
            ps.setString(1, checkpointJson);
            ps.setString(2, jobId.toLowerCase(Locale.ROOT));
            ps.setString(3, workerId);
            return ps.executeUpdate() == 1;
        });
    }

    /** The job's last saved checkpoint; empty when none was saved or the job does not exist. */
    public Optional<String> checkpoint(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return connections.read(c -> {
            PreparedStatement ps = c.prepare("SELECT checkpoint FROM indexing_jobs WHERE id = ?");
            ps.setString(1, jobId.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        });
    }

    private static Optional<Job> one(SqliteSession c, String sql, Object... args) throws SQLException {
        List<Job> jobs = many(c, sql, List.of(args));
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.getFirst());
    }

    private static List<Job> many(SqliteSession c, String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        bind(ps, args);
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(SqliteJobRows.job(rs));
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
