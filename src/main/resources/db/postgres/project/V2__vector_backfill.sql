-- Vectors are filled in behind the lexical index: chunks are committed with embedding NULL first (searchable by
-- BM25 at once) and get their vector in later commits. These indexes find the chunks still without a vector (in
-- row order, for paging) and set vectors by chunk id.
CREATE INDEX code_chunks_without_vector ON code_chunks (id) WHERE embedding IS NULL;
CREATE INDEX code_chunks_chunk_id ON code_chunks (chunk_id);
