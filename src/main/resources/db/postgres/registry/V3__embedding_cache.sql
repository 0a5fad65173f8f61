-- The shared embedding cache, reshaped (V1's table was never written): document vectors by (model id, SHA-256 of
-- the embedded text) for every project on this server. A cache: rows may be evicted (least recently used first).
-- vector: IEEE 754 half floats, little-endian (2 bytes per dimension), half the size of pgvector's float32 and never
-- searched in SQL. last_used is refreshed on a hit at most once a day, so lookups rarely write.
DROP TABLE IF EXISTS embedding_cache;

CREATE TABLE embedding_cache (
    model     text        NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    text_hash bytea       NOT NULL CHECK (length(text_hash) = 32),
    vector    bytea       NOT NULL CHECK (length(vector) BETWEEN 2 AND 65536 AND length(vector) % 2 = 0),
    last_used timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, text_hash)
);

CREATE INDEX embedding_cache_last_used ON embedding_cache (last_used);
