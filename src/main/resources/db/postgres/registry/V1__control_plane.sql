-- Control plane of the PostgreSQL store: the project registry, the indexing job table and the embedding cache.
-- Ids are uuid columns, always read back as canonical lowercase text (id::text).

CREATE TABLE projects (
    id            uuid        NOT NULL PRIMARY KEY,
    name          text        NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 255),
    -- PostgreSQL truncates identifiers past 63 bytes, so a longer name could never be the database's real name.
    database_name text        NOT NULL UNIQUE
                  CHECK (database_name ~ '^cb_proj_[a-z0-9_]+_[a-f0-9]{8}$' AND octet_length(database_name) <= 63),
    description   text,
    metadata      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE indexing_jobs (
    -- seq orders jobs created in the same microsecond.
    seq                 bigint           GENERATED ALWAYS AS IDENTITY UNIQUE,
    id                  uuid             NOT NULL PRIMARY KEY,
    project_id          uuid             NOT NULL REFERENCES projects (id),
    repo_path           text             NOT NULL CHECK (repo_path <> ''),
    force_reindex       boolean          NOT NULL DEFAULT false,
    status              text             NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    phase               text             NOT NULL DEFAULT 'queued'
                        CHECK (phase IN ('queued', 'scanning', 'chunking', 'embedding', 'writing', 'finalizing', 'done')),
    progress_percentage double precision NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    progress_message    text,
    status_message      text,
    files_scanned       bigint           NOT NULL DEFAULT 0,
    files_total         bigint           NOT NULL DEFAULT 0,
    files_indexed       bigint           NOT NULL DEFAULT 0,
    files_unchanged     bigint           NOT NULL DEFAULT 0,
    files_deleted       bigint           NOT NULL DEFAULT 0,
    files_skipped       bigint           NOT NULL DEFAULT 0,
    chunks_created      bigint           NOT NULL DEFAULT 0,
    chunks_deleted      bigint           NOT NULL DEFAULT 0,
    embeddings_computed bigint           NOT NULL DEFAULT 0,
    embeddings_cached   bigint           NOT NULL DEFAULT 0,
    warnings            jsonb            NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(warnings) = 'array'),
    error_message       text,
    error_type          text,
    created_at          timestamptz      NOT NULL,
    started_at          timestamptz,
    completed_at        timestamptz,
    cancelled_at        timestamptz,
    heartbeat_at        timestamptz,
    eta_seconds         bigint           CHECK (eta_seconds IS NULL OR eta_seconds >= 0),
    worker_id           text,
    attempt             integer          NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    -- free-form JSON written by the worker so a requeued job can resume where it stopped
    checkpoint          jsonb,
    CHECK ((status IN ('completed', 'failed', 'cancelled')) = (completed_at IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    CHECK (status <> 'running' OR (worker_id IS NOT NULL AND started_at IS NOT NULL AND heartbeat_at IS NOT NULL)),
    CHECK (status <> 'pending' OR worker_id IS NULL)
);

-- At most one active job per project and repository: deduplication is enforced by the database itself.
CREATE UNIQUE INDEX indexing_jobs_active ON indexing_jobs (project_id, repo_path)
    WHERE status IN ('pending', 'running');
-- At most one running job per project: two workers racing for two jobs of one project cannot both win.
CREATE UNIQUE INDEX indexing_jobs_one_running ON indexing_jobs (project_id) WHERE status = 'running';
-- claimNext: oldest pending first.
CREATE INDEX indexing_jobs_pending ON indexing_jobs (created_at, seq) WHERE status = 'pending';
-- staleRunning
CREATE INDEX indexing_jobs_heartbeat ON indexing_jobs (heartbeat_at) WHERE status = 'running';
-- list: newest first, optionally by project or status.
CREATE INDEX indexing_jobs_created ON indexing_jobs (created_at, seq);
CREATE INDEX indexing_jobs_project_created ON indexing_jobs (project_id, created_at, seq);
CREATE INDEX indexing_jobs_status_created ON indexing_jobs (status, created_at, seq);
-- retention
CREATE INDEX indexing_jobs_completed ON indexing_jobs (completed_at) WHERE completed_at IS NOT NULL;

-- Forward-only state machine, enforced for every writer (not only this code): a finished job is frozen, and the
-- only moves are pending -> running | failed | cancelled, running -> completed | failed | cancelled, and the
-- crash-recovery requeue running -> pending, which must release the worker.
CREATE FUNCTION indexing_jobs_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status IN ('completed', 'failed', 'cancelled')
       OR (OLD.status <> NEW.status AND NOT (
              (OLD.status = 'pending' AND NEW.status IN ('running', 'failed', 'cancelled'))
           OR (OLD.status = 'running' AND NEW.status IN ('completed', 'failed', 'cancelled'))
           OR (OLD.status = 'running' AND NEW.status = 'pending' AND NEW.worker_id IS NULL))) THEN
        RAISE EXCEPTION 'indexing_jobs: illegal status transition % -> % of job % (jobs only move forward)',
            OLD.status, NEW.status, OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER indexing_jobs_forward_only BEFORE UPDATE ON indexing_jobs
    FOR EACH ROW EXECUTE FUNCTION indexing_jobs_forward_only();

-- Embeddings by (model, hash of the embedded text), shared by every project on this server.
CREATE TABLE embedding_cache (
    model      text        NOT NULL,
    text_hash  text        NOT NULL,
    dimension  integer     NOT NULL CHECK (dimension > 0),
    vector     vector      NOT NULL CHECK (vector_dims(vector) = dimension),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, text_hash)
);
