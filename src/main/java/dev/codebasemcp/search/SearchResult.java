package dev.codebasemcp.search;

/** One result of a search, as returned to clients (DESIGN §7). Lines are 1-based, inclusive. */
public record SearchResult(String chunkId, String repositoryId, String filePath, String language, String chunkType,
                           String symbol, int startLine, int endLine, String content, String contextBefore,
                           String contextAfter, double score) {}
