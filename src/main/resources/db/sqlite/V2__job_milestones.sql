-- Milestones of an indexing job (epoch milliseconds): searchable_at when every file of the run was committed to the
-- lexical index, embedded_at when no chunk lacked a vector any more; embeddings_pending counts chunks still waiting.
ALTER TABLE indexing_jobs ADD COLUMN searchable_at INTEGER;
ALTER TABLE indexing_jobs ADD COLUMN embedded_at INTEGER;
ALTER TABLE indexing_jobs ADD COLUMN embeddings_pending INTEGER NOT NULL DEFAULT 0 CHECK (embeddings_pending >= 0);
