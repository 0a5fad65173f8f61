/**
 * Retrieval-quality evaluation ({@code codebase-mcp quality}): turns well-documented source packages into a
 * benchmark whose queries are the first sentences of doc comments and whose answers are the documented functions,
 * indexes a copy with every doc comment blanked (line numbers kept), and scores rankings (MRR@10, Recall@1/5/10 at
 * file and function level, result length) for our search modes and a grep-style keyword baseline.
 * Imports only the root records, {@code search} value types, tree-sitter, Jackson and SLF4J; the indexing and
 * searching are handed in by the CLI ({@link dev.codebasemcp.eval.Retriever}).
 */
package dev.codebasemcp.eval;
