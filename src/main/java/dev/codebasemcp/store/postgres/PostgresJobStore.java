package dev.codebasemcp.store.postgres;

import static dev.codebasemcp.store.postgres.PostgresJobRows.COUNTERS_SET;
import static dev.codebasemcp.store.postgres.PostgresJobRows.SELECT;
import static dev.codebasemcp.store.postgres.PostgresJobRows.bindInstant;
import static dev.codebasemcp.store.postgres.PostgresJobRows.storable;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.NotFoundException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.JobStore;
import java.sql.Connection;
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
import java.util.regex.Pattern;

/**
 * The job table in the registry database. Every state change is one guarded UPDATE (expected state, and owner where
 * it matters, in the WHERE clause); a trigger refuses backward moves from any writer, and unique partial indexes allow
 * one active job per project and repository and one running job per project. Workers of any number of processes
 * claim with {@code FOR UPDATE SKIP LOCKED}. Times are stored as timestamptz (microseconds).
 */
public final class PostgresJobStore implements JobStore {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A claim that loses the one-running-job-per-project race retries; each retry sees the winner's commit. */
    private static final int CLAIM_ATTEMPTS = 16;
    private static final int CREATE_ATTEMPTS = 16;

    private static final String CLAIM = "UPDATE indexing_jobs SET status = 'running', worker_id = ?, started_at = ?, "
            + "heartbeat_at = ?, attempt = attempt + 1, searchable_at = NULL, embedded_at = NULL WHERE status = 'pending' AND id = ("
            + "SELECT j.id FROM indexing_jobs j WHERE j.status = 'pending' AND NOT EXISTS ("
            + "SELECT 1 FROM indexing_jobs r WHERE r.project_id = j.project_id AND r.status = 'running') "
            + "ORDER BY j.created_at, j.seq LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id::text";

    private final PostgresDatabase db;

    PostgresJobStore(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public CreateResult createOrGetActive(ProjectRef project, String repoPath, boolean forceReindex, Instant now) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(now, "now");
        if (Objects.requireNonNull(repoPath, "repoPath").isBlank()) {
            throw new IllegalArgumentException("repoPath must not be blank");
        }
        String path = storable(repoPath);
        return db.autocommit("create job", c -> {
            for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
                Optional<Job> active = active(c, project.id(), path);
                if (active.isPresent()) {
                    return new CreateResult(active.get(), false);
                }
                String id = UUID.randomUUID().toString();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO indexing_jobs "
                        + "(id, project_id, repo_path, force_reindex, created_at) VALUES (?::uuid, ?::uuid, ?, ?, ?) "
                        + "ON CONFLICT (project_id, repo_path) WHERE status IN ('pending', 'running') DO NOTHING")) {
                    ps.setString(1, id);
                    ps.setString(2, project.id());
                    ps.setString(3, path);
                    ps.setBoolean(4, forceReindex);
                    bindInstant(ps, 5, now);
                    if (ps.executeUpdate() == 1) {
                        return new CreateResult(one(c, SELECT + " WHERE j.id = ?::uuid", id).orElseThrow(), true);
                    }
                } catch (SQLException e) {
                    if (PostgresErrors.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                        throw new NotFoundException("project '" + project.name() + "' (id " + project.id()
                                + ") is not in the registry; create it (registry getOrCreate) before indexing into it");
                    }
                    throw e;
                }
                // Another caller's job became active between our read and our insert: read it on the next round.
            }
            throw new IllegalStateException("could not create or find the active job of " + path + " in project "
                    + project.name() + " after " + CREATE_ATTEMPTS + " attempts; jobs are being created and finished "
                    + "faster than they can be read");
        });
    }

    private static Optional<Job> active(Connection c, String projectId, String repoPath) throws SQLException {
        return one(c, SELECT + " WHERE j.project_id = ?::uuid AND j.repo_path = ? AND j.status IN ('pending', 'running')",
                projectId, repoPath);
    }

    @Override
    public Optional<Job> get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!isUuid(jobId)) {
            return Optional.empty();
        }
        return db.autocommit("get job", c -> one(c, SELECT + " WHERE j.id = ?::uuid", jobId.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<Job> claimNext(String workerId, Instant now) {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(now, "now");
        return db.autocommit("claim a job", c -> {
            for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
                String id;
                try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                    ps.setString(1, storable(workerId));
                    bindInstant(ps, 2, now);
                    bindInstant(ps, 3, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.empty();
                        }
                        id = rs.getString(1);
                    }
                } catch (SQLException e) {
                    if (PostgresErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        continue; // another worker just started a job of the same project; look again
                    }
                    throw e;
                }
                return one(c, SELECT + " WHERE j.id = ?::uuid", id);
            }
            return Optional.empty();
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
        if (!isUuid(jobId)) {
            return false;
        }
        return db.autocommit("update job progress", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE indexing_jobs SET phase = ?, progress_percentage = ?, "
                    + "progress_message = ?, " + COUNTERS_SET + ", eta_seconds = ?, heartbeat_at = ? "
                    + "WHERE id = ?::uuid AND status = 'running' AND worker_id = ?")) {
                ps.setString(1, phase.wireName());
                ps.setDouble(2, percentage);
                ps.setString(3, storable(message));
                int i = PostgresJobRows.bindCounters(ps, 4, counters);
                PostgresJobRows.bindNullableLong(ps, i++, etaSeconds);
                bindInstant(ps, i++, now);
                ps.setString(i++, jobId.toLowerCase(Locale.ROOT));
                ps.setString(i, storable(workerId));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean recordMilestones(String jobId, String workerId, Instant searchableAt, Instant embeddedAt) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workerId, "workerId");
        if ((searchableAt == null && embeddedAt == null) || !isUuid(jobId)) {
            return false;
        }
        return db.autocommit("record job milestones", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE indexing_jobs SET "
                    + "searchable_at = coalesce(searchable_at, ?), embedded_at = coalesce(embedded_at, ?) "
                    + "WHERE id = ?::uuid AND status = 'running' AND worker_id = ?")) {
                bindInstant(ps, 1, searchableAt);
                bindInstant(ps, 2, embeddedAt);
                ps.setString(3, jobId.toLowerCase(Locale.ROOT));
                ps.setString(4, storable(workerId));
                return ps.executeUpdate() == 1;
            }
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
        if (!isUuid(jobId)) {
            return false;
        }
        String warningsJson = warnings == null ? null : PostgresJobRows.warningsJson(warnings);
        boolean completed = to == JobStatus.COMPLETED;
        String sql = "UPDATE indexing_jobs SET status = ?, status_message = ?, error_message = ?, error_type = ?, "
                + "completed_at = ?, cancelled_at = ?, eta_seconds = NULL"
                + (completed ? ", phase = 'done', progress_percentage = 100" : "")
                + (counters != null ? ", " + COUNTERS_SET : "")
                + (warningsJson != null ? ", warnings = ?::jsonb" : "")
                + " WHERE id = ?::uuid AND status = ?";
        return db.autocommit("finish job", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, to.wireName());
                ps.setString(2, storable(statusMessage));
                ps.setString(3, storable(errorMessage));
                ps.setString(4, storable(errorType));
                bindInstant(ps, 5, now);
                bindInstant(ps, 6, to == JobStatus.CANCELLED ? now : null);
                int i = counters != null ? PostgresJobRows.bindCounters(ps, 7, counters) : 7;
                if (warningsJson != null) {
                    ps.setString(i++, warningsJson);
                }
                ps.setString(i++, jobId.toLowerCase(Locale.ROOT));
                ps.setString(i, expected.wireName());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public JobPage list(JobStatus status, String projectId, String repoPath, int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0, got " + limit + " and " + offset);
        }
        if (projectId != null && !isUuid(projectId)) {
            return new JobPage(List.of(), 0);
        }
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.add("j.status = ?");
            args.add(status.wireName());
        }
        if (projectId != null) {
            where.add("j.project_id = ?::uuid");
            args.add(projectId.toLowerCase(Locale.ROOT));
        }
        if (repoPath != null) {
            where.add("j.repo_path = ?");
            args.add(storable(repoPath));
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return db.snapshot("list jobs", c -> {
            int total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM indexing_jobs j" + filter)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
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
        return db.autocommit("find stale jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE j.status = 'running' AND j.heartbeat_at < ? "
                    + "ORDER BY j.heartbeat_at, j.seq")) {
                bindInstant(ps, 1, staleBefore);
                return rows(ps);
            }
        });
    }

    @Override
    public boolean requeueStale(String jobId, Instant observedHeartbeat, String reason, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(observedHeartbeat, "observedHeartbeat");
        Objects.requireNonNull(now, "now");
        if (!isUuid(jobId)) {
            return false;
        }
        String message = "requeued at " + now + (reason == null || reason.isBlank() ? "" : ": " + reason);
        return db.autocommit("requeue stale job", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE indexing_jobs SET status = 'pending', worker_id = NULL, "
                    + "heartbeat_at = NULL, phase = 'queued', eta_seconds = NULL, progress_message = ? "
                    + "WHERE id = ?::uuid AND status = 'running' AND heartbeat_at = ?")) {
                ps.setString(1, storable(message));
                ps.setString(2, jobId.toLowerCase(Locale.ROOT));
                bindInstant(ps, 3, observedHeartbeat);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return db.autocommit("delete finished jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM indexing_jobs "
                    + "WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < ?")) {
                bindInstant(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Stores the job's resume state (JSON, or null to clear it); only while the job is running and owned by
     * {@code workerId}. The checkpoint survives a requeue, so the next claimant can resume from it. Stored as jsonb,
     * so it reads back normalised (key order and spacing may differ from what was written).
     *
     * @return false when the job is not running or belongs to another worker (e.g. it was cancelled)
     * @throws IllegalArgumentException when {@code checkpointJson} is not valid JSON
     */
    public boolean saveCheckpoint(String jobId, String workerId, String checkpointJson) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(workerId, "workerId");
        if (checkpointJson != null) {
            PostgresJobRows.requireJson(checkpointJson, "checkpoint");
        }
        if (!isUuid(jobId)) {
            return false;
        }
        return db.autocommit("save job checkpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE indexing_jobs SET checkpoint = ?::jsonb "
                    + "WHERE id = ?::uuid AND status = 'running' AND worker_id = ?")) {
                ps.setString(1, checkpointJson);
                ps.setString(2, jobId.toLowerCase(Locale.ROOT));
                ps.setString(3, storable(workerId));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The job's last saved checkpoint (normalised JSON); empty when none was saved or the job does not exist. */
    public Optional<String> checkpoint(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!isUuid(jobId)) {
            return Optional.empty();
        }
        return db.autocommit("read job checkpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint::text FROM indexing_jobs WHERE id = ?::uuid")) {
                ps.setString(1, jobId.toLowerCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static boolean isUuid(String s) {
        return UUID_TEXT.matcher(s).matches();
    }

    private static Optional<Job> one(Connection c, String sql, Object... args) throws SQLException {
        List<Job> jobs = many(c, sql, List.of(args));
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.getFirst());
    }

    private static List<Job> many(Connection c, String sql, List<?> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return rows(ps);
        }
    }

    private static List<Job> rows(PreparedStatement ps) throws SQLException {
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(PostgresJobRows.job(rs));
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
