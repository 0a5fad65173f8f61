package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.CodeTokens;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.SearchFilter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search on a corpus large enough for the index structures to matter: filtered kNN through the HNSW index, lexical
 * ranking against an independent BM25 reference, and the BM25 statistics after every kind of write.
 */
class PostgresSearchTest {

    private static final int DIM = 32;
    private static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
            + "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu parse read write "
            + "buffer stream socket cache entry token session config handler event queue worker thread lock retry "
            + "timeout error result status encode decode digest").split(" ");
    private static final PostgresTestStores STORES = new PostgresTestStores();

    private static ProjectRef project;
    private static ProjectIndex index;
    private static String repoA;
    private static String repoB;
    /** The committed corpus as the test wrote it: chunk id → chunk, and chunk id → repository. */
    private static final Map<String, IndexedChunk> CORPUS = new LinkedHashMap<>();
    private static final Map<String, String> REPO_OF = new HashMap<>();

    @BeforeAll
    static void writeCorpus() {
        PostgresTestServer.requireServer();
        project = STORES.newProject("search corpus");
        index = STORES.open().chunks().open(project);
        repoA = index.upsertRepository("/repos/a").id();
        repoB = index.upsertRepository("/repos/b").id();
        Random rnd = new Random(7);
        for (int f = 0; f < 300; f++) {
            stageFile(repoA, "src/mod" + (f % 10) + "/File" + f + ".java", "java", 10, rnd);
        }
        stageFile(repoA, "tools/only.py", "python", 10, rnd);
        for (int f = 0; f < 20; f++) {
            stageFile(repoB, "lib/B" + f + ".java", "java", 5, rnd);
        }
        index.commit(Map.of());
        // Rewrites and deletions, so the statistics must follow removals too.
        for (int f = 0; f < 30; f++) {
            stageFile(repoA, "src/mod" + (f % 10) + "/File" + f + ".java", "java", 4, rnd);
        }
        for (int f = 280; f < 300; f++) {
            deleteFile(repoA, "src/mod" + (f % 10) + "/File" + f + ".java");
        }
        index.deleteRepository(repoB);
        CORPUS.values().removeIf(c -> REPO_OF.get(c.id()).equals(repoB));
        stageFile(repoB, "lib/Kept.java", "java", 5, rnd);
        index.commit(Map.of());
        index.releaseWriter();
    }

    @AfterAll
    static void dropDatabases() {
        STORES.dropAll();
    }

    private static void stageFile(String repo, String path, String language, int chunks, Random rnd) {
        CORPUS.values().removeIf(c -> c.path().equals(path) && REPO_OF.get(c.id()).equals(repo));
        List<IndexedChunk> list = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            String symbol = rnd.nextInt(10) == 0 ? null : word(rnd) + capital(word(rnd));
            StringBuilder content = new StringBuilder();
            int words = 5 + rnd.nextInt(40);
            for (int w = 0; w < words; w++) {
                content.append(w % 7 == 6 ? "\n" : " ").append(rnd.nextInt(3) == 0 ? word(rnd) + capital(word(rnd)) : word(rnd));
            }
            Chunk chunk = new Chunk(language, "method", symbol, i + 1, i + 1, content.toString().replace('\n', ' ').strip());
            IndexedChunk c = new IndexedChunk(IndexedChunk.idFor(repo, path, i + 1, i + 1, Integer.toHexString(rnd.nextInt())),
                    path, chunk, "", "", randomUnit(rnd));
            list.add(c);
            CORPUS.put(c.id(), c);
            REPO_OF.put(c.id(), repo);
        }
        index.replaceFile(repo, new FileRecord(path, 1, 1, "h" + rnd.nextInt(), language, list.size(), Instant.EPOCH), list);
    }

    private static void deleteFile(String repo, String path) {
        CORPUS.values().removeIf(c -> c.path().equals(path) && REPO_OF.get(c.id()).equals(repo));
        index.deleteFile(repo, path);
    }

    /** Words drawn with a skewed distribution, so some are common and some rare. */
    private static String word(Random rnd) {
        double u = rnd.nextDouble();
        return WORDS[(int) (WORDS.length * u * u * u)];
    }

    private static String capital(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static float[] randomUnit(Random rnd) {
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    // ---- filtered kNN --------------------------------------------------------------------------------------------

    private static List<String> bruteForce(float[] q, SearchFilter filter, int k) {
        return CORPUS.values().stream()
                .filter(c -> filter.repositoryId() == null || REPO_OF.get(c.id()).equals(filter.repositoryId()))
                .filter(c -> filter.language() == null || c.chunk().language().equals(filter.language()))
                .filter(c -> filter.matchesPath(c.path()))
                .sorted(Comparator.comparingDouble((IndexedChunk c) -> -dot(c.vector(), q)))
                .limit(k).map(IndexedChunk::id).toList();
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void semantic_selectiveFilters_returnMinOfKAndMatches() {
        assertThat(tableIndexes()).contains("code_chunks_embedding_" + DIM);
        Random rnd = new Random(11);
        List<SearchFilter> filters = List.of(
                SearchFilter.of(null, null, null, "src/mod3/File133.java"),
                SearchFilter.of(null, "python", null, null),
                SearchFilter.of(null, null, null, "**/File77.java"),
                SearchFilter.of(repoB, null, null, null),
                SearchFilter.of(null, null, "py", null));
        for (SearchFilter filter : filters) {
            int matches = bruteForce(randomUnit(rnd), filter, Integer.MAX_VALUE).size();
            assertThat(matches).as("fixture for %s", filter).isBetween(1, 10);
            for (int k : new int[] {3, 20}) {
                float[] q = randomUnit(rnd);
                List<ChunkHit> hits = index.semantic(q, filter, k);
                assertThat(hits).as("%s k=%d", filter, k).hasSize(Math.min(k, matches));
                assertThat(hits).as("%s k=%d", filter, k).allSatisfy(h -> assertThat(bruteForce(q, filter, matches))
                        .contains(h.chunkId()));
                if (k >= matches || PostgresFilter.of(filter).narrowsPath()) {
                    // Every match, or an exact scan: the true nearest, in order.
                    assertThat(hits).extracting(ChunkHit::chunkId).as("%s k=%d", filter, k)
                            .containsExactlyElementsOf(bruteForce(q, filter, k));
                }
            }
        }
    }

    @Test
    void semantic_broadFilterAndNoFilter_returnKResultsInOrder() {
        Random rnd = new Random(13);
        for (SearchFilter filter : List.of(SearchFilter.NONE, SearchFilter.of(repoA, "java", null, "src"))) {
            List<ChunkHit> hits = index.semantic(randomUnit(rnd), filter, 25);
            assertThat(hits).hasSize(25);
            assertThat(hits).extracting(ChunkHit::score).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(hits).allSatisfy(h -> assertThat(filter.matchesPath(h.path())).isTrue());
        }
    }

    // ---- lexical -------------------------------------------------------------------------------------------------

    @Test
    void lexical_exhaustiveScoring_equalsAReferenceBm25_afterReplacesAndDeletes() {
        Reference reference = new Reference(CORPUS.values());
        PostgresProjectIndex pg = (PostgresProjectIndex) index;
        Random rnd = new Random(17);
        for (int q = 0; q < 40; q++) {
            String query = query(rnd, q);
            List<Map.Entry<String, Double>> expected = reference.top(query, 10);
            List<ChunkHit> hits = pg.lexical(query, SearchFilter.NONE, 10, Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 4);
            assertThat(hits).as(query).hasSize(expected.size());
            Set<String> unambiguous = new HashSet<>();
            for (int i = 0; i < hits.size(); i++) {
                double s = expected.get(i).getValue();
                assertThat((double) hits.get(i).score()).as("%s #%d", query, i).isCloseTo(s, within(1e-3));
                if (i < expected.size() - 1 && expected.stream().filter(e -> Math.abs(e.getValue() - s) < 1e-4).count() == 1) {
                    unambiguous.add(expected.get(i).getKey());
                }
            }
            assertThat(hits).extracting(ChunkHit::chunkId).as(query).containsAll(unambiguous);
        }
    }

    @Test
    void lexical_withCandidateBudgets_findsNearlyAllOfTheExhaustiveTop10() {
        PostgresProjectIndex pg = (PostgresProjectIndex) index;
        Random rnd = new Random(19);
        double found = 0;
        int queries = 60;
        for (int q = 0; q < queries; q++) {
            String query = query(rnd, q);
            List<ChunkHit> exhaustive = pg.lexical(query, SearchFilter.NONE, 10, Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 4);
            List<ChunkHit> budgeted = index.lexical(query, SearchFilter.NONE, 10);
            assertThat(budgeted).as(query).hasSize(exhaustive.size());
            assertThat(budgeted).extracting(ChunkHit::score).as(query).isSortedAccordingTo(Comparator.reverseOrder());
            if (!exhaustive.isEmpty()) {
                float tenth = exhaustive.getLast().score();
                found += (double) budgeted.stream().filter(h -> h.score() >= tenth - 1e-4f).count() / exhaustive.size();
            } else {
                found += 1;
            }
        }
        // Most queries here consist of very common words (the hard case for the budgets); measured 0.9+.
        assertThat(found / queries).isGreaterThan(0.85);
    }

    private static String query(Random rnd, int q) {
        return q % 3 == 0 ? word(rnd) + capital(word(rnd)) : word(rnd) + " " + word(rnd) + " " + WORDS[rnd.nextInt(WORDS.length)];
    }

    /** BM25 as the embedded store scores it (k1 1.2, b 0.75; text = symbol, path, content; symbol field boosted 1.5). */
    private static final class Reference {
        private final List<IndexedChunk> chunks;
        private final Map<String, Integer> df = new HashMap<>();
        private final Map<String, Integer> symbolDf = new HashMap<>();
        private final double avgText;
        private final double avgSymbol;
        private final int symbolDocs;

        Reference(Iterable<IndexedChunk> all) {
            chunks = new ArrayList<>();
            all.forEach(chunks::add);
            long textTerms = 0;
            long symbolTerms = 0;
            int withSymbol = 0;
            for (IndexedChunk c : chunks) {
                List<String> text = CodeTokens.terms(PostgresChunkRows.lexicalText(c));
                textTerms += text.size();
                new HashSet<>(text).forEach(t -> df.merge(t, 1, Integer::sum));
                List<String> symbol = c.chunk().symbol() == null ? List.of() : CodeTokens.terms(c.chunk().symbol());
                if (!symbol.isEmpty()) {
                    withSymbol++;
                    symbolTerms += symbol.size();
                    new HashSet<>(symbol).forEach(t -> symbolDf.merge(t, 1, Integer::sum));
                }
            }
            avgText = (double) textTerms / chunks.size();
            symbolDocs = withSymbol;
            avgSymbol = withSymbol == 0 ? 0 : (double) symbolTerms / withSymbol;
        }

        List<Map.Entry<String, Double>> top(String query, int k) {
            List<String> terms = CodeTokens.queryTerms(query);
            List<Map.Entry<String, Double>> scored = new ArrayList<>();
            for (IndexedChunk c : chunks) {
                double s = field(CodeTokens.terms(PostgresChunkRows.lexicalText(c)), terms, df, chunks.size(), avgText, 1)
                        + field(c.chunk().symbol() == null ? List.of() : CodeTokens.terms(c.chunk().symbol()), terms,
                        symbolDf, symbolDocs, avgSymbol, 1.5);
                if (s > 0) {
                    scored.add(Map.entry(c.id(), s));
                }
            }
            scored.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            return scored.subList(0, Math.min(k, scored.size()));
        }

        private static double field(List<String> doc, List<String> query, Map<String, Integer> df, int docs, double avg,
                                    double boost) {
            double sum = 0;
            for (String t : query) {
                long tf = doc.stream().filter(t::equals).count();
                if (tf > 0) {
                    int n = df.get(t);
                    double idf = Math.log(1 + (docs - n + 0.5) / (n + 0.5));
                    sum += boost * idf * tf / (tf + 1.2 * (1 - 0.75 + 0.75 * doc.size() / avg));
                }
            }
            return sum;
        }
    }

    // ---- statistics ----------------------------------------------------------------------------------------------

    @Test
    void statistics_equalWhatTheStoredChunksContain() {
        Map<String, String> stored = query("SELECT term || ':' || chunks || ':' || symbol_chunks FROM term_stats");
        Map<String, String> recomputed = query("SELECT t || ':' || sum(n) || ':' || sum(s) FROM ("
                + "SELECT unnest(tsvector_to_array(terms)) t, 1 n, 0 s FROM code_chunks UNION ALL "
                + "SELECT unnest(tsvector_to_array(symbol_terms)), 0, 1 FROM code_chunks WHERE symbol_terms IS NOT NULL) x GROUP BY t");
        assertThat(stored).isEqualTo(recomputed).isNotEmpty();
        assertThat(query("SELECT chunks || '/' || text_terms || '/' || symbol_chunks || '/' || symbol_terms FROM index_state"))
                .isEqualTo(query("SELECT count(*) || '/' || sum(term_count) || '/' || count(*) FILTER (WHERE symbol_term_count > 0) "
                        + "|| '/' || sum(symbol_term_count) FROM code_chunks"));
        assertThat(index.stats().chunks()).isEqualTo(CORPUS.size());
    }

    private static Map<String, String> query(String sql) {
        Map<String, String> out = new HashMap<>();
        PostgresUrl url = PostgresUrl.parse(PostgresTestServer.url(project.databaseName()));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<String> tableIndexes() {
        return List.copyOf(query("SELECT indexname FROM pg_indexes WHERE tablename = 'code_chunks'").keySet());
    }
}
