/**
 * The indexing pipeline: scan → chunk → write (lexical, searchable at once) → embed → write vectors, in bounded
 * batches, incremental by content hash.
 * Sub-packages {@code scan}, {@code chunk}, {@code embed} are its stages. Depends on the store ports, never on an
 * adapter, on jobs or on MCP.
 */
package dev.codebasemcp.indexing;
