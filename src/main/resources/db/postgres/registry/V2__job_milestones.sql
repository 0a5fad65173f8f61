-- Milestones of an indexing job: searchable_at when every file of the run was committed to the lexical index,
-- embedded_at when no chunk lacked a vector any more; embeddings_pending counts chunks still waiting for one.
ALTER TABLE indexing_jobs
    ADD COLUMN searchable_at      timestamptz,
    ADD COLUMN embedded_at        timestamptz,
    ADD COLUMN embeddings_pending bigint NOT NULL DEFAULT 0 CHECK (embeddings_pending >= 0);
