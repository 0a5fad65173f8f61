package dev.codebasemcp.mcp;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.search.IndexState;
import dev.codebasemcp.search.SearchResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shapes values into the JSON objects of DESIGN §7 (snake_case, ISO-8601 UTC times); the CLI prints the same shapes. */
public final class Json {
    private Json() {}

    public static Map<String, Object> project(ProjectRef p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("database_name", p.databaseName());
        return m;
    }

    public static Map<String, Object> job(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", j.id());
        m.put("status", j.status().wireName());
        m.put("phase", j.phase().wireName());
        m.put("progress_percentage", j.progressPercentage());
        m.put("progress_message", j.progressMessage());
        m.put("status_message", j.statusMessage());
        m.put("repo_path", j.repoPath());
        m.put("project_id", j.projectId());
        m.put("project_name", j.projectName());
        m.put("database_name", j.databaseName());
        m.put("force_reindex", j.forceReindex());
        JobCounters c = j.counters();
        m.put("files_scanned", c.filesScanned());
        m.put("files_total", c.filesTotal());
        m.put("files_indexed", c.filesIndexed());
        m.put("files_unchanged", c.filesUnchanged());
        m.put("files_deleted", c.filesDeleted());
        m.put("files_skipped", c.filesSkipped());
        m.put("chunks_created", c.chunksCreated());
        m.put("chunks_deleted", c.chunksDeleted());
        m.put("embeddings_computed", c.embeddingsComputed());
        m.put("embeddings_cached", c.embeddingsCached());
        m.put("embeddings_pending", c.embeddingsPending());
        m.put("warnings", j.warnings());
        m.put("error_message", j.errorMessage());
        m.put("error_type", j.errorType());
        m.put("created_at", time(j.createdAt()));
        m.put("started_at", time(j.startedAt()));
        m.put("completed_at", time(j.completedAt()));
        m.put("cancelled_at", time(j.cancelledAt()));
        m.put("searchable_at", time(j.searchableAt()));
        m.put("embedded_at", time(j.embeddedAt()));
        m.put("eta_seconds", j.etaSeconds());
        m.put("attempt", j.attempt());
        return m;
    }

    public static Map<String, Object> result(SearchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chunk_id", r.chunkId());
        m.put("repository_id", r.repositoryId());
        m.put("file_path", r.filePath());
        m.put("language", r.language());
        m.put("chunk_type", r.chunkType());
        m.put("symbol", r.symbol());
        m.put("start_line", r.startLine());
        m.put("end_line", r.endLine());
        m.put("content", r.content());
        m.put("context_before", r.contextBefore());
        m.put("context_after", r.contextAfter());
        m.put("score", r.score());
        return m;
    }

    public static Map<String, Object> indexState(IndexState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("files", s.files());
        m.put("chunks", s.chunks());
        m.put("last_indexed_at", time(s.lastIndexedAt()));
        m.put("active_job_id", s.activeJobId());
        // Chunks are committed for BM25 first and embedded behind it: until every one has a vector, the semantic leg
        // only sees part of the index.
        m.put("vectors", (s.chunks() - s.chunksWithoutVectors()) + "/" + s.chunks());
        m.put("semantic", s.chunks() == 0 ? "empty" : s.vectorsComplete() ? "complete" : "partial");
        return m;
    }

    public static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
