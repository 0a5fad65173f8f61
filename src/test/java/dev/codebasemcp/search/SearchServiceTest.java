package dev.codebasemcp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import dev.codebasemcp.store.embedded.LuceneChunkStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The execution of searches (legs in parallel, cached query vectors) against a real Lucene index. */
class SearchServiceTest {

    private static final ProjectRef PROJECT = new ProjectRef("12345678-0000-0000-0000-000000000001", "s", "cb_proj_s_12345678");
    private static final String[] WORDS = ("parse read write file string buffer http request response client server cache "
            + "entry key value index search query token user session config load save retry backoff timeout thread pool").split(" ");

    @TempDir
    Path dir;
    private LuceneChunkStore store;
    private final HashingEmbedder embedder = new HashingEmbedder();

    @BeforeEach
    void index() {
        store = new LuceneChunkStore(dir);
        ProjectIndex index = store.open(PROJECT);
        String repo = index.upsertRepository("/repo").id();
        for (int f = 0; f < 40; f++) {
            String path = "src/pkg" + f % 4 + "/File" + f + ".java";
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                String content = "void " + WORDS[(f + c) % WORDS.length] + WORDS[(f * 7 + c) % WORDS.length] + "() { "
                        + WORDS[(f * 3 + c * 5) % WORDS.length] + " " + WORDS[(f + c * 11) % WORDS.length] + " }";
                int line = c * 10 + 1;
                chunks.add(new IndexedChunk(IndexedChunk.idFor(repo, path, line, line + 9, "h" + f + c), path,
                        new Chunk("java", "method", "m" + f + "_" + c, line, line + 9, content), "", "",
                        embedder.embedDocuments(List.of(content)).getFirst()));
            }
            index.replaceFile(repo, new FileRecord(path, 100, 1, "h" + f, "java", chunks.size(), Instant.EPOCH), chunks);
        }
        index.commit(Map.of());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private SearchService service(HashingEmbedder queries) {
        return new SearchService(store, queries, id -> Optional.empty());
    }

    @Test
    void hybrid_equalsFusionOfTheTwoLegsRunSerially() {
        SearchService service = service(new HashingEmbedder());
        ProjectIndex index = store.open(PROJECT);
        for (String q : List.of("retry backoff timeout", "parse file", "http request response client", "session cache")) {
            List<ChunkHit> lexical = index.lexical(q, SearchFilter.NONE, SearchService.MIN_CANDIDATES);
            List<ChunkHit> semantic = index.semantic(embedder.embedQuery(q), SearchFilter.NONE, SearchService.MIN_CANDIDATES);
            List<SearchResult> expected = SearchService.dedupe(HybridFusion.fuse(lexical, semantic), 10);

            SearchResponse r = service.search(PROJECT, new SearchRequest(q, SearchFilter.NONE, 10, SearchMode.HYBRID));

            assertThat(expected).isNotEmpty();
            assertThat(r.results()).isEqualTo(expected);
            assertThat(r.legs()).containsExactly("lexical", "semantic");
        }
    }

    @Test
    void hybridWhileVectorsFillIn_aKeywordMatchWithoutAVectorIsNotBuriedUnderEmbeddedChunks() {
        ProjectIndex index = store.open(PROJECT);
        String repo = index.upsertRepository("/repo").id();
        String path = "src/late/Backoff.java";
        String content = "void retryWithExponentialBackoff() { retry backoff jitter }";
        IndexedChunk late = new IndexedChunk(IndexedChunk.idFor(repo, path, 1, 5, "late"), path,
                new Chunk("java", "method", "Backoff.retryWithExponentialBackoff", 1, 5, content), "", "", null);
        index.replaceFile(repo, new FileRecord(path, 100, 1, "late", "java", 1, Instant.EPOCH), List.of(late));
        index.commit(Map.of());
        assertThat(index.withoutVectors(List.of(late.id(), "no-such-chunk"))).containsExactly(late.id());
        SearchService service = service(new HashingEmbedder());
        String query = "retry exponential backoff jitter";

        List<SearchResult> lexical = service.search(PROJECT, new SearchRequest(query, SearchFilter.NONE, 5, SearchMode.LEXICAL)).results();
        List<SearchResult> hybrid = service.search(PROJECT, new SearchRequest(query, SearchFilter.NONE, 5, SearchMode.HYBRID)).results();

        assertThat(lexical.getFirst().filePath()).isEqualTo(path);
        assertThat(hybrid.getFirst().filePath()).as("the best keyword match, not yet embedded").isEqualTo(path);
        // Once it has a vector it competes on both legs as usual.
        index.setVectors(Map.of(late.id(), embedder.embedDocuments(List.of(content)).getFirst()));
        index.commit(Map.of());
        assertThat(index.withoutVectors(List.of(late.id()))).isEmpty();
        assertThat(service.search(PROJECT, new SearchRequest(query, SearchFilter.NONE, 5, SearchMode.HYBRID)).results().getFirst().filePath())
                .isEqualTo(path);
    }

    @Test
    void repeatedQuery_isEmbeddedOnce_andGivesTheSameResults() {
        HashingEmbedder queries = new HashingEmbedder();
        SearchService service = service(queries);
        SearchRequest request = new SearchRequest("load config file", SearchFilter.NONE, 5, SearchMode.SEMANTIC);

        SearchResponse first = service.search(PROJECT, request);
        SearchResponse second = service.search(PROJECT, request);
        service.search(PROJECT, new SearchRequest("load config file", SearchFilter.NONE, 5, SearchMode.HYBRID));

        assertThat(queries.queriesEmbedded()).isEqualTo(1);
        assertThat(second.results()).isEqualTo(first.results()).isNotEmpty();
    }

    @Test
    void lexicalMode_neverEmbedsTheQuery() {
        HashingEmbedder queries = new HashingEmbedder();
        service(queries).search(PROJECT, new SearchRequest("parse file", SearchFilter.NONE, 5, SearchMode.LEXICAL));
        assertThat(queries.queriesEmbedded()).isZero();
    }

    @Test
    void hybrid_whenTheSemanticLegFails_throwsItsOwnException() {
        SearchService service = service(new HashingEmbedder(16));
        assertThatThrownBy(() -> service.search(PROJECT, new SearchRequest("parse file", SearchFilter.NONE, 5, SearchMode.HYBRID)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 dimensions");
    }

    @Test
    void manyConcurrentHybridSearches_allGetTheSerialAnswer() throws Exception {
        SearchService service = service(new HashingEmbedder());
        List<String> qs = List.of("retry backoff", "parse file", "http client", "session cache", "thread pool", "user token");
        Map<String, List<SearchResult>> expected = new java.util.HashMap<>();
        for (String q : qs) {
            expected.put(q, service.search(PROJECT, new SearchRequest(q, SearchFilter.NONE, 10, SearchMode.HYBRID)).results());
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String q = qs.get(i % qs.size());
                checks.add(callers.submit(() -> service.search(PROJECT, new SearchRequest(q, SearchFilter.NONE, 10, SearchMode.HYBRID))
                        .results().equals(expected.get(q))));
            }
            for (Future<Boolean> c : checks) {
                assertThat(c.get()).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
