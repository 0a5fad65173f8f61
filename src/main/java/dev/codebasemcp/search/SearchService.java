package dev.codebasemcp.search;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.embed.Embedder;
import dev.codebasemcp.indexing.embed.EmbeddingServerException;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.ProjectIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers searches over one project's data plane. Hybrid mode runs BM25 and kNN and fuses their candidates with
 * {@link HybridFusion} (normalised scores; {@link #fuse} is Reciprocal Rank Fusion, kept for comparison). Results
 * that overlap an already chosen result of the same file, or repeat its exact content, are dropped.
 *
 * <p>Execution: in hybrid mode the query embedding and the kNN leg run on a small pool while the calling thread runs
 * the BM25 leg, so a search costs about the longer leg rather than the sum (the embedding of a query by the in-process
 * model takes milliseconds). When the pool is busy the caller runs both legs itself. Query vectors are kept in a small
 * LRU cache: agents repeat and refine queries. Neither changes results.
 */
public final class SearchService {
    private static final Logger log = LoggerFactory.getLogger(SearchService.class);

    static final int RRF_K = 60;
    static final int MIN_CANDIDATES = 50;
    /** Query vectors kept (384 floats each: 256 of them take under 0.5 MB). */
    static final int CACHED_QUERY_VECTORS = 256;
    private static final int SEMANTIC_THREADS = 2;

    private final ChunkStore store;
    private final Embedder embedder;
    private final ActiveJobLookup activeJobs;
    private final Map<String, float[]> queryVectors = Collections.synchronizedMap(
            new LinkedHashMap<>(CACHED_QUERY_VECTORS * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                    return size() > CACHED_QUERY_VECTORS;
                }
            });
    private final ThreadPoolExecutor semanticPool;

    public SearchService(ChunkStore store, Embedder embedder, ActiveJobLookup activeJobs) {
        this.store = store;
        this.embedder = embedder;
        this.activeJobs = activeJobs;
        AtomicInteger threads = new AtomicInteger();
        // No queue: a leg either starts on an idle thread at once or runs in the caller (never waits behind others).
        this.semanticPool = new ThreadPoolExecutor(SEMANTIC_THREADS, SEMANTIC_THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "search-semantic-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.semanticPool.allowCoreThreadTimeOut(true);
    }

    public SearchResponse search(ProjectRef project, SearchRequest request) {
        long start = System.nanoTime();
        Optional<String> activeJob = activeJobs.activeJobId(project.id());
        if (!store.exists(project)) {
            return new SearchResponse(List.of(), 0, elapsedMs(start), state(IndexStats.EMPTY, 0, activeJob), List.of());
        }
        ProjectIndex index = store.open(project);
        IndexStats stats = index.stats();
        if (stats.chunks() == 0) {
            return new SearchResponse(List.of(), 0, elapsedMs(start), state(stats, 0, activeJob), List.of());
        }
        long withoutVectors = index.countChunksWithoutVectors();
        int depth = Math.max(MIN_CANDIDATES, request.limit() * 4);
        List<String> legs = new ArrayList<>(2);
        List<ChunkHit> lexical = List.of();
        List<ChunkHit> semantic = List.of();
        String warning = null;
        switch (request.mode()) {
            case LEXICAL -> lexical = index.lexical(request.query(), request.filter(), depth);
            case SEMANTIC -> semantic = semanticLeg(index, request, depth);
            case HYBRID -> {
                CompletableFuture<List<ChunkHit>> knn = CompletableFuture.supplyAsync(() -> semanticLeg(index, request, depth),
                        semanticPool);
                lexical = index.lexical(request.query(), request.filter(), depth);
                try {
                    semantic = join(knn);
                } catch (EmbeddingServerException e) {
                    // A remote embedding server that is down or refusing must not take keyword search with it.
                    log.warn("Hybrid search fell back to keyword results: {}", e.getMessage());
                    warning = "The embedding server could not embed the query, so these are keyword (lexical) results only: "
                            + e.getMessage();
                }
            }
        }
        if (request.mode() != SearchMode.SEMANTIC) {
            legs.add("lexical");
        }
        if (request.mode() != SearchMode.LEXICAL && warning == null) {
            legs.add("semantic");
        }
        List<Scored> ranked = switch (request.mode()) {
            case LEXICAL -> asScored(lexical);
            case SEMANTIC -> asScored(semantic);
            case HYBRID -> warning != null ? asScored(lexical)
                    : HybridFusion.fuse(lexical, semantic, !TestCode.asksForTests(request.query()),
                            withoutVectors > 0 && !lexical.isEmpty()
                                    ? index.withoutVectors(lexical.stream().map(ChunkHit::chunkId).toList()) : Set.of());
        };
        List<SearchResult> results = dedupe(ranked, request.limit());
        return new SearchResponse(results, results.size(), elapsedMs(start), state(stats, withoutVectors, activeJob), legs,
                warning);
    }

    private List<ChunkHit> semanticLeg(ProjectIndex index, SearchRequest request, int depth) {
        return index.semantic(queryVector(request.query()), request.filter(), depth);
    }

    private float[] queryVector(String query) {
        float[] cached = queryVectors.get(query);
        if (cached != null) {
            return cached;
        }
        float[] v = embedder.embedQuery(query);
        queryVectors.put(query, v);
        return v;
    }

    /** The leg's result, or its own exception (as thrown when run inline). */
    private static List<ChunkHit> join(CompletableFuture<List<ChunkHit>> leg) {
        try {
            return leg.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Empties the query-vector cache, so the next searches embed their queries again (benchmarks time that cost). */
    public void forgetQueryVectors() {
        queryVectors.clear();
    }

    /** Index state for a project without searching. */
    public IndexState state(ProjectRef project) {
        Optional<String> activeJob = activeJobs.activeJobId(project.id());
        if (!store.exists(project)) {
            return state(IndexStats.EMPTY, 0, activeJob);
        }
        ProjectIndex index = store.open(project);
        return state(index.stats(), index.countChunksWithoutVectors(), activeJob);
    }

    private static IndexState state(IndexStats stats, long withoutVectors, Optional<String> activeJob) {
        String state = activeJob.isPresent() ? "indexing" : stats.files() == 0 ? "empty" : "ready";
        return new IndexState(state, stats.files(), stats.chunks(), stats.lastIndexedAt(), activeJob.orElse(null),
                Math.min(withoutVectors, stats.chunks()));
    }

    record Scored(ChunkHit hit, double score) {}

    private static List<Scored> asScored(List<ChunkHit> hits) {
        List<Scored> out = new ArrayList<>(hits.size());
        for (ChunkHit h : hits) {
            out.add(new Scored(h, h.score()));
        }
        return out;
    }

    static List<Scored> fuse(List<ChunkHit> lexical, List<ChunkHit> semantic) {
        Map<String, ChunkHit> hits = new HashMap<>();
        Map<String, Double> scores = new HashMap<>();
        addRanks(lexical, hits, scores);
        addRanks(semantic, hits, scores);
        List<Scored> out = new ArrayList<>(scores.size());
        scores.forEach((id, s) -> out.add(new Scored(hits.get(id), s)));
        out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.hit().chunkId()));
        return out;
    }

    private static void addRanks(List<ChunkHit> leg, Map<String, ChunkHit> hits, Map<String, Double> scores) {
        for (int rank = 0; rank < leg.size(); rank++) {
            ChunkHit h = leg.get(rank);
            hits.putIfAbsent(h.chunkId(), h);
            scores.merge(h.chunkId(), 1.0 / (RRF_K + rank + 1), Double::sum);
        }
    }

    static List<SearchResult> dedupe(List<Scored> ranked, int limit) {
        List<SearchResult> out = new ArrayList<>(limit);
        Set<String> contents = new HashSet<>();
        for (Scored s : ranked) {
            if (out.size() == limit) {
                break;
            }
            ChunkHit h = s.hit();
            boolean overlaps = out.stream().anyMatch(r -> r.repositoryId().equals(h.repositoryId()) && r.filePath().equals(h.path())
                    && r.startLine() <= h.endLine() && h.startLine() <= r.endLine());
            if (overlaps || !contents.add(h.content().strip())) {
                continue;
            }
            out.add(new SearchResult(h.chunkId(), h.repositoryId(), h.path(), h.language(), h.kind(), h.symbol(), h.startLine(),
                    h.endLine(), h.content(), h.contextBefore(), h.contextAfter(), round(s.score())));
        }
        return out;
    }

    private static double round(double d) {
        return Math.round(d * 1e6) / 1e6;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
