/**
 * Hybrid search (DESIGN §5): BM25 and kNN legs from the store, fused with Reciprocal Rank Fusion, de-duplicated,
 * with the index state reported on every response. Depends on the store ports and the embedder port.
 */
package dev.codebasemcp.search;
