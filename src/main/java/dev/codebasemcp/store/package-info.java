/**
 * Store ports: {@link dev.codebasemcp.store.Registry} (projects), {@link dev.codebasemcp.store.JobStore} (indexing jobs)
 * and {@link dev.codebasemcp.store.ChunkStore}/{@link dev.codebasemcp.store.ProjectIndex} (a project's data plane),
 * {@link dev.codebasemcp.store.EmbeddingCache} (vectors shared by every project, stored as {@code HalfFloats}),
 * plus the value records they exchange and pure helpers shared by every adapter ({@code CodeTokens}, {@code SearchFilter}).
 * Adapters live in {@code store.embedded} (SQLite + Lucene) and {@code store.postgres}. This package imports no
 * adapter technology (no Lucene, no JDBC driver classes).
 */
package dev.codebasemcp.store;
