package dev.codebasemcp.store;

/** One chunk returned by a search leg, with that leg's score (higher is better). */
public record ChunkHit(String chunkId, String repositoryId, String path, String language, String kind, String symbol,
                       int startLine, int endLine, String content, String contextBefore, String contextAfter,
                       float score) {}
