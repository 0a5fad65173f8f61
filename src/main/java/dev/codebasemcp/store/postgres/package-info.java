/**
 * The PostgreSQL + pgvector store. {@link dev.codebasemcp.store.postgres.PostgresStore} connects to the registry
 * database (the control plane: projects, indexing jobs, embedding cache; Flyway migrations under
 * {@code db/postgres/registry}) and provisions one database per project (the data plane: repositories, file manifest,
 * chunks with tsvector terms and pgvector embeddings; migrations under {@code db/postgres/project}).
 * {@link dev.codebasemcp.store.postgres.PostgresStore#doctor} checks an installation.
 *
 * <p>The only package that imports the PostgreSQL driver, pgvector and HikariCP. Imports the store ports and the
 * shared records; nothing from jobs, indexing, search, project, mcp or cli.
 */
package dev.codebasemcp.store.postgres;
