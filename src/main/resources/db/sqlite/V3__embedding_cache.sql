-- The shared embedding cache: document vectors by (model id, SHA-256 of the embedded text), for every project of
-- this installation. A cache: rows may be evicted (least recently used first) and the table may be emptied at will.
-- vector: IEEE 754 half floats, little-endian (2 bytes per dimension). last_used: epoch seconds, refreshed on a hit
-- at most once a day (so lookups rarely write).
CREATE TABLE embedding_cache (
    model     TEXT    NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    text_hash BLOB    NOT NULL CHECK (length(text_hash) = 32),
    vector    BLOB    NOT NULL CHECK (length(vector) BETWEEN 2 AND 65536 AND length(vector) % 2 = 0),
    last_used INTEGER NOT NULL,
    PRIMARY KEY (model, text_hash)
) STRICT, WITHOUT ROWID;

CREATE INDEX embedding_cache_last_used ON embedding_cache (last_used);
