-- Data plane of one project (one database per project). The 'vector' extension is installed before this runs.
--
-- Lexical search: code_chunks.terms holds CodeTokens.terms(symbol \n path \n content) as a tsvector written
-- verbatim (no text search parser or dictionary in between), with as many positions per lexeme as the term occurs
-- (capped at 255): positions carry term frequency, not places. symbol_terms does the same for the symbol alone.
-- term_stats and index_state hold the document frequencies and lengths BM25 needs; every commit keeps them exact.
--
-- Semantic search: embedding is a unit vector of the project's one dimension (index_state.vector_dimension). The
-- HNSW index is created by the first commit that stores vectors, as a partial expression index per dimension
-- (code_chunks_embedding_<n>), so that no exclusive lock is ever needed to fix the column's dimension.

CREATE TABLE index_state (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation       bigint  NOT NULL DEFAULT 0,
    vector_dimension integer NOT NULL DEFAULT 0 CHECK (vector_dimension >= 0),
    chunks           bigint  NOT NULL DEFAULT 0 CHECK (chunks >= 0),
    text_terms       bigint  NOT NULL DEFAULT 0 CHECK (text_terms >= 0),
    symbol_chunks    bigint  NOT NULL DEFAULT 0 CHECK (symbol_chunks >= 0),
    symbol_terms     bigint  NOT NULL DEFAULT 0 CHECK (symbol_terms >= 0)
);
INSERT INTO index_state DEFAULT VALUES;

-- Key/value metadata of the last commit (last_indexed_at, embedding model, ...), merged commit by commit.
CREATE TABLE index_metadata (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE repositories (
    id   text COLLATE "C" PRIMARY KEY,
    path text NOT NULL UNIQUE
);

-- The file manifest. indexed_at keeps microseconds; indexed_at_nanos the exact nano-of-second.
CREATE TABLE code_files (
    repository_id    text        COLLATE "C" NOT NULL REFERENCES repositories (id),
    path             text        COLLATE "C" NOT NULL,
    size_bytes       bigint      NOT NULL,
    mtime_millis     bigint      NOT NULL,
    content_hash     text        NOT NULL,
    language         text        NOT NULL,
    chunk_count      integer     NOT NULL CHECK (chunk_count >= 0),
    indexed_at       timestamptz NOT NULL,
    indexed_at_nanos integer     NOT NULL CHECK (indexed_at_nanos BETWEEN 0 AND 999999999),
    PRIMARY KEY (repository_id, path)
);

CREATE TABLE code_chunks (
    id                bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chunk_id          text    NOT NULL,
    repository_id     text    COLLATE "C" NOT NULL,
    path              text    COLLATE "C" NOT NULL,
    language          text    NOT NULL,
    extension         text,
    kind              text    NOT NULL,
    symbol            text,
    start_line        integer NOT NULL,
    end_line          integer NOT NULL,
    content           text    NOT NULL,
    context_before    text    NOT NULL,
    context_after     text    NOT NULL,
    terms             tsvector NOT NULL,
    term_count        integer NOT NULL CHECK (term_count >= 0),
    symbol_terms      tsvector,
    symbol_term_count integer NOT NULL DEFAULT 0 CHECK (symbol_term_count >= 0),
    embedding         vector,
    FOREIGN KEY (repository_id, path) REFERENCES code_files (repository_id, path) ON DELETE CASCADE
);
-- Keep the terms and the embedding in the row (rows up to ~4 KB) and let long content move out of line instead: a
-- lexical search reads the terms of every candidate and an exact vector scan reads every embedding, and an
-- out-of-line value costs a TOAST index lookup per row (measured 2-3x slower for both).
ALTER TABLE code_chunks SET (toast_tuple_target = 4080);
ALTER TABLE code_chunks ALTER COLUMN terms SET STORAGE MAIN, ALTER COLUMN symbol_terms SET STORAGE MAIN,
    ALTER COLUMN embedding SET STORAGE MAIN;
CREATE INDEX code_chunks_file ON code_chunks (repository_id, path);
-- Directory filters (path = d OR path LIKE 'd/%'); the C collation makes LIKE prefixes index range scans.
CREATE INDEX code_chunks_path ON code_chunks (path);
-- fastupdate off: a pending list (up to 4 MB until the next vacuum) is scanned linearly by every search, which
-- measured 2-4x slower lexical searches right after indexing; inserting directly costs far less than the HNSW insert.
CREATE INDEX code_chunks_terms ON code_chunks USING gin (terms) WITH (fastupdate = off);
CREATE INDEX code_chunks_symbol_terms ON code_chunks USING gin (symbol_terms) WITH (fastupdate = off);

CREATE TABLE term_stats (
    term          text    COLLATE "C" PRIMARY KEY,
    chunks        integer NOT NULL CHECK (chunks >= 0),
    symbol_chunks integer NOT NULL CHECK (symbol_chunks >= 0)
);
