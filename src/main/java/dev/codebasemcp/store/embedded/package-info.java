/**
 * The embedded store adapters (zero setup).
 *
 * <p>Control plane: {@link dev.codebasemcp.store.embedded.SqliteControlPlane} opens {@code $CODEBASE_MCP_HOME/registry.db}
 * (SQLite, WAL, Flyway migrations under {@code db/sqlite}) and provides the {@link dev.codebasemcp.store.Registry} and
 * {@link dev.codebasemcp.store.JobStore} ports; safe for several processes on one file.
 *
 * <p>Data planes: {@link dev.codebasemcp.store.embedded.LuceneChunkStore} implements {@link dev.codebasemcp.store.ChunkStore}
 * with one Lucene index per project under {@code <projectsRoot>/<database_name>/} (document layout and its version in
 * {@code LuceneSchema}); searches read the latest commit only, writes hold the directory's write lock from the first
 * staged write until the writer is released. Lexical fields are analysed by {@code CodeAnalyzer}, i.e.
 * {@link dev.codebasemcp.store.CodeTokens}.
 *
 * <p>Imports SQLite, Flyway, Lucene and the store ports/records; must not import indexing, search, jobs, project, mcp or cli.
 */
package dev.codebasemcp.store.embedded;
