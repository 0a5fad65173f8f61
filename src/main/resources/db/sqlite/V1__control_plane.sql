-- Control plane of the embedded store: the project registry and the indexing job table.
-- Timestamps are INTEGER epoch milliseconds (UTC). Ids are canonical lowercase UUID text.

CREATE TABLE projects (
    id            TEXT    NOT NULL PRIMARY KEY
                  CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*' AND length(replace(id, '-', '')) = 32
                         AND substr(id, 9, 1) = '-' AND substr(id, 14, 1) = '-'
                         AND substr(id, 19, 1) = '-' AND substr(id, 24, 1) = '-'),
    name          TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 255),
    -- ^cb_proj_[a-z0-9_]+_[a-f0-9]{8}$ expressed with GLOB: only [a-z0-9_], the cb_proj_ prefix,
    -- an underscore and 8 hex digits at the end, and at least one character in between.
    database_name TEXT    NOT NULL UNIQUE
                  CHECK (length(database_name) >= 18 AND database_name NOT GLOB '*[^a-z0-9_]*'
                         AND database_name GLOB 'cb_proj_*_[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    description   TEXT,
    metadata      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE indexing_jobs (
    -- seq orders jobs created in the same millisecond and stays stable across VACUUM (unlike an implicit rowid).
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT    NOT NULL UNIQUE
                        CHECK (length(id) = 36 AND id NOT GLOB '*[^0-9a-f-]*' AND length(replace(id, '-', '')) = 32),
    project_id          TEXT    NOT NULL REFERENCES projects (id),
    repo_path           TEXT    NOT NULL CHECK (length(repo_path) > 0),
    force_reindex       INTEGER NOT NULL DEFAULT 0 CHECK (force_reindex IN (0, 1)),
    status              TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    phase               TEXT    NOT NULL DEFAULT 'queued'
                        CHECK (phase IN ('queued', 'scanning', 'chunking', 'embedding', 'writing', 'finalizing', 'done')),
    progress_percentage REAL    NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    progress_message    TEXT,
    status_message      TEXT,
    files_scanned       INTEGER NOT NULL DEFAULT 0,
    files_total         INTEGER NOT NULL DEFAULT 0,
    files_indexed       INTEGER NOT NULL DEFAULT 0,
    files_unchanged     INTEGER NOT NULL DEFAULT 0,
    files_deleted       INTEGER NOT NULL DEFAULT 0,
    files_skipped       INTEGER NOT NULL DEFAULT 0,
    chunks_created      INTEGER NOT NULL DEFAULT 0,
    chunks_deleted      INTEGER NOT NULL DEFAULT 0,
    embeddings_computed INTEGER NOT NULL DEFAULT 0,
    embeddings_cached   INTEGER NOT NULL DEFAULT 0,
    warnings            TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(warnings) AND json_type(warnings) = 'array'),
    error_message       TEXT,
    error_type          TEXT,
    created_at          INTEGER NOT NULL,
    started_at          INTEGER,
    completed_at        INTEGER,
    cancelled_at        INTEGER,
    heartbeat_at        INTEGER,
    eta_seconds         INTEGER CHECK (eta_seconds IS NULL OR eta_seconds >= 0),
    worker_id           TEXT,
    attempt             INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    -- free-form JSON written by the worker so a requeued job can resume where it stopped
    checkpoint          TEXT    CHECK (checkpoint IS NULL OR json_valid(checkpoint)),
    CHECK ((status IN ('completed', 'failed', 'cancelled')) = (completed_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (status <> 'running' OR (worker_id IS NOT NULL AND started_at IS NOT NULL AND heartbeat_at IS NOT NULL)),
    CHECK (status <> 'pending' OR worker_id IS NULL)
) STRICT;

-- At most one active job per project and repository: deduplication is enforced by the database itself.
CREATE UNIQUE INDEX indexing_jobs_active ON indexing_jobs (project_id, repo_path)
    WHERE status IN ('pending', 'running');
-- claimNext: oldest pending first.
CREATE INDEX indexing_jobs_pending ON indexing_jobs (created_at, seq) WHERE status = 'pending';
-- claimNext (one running job per project) and staleRunning.
CREATE INDEX indexing_jobs_running ON indexing_jobs (project_id, heartbeat_at) WHERE status = 'running';
-- list: newest first, optionally by project or status.
CREATE INDEX indexing_jobs_created ON indexing_jobs (created_at, seq);
CREATE INDEX indexing_jobs_project_created ON indexing_jobs (project_id, created_at, seq);
CREATE INDEX indexing_jobs_status_created ON indexing_jobs (status, created_at, seq);
-- retention
CREATE INDEX indexing_jobs_completed ON indexing_jobs (completed_at) WHERE completed_at IS NOT NULL;

-- Forward-only state machine, enforced for every writer (not only this code): a finished job is frozen, and the
-- only moves are pending -> running | failed | cancelled, running -> completed | failed | cancelled, and the
-- crash-recovery requeue running -> pending, which must release the worker.
CREATE TRIGGER indexing_jobs_forward_only
BEFORE UPDATE ON indexing_jobs
WHEN OLD.status IN ('completed', 'failed', 'cancelled')
  OR (OLD.status <> NEW.status AND NOT (
         (OLD.status = 'pending' AND NEW.status IN ('running', 'failed', 'cancelled'))
      OR (OLD.status = 'running' AND NEW.status IN ('completed', 'failed', 'cancelled'))
      OR (OLD.status = 'running' AND NEW.status = 'pending' AND NEW.worker_id IS NULL)))
BEGIN
    SELECT RAISE(ABORT, 'indexing_jobs: illegal status transition (jobs only move forward)');
END;
