package dev.codebasemcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.ProjectRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ChunkStore}/{@link ProjectIndex} adapter must have. Extend it once per adapter and
 * implement {@link #newStore}; a second call with the same directory must reach the same data (another process).
 */
public abstract class ProjectIndexContractTest {

    protected static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");
    protected static final String REPO_A = "/work/repos/alpha";
    protected static final String REPO_B = "/work/repos/beta";

    @TempDir
    protected Path tmp;
    protected ChunkStore store;
    protected ProjectRef project;
    protected ProjectIndex index;
    private final List<ChunkStore> extraStores = new ArrayList<>();

    /** A new store instance over the data kept under {@code dir} (same dir → same data). */
    protected abstract ChunkStore newStore(Path dir);

    @BeforeEach
    void openStore() {
        store = newStore(tmp);
        project = newProject("alpha");
        index = store.open(project);
    }

    @AfterEach
    void closeStores() {
        extraStores.forEach(ChunkStore::close);
        store.close();
    }

    protected ChunkStore anotherStore() {
        ChunkStore s = newStore(tmp);
        extraStores.add(s);
        return s;
    }

    protected static ProjectRef newProject(String name) {
        String id = UUID.randomUUID().toString();
        return new ProjectRef(id, name, ProjectRef.databaseNameFor(name, id));
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    protected static FileRecord fileRecord(String path, int chunks, String hash) {
        return new FileRecord(path, 1234, 1_700_000_000_000L, hash, languageOf(path), chunks, T0);
    }

    protected static String languageOf(String path) {
        if (path.endsWith(".py")) {
            return "python";
        }
        return path.endsWith(".java") ? "java" : "text";
    }

    protected static IndexedChunk chunk(String repoId, String path, String symbol, int start, String content, float[] vector) {
        int end = start + (int) content.lines().count() - 1;
        String id = IndexedChunk.idFor(repoId, path, start, end, Integer.toHexString(content.hashCode()));
        return new IndexedChunk(id, path, new Chunk(languageOf(path), symbol == null ? "block" : "method", symbol, start, end,
                content), "// before " + symbol, "// after " + symbol, vector);
    }

    /** Stages one file made of the given (symbol, content) chunks, without vectors. */
    protected static void stage(ProjectIndex idx, String repoId, String path, String... symbolAndContent) {
        List<IndexedChunk> chunks = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < symbolAndContent.length; i += 2) {
            IndexedChunk c = chunk(repoId, path, symbolAndContent[i], line, symbolAndContent[i + 1], null);
            chunks.add(c);
            line = c.chunk().endLine() + 1;
        }
        idx.replaceFile(repoId, fileRecord(path, chunks.size(), "h-" + String.join("|", symbolAndContent).hashCode()), chunks);
    }

    protected static float[] unit(float... v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    protected static List<String> paths(List<ChunkHit> hits) {
        return hits.stream().map(ChunkHit::path).toList();
    }

    protected static List<String> symbols(List<ChunkHit> hits) {
        return hits.stream().map(ChunkHit::symbol).toList();
    }

    // ---- empty index ----------------------------------------------------------------------------------------

    @Test
    void newIndex_searchesEmpty_statsEmpty_noException() {
        assertThat(index.stats()).isEqualTo(IndexStats.EMPTY);
        assertThat(index.repositories()).isEmpty();
        assertThat(index.manifest(RepositoryInfo.idFor(REPO_A))).isEmpty();
        assertThat(index.lexical("parse http response", SearchFilter.NONE, 10)).isEmpty();
        assertThat(index.semantic(unit(1, 0, 0), SearchFilter.NONE, 10)).isEmpty();
        assertThat(index.metadata()).isEmpty();
        assertThat(index.stats(RepositoryInfo.idFor(REPO_A))).isEmpty();
    }

    @Test
    void open_createsDataPlane_existsReportsIt() {
        ProjectRef other = newProject("never opened");
        assertThat(store.exists(other)).isFalse();
        assertThat(store.exists(project)).isTrue();
        assertThat(store.open(project)).isSameAs(index);
    }

    // ---- repositories ---------------------------------------------------------------------------------------

    @Test
    void upsertRepository_idIsStableForPath_andIdempotent() {
        RepositoryInfo a = index.upsertRepository(REPO_A);
        assertThat(a).isEqualTo(new RepositoryInfo(RepositoryInfo.idFor(REPO_A), REPO_A));
        assertThat(index.upsertRepository(REPO_A)).isEqualTo(a);
        index.commit(Map.of());
        assertThat(index.upsertRepository(REPO_A)).isEqualTo(a);
        RepositoryInfo b = index.upsertRepository(REPO_B);
        index.commit(Map.of());
        assertThat(index.repositories()).containsExactly(a, b);
    }

    @Test
    void upsertRepository_relativePath_rejected() {
        assertThatThrownBy(() -> index.upsertRepository("relative/path")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceFile_unknownRepository_rejected() {
        String unknown = RepositoryInfo.idFor("/nowhere");
        assertThatThrownBy(() -> stage(index, unknown, "A.java", "a", "class A {}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown);
    }

    // ---- staging, commit, rollback --------------------------------------------------------------------------

    @Test
    void stagedWrites_invisibleUntilCommit() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "src/Http.java", "parseHttpResponse", "Response parseHttpResponse(byte[] raw) { return null; }");

        assertThat(index.lexical("parseHttpResponse", SearchFilter.NONE, 10)).isEmpty();
        assertThat(index.manifest(repo)).isEmpty();
        assertThat(index.stats().chunks()).isZero();

        index.commit(Map.of("last_indexed_at", T0.toString()));

        assertThat(symbols(index.lexical("parseHttpResponse", SearchFilter.NONE, 10))).containsExactly("parseHttpResponse");
        assertThat(index.manifest(repo)).containsOnlyKeys("src/Http.java");
        assertThat(index.stats()).isEqualTo(new IndexStats(1, 1, T0));
    }

    @Test
    void rollback_discardsStagedWrites_andLaterWritesStillWork() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Keep.java", "keepMe", "void keepMe() {}");
        index.commit(Map.of());

        stage(index, repo, "Drop.java", "dropMe", "void dropMe() {}");
        index.deleteFile(repo, "Keep.java");
        index.rollback();

        assertThat(index.manifest(repo)).containsOnlyKeys("Keep.java");
        assertThat(symbols(index.lexical("keep me", SearchFilter.NONE, 10))).containsExactly("keepMe");
        assertThat(index.lexical("dropMe", SearchFilter.NONE, 10)).isEmpty();

        stage(index, repo, "Later.java", "laterOne", "void laterOne() {}");
        index.commit(Map.of());
        assertThat(index.manifest(repo)).containsOnlyKeys("Keep.java", "Later.java");
    }

    @Test
    void rollback_withNothingStaged_isHarmless() {
        index.rollback();
        index.releaseWriter();
        assertThat(index.stats()).isEqualTo(IndexStats.EMPTY);
    }

    @Test
    void replaceFile_replacesPreviousChunksAndManifestEntry() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "W.java", "alphaWidget", "void alphaWidget() {}", "alphaHelper", "void alphaHelper() {}");
        index.commit(Map.of());
        stage(index, repo, "W.java", "betaGadget", "void betaGadget() {}");
        index.commit(Map.of());

        assertThat(index.lexical("alphaWidget alphaHelper", SearchFilter.NONE, 10)).isEmpty();
        assertThat(symbols(index.lexical("betaGadget", SearchFilter.NONE, 10))).containsExactly("betaGadget");
        assertThat(index.manifest(repo).get("W.java").chunkCount()).isEqualTo(1);
        assertThat(index.stats()).extracting(IndexStats::files, IndexStats::chunks).containsExactly(1L, 1L);
    }

    @Test
    void replaceFile_sameFileTwiceBeforeCommit_lastOneWins() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Twice.java", "obsoleteVersion", "void obsoleteVersion() {}");
        stage(index, repo, "Twice.java", "currentEdition", "void currentEdition() {}", "helperRoutine", "void helperRoutine() {}");
        index.deleteFile(repo, "Gone.java");
        index.commit(Map.of());

        assertThat(index.lexical("obsoleteVersion", SearchFilter.NONE, 10)).isEmpty();
        assertThat(symbols(index.lexical("currentEdition helperRoutine", SearchFilter.NONE, 10)))
                .containsExactlyInAnyOrder("currentEdition", "helperRoutine");
        assertThat(index.manifest(repo).get("Twice.java").chunkCount()).isEqualTo(2);
        assertThat(index.stats()).extracting(IndexStats::files, IndexStats::chunks).containsExactly(1L, 2L);
    }

    @Test
    void replaceFile_chunkCountMismatch_rejected() {
        String repo = index.upsertRepository(REPO_A).id();
        IndexedChunk c = chunk(repo, "A.java", "a", 1, "class A {}", null);
        assertThatThrownBy(() -> index.replaceFile(repo, fileRecord("A.java", 2, "h"), List.of(c)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2");
    }

    @Test
    void deleteFile_removesManifestEntryAndChunks() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Gone.java", "goneMethod", "void goneMethod() {}");
        stage(index, repo, "Stay.java", "stayMethod", "void stayMethod() {}");
        index.commit(Map.of());
        index.deleteFile(repo, "Gone.java");
        index.commit(Map.of());

        assertThat(index.manifest(repo)).containsOnlyKeys("Stay.java");
        assertThat(symbols(index.lexical("goneMethod", SearchFilter.NONE, 10))).containsExactly("stayMethod");
        assertThat(index.stats()).extracting(IndexStats::files, IndexStats::chunks).containsExactly(1L, 1L);
    }

    @Test
    void manifest_roundTripsEveryField() {
        String repo = index.upsertRepository(REPO_A).id();
        FileRecord rec = new FileRecord("src/main/Foo Bar.java", 98765, 1_712_345_678_901L,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "java", 2, T0);
        List<IndexedChunk> chunks = List.of(chunk(repo, rec.path(), "one", 1, "void one() {}", null),
                chunk(repo, rec.path(), "two", 2, "void two() {}", null));
        index.replaceFile(repo, rec, chunks);
        index.commit(Map.of());

        assertThat(index.manifest(repo)).isEqualTo(Map.of(rec.path(), rec));
        assertThat(index.manifest(RepositoryInfo.idFor(REPO_B))).isEmpty();
    }

    @Test
    void hits_carryChunkFieldsAndContext() {
        String repo = index.upsertRepository(REPO_A).id();
        IndexedChunk c = chunk(repo, "src/Codec.java", "Codec.decodeFrame", 40, "Frame decodeFrame(ByteBuffer in) {\n  return null;\n}", null);
        index.replaceFile(repo, fileRecord("src/Codec.java", 1, "h"), List.of(c));
        index.commit(Map.of());

        ChunkHit hit = index.lexical("decode frame", SearchFilter.NONE, 5).getFirst();
        assertThat(hit.chunkId()).isEqualTo(c.id());
        assertThat(hit.repositoryId()).isEqualTo(repo);
        assertThat(hit.path()).isEqualTo("src/Codec.java");
        assertThat(hit.language()).isEqualTo("java");
        assertThat(hit.kind()).isEqualTo("method");
        assertThat(hit.symbol()).isEqualTo("Codec.decodeFrame");
        assertThat(hit.startLine()).isEqualTo(40);
        assertThat(hit.endLine()).isEqualTo(42);
        assertThat(hit.content()).isEqualTo(c.chunk().content());
        assertThat(hit.contextBefore()).isEqualTo("// before Codec.decodeFrame");
        assertThat(hit.contextAfter()).isEqualTo("// after Codec.decodeFrame");
        assertThat(hit.score()).isPositive();
    }

    // ---- repositories and projects --------------------------------------------------------------------------

    @Test
    void deleteRepository_removesOnlyThatRepositorysFilesAndChunks() {
        String a = index.upsertRepository(REPO_A).id();
        String b = index.upsertRepository(REPO_B).id();
        stage(index, a, "A.java", "sharedName", "void sharedName() { alphaOnly(); }");
        stage(index, b, "B.java", "sharedName", "void sharedName() { betaOnly(); }");
        index.commit(Map.of());

        index.deleteRepository(a);
        assertThat(index.manifest(a)).as("staged delete invisible").containsOnlyKeys("A.java");
        index.commit(Map.of());

        assertThat(index.manifest(a)).isEmpty();
        assertThat(index.manifest(b)).containsOnlyKeys("B.java");
        assertThat(index.lexical("sharedName", SearchFilter.NONE, 10)).extracting(ChunkHit::repositoryId).containsExactly(b);
        assertThat(index.stats(a)).hasValueSatisfying(s -> assertThat(s.chunks()).isZero());
        assertThat(index.stats(b)).hasValueSatisfying(s -> assertThat(s.chunks()).isEqualTo(1));
        assertThat(index.repositories()).extracting(RepositoryInfo::id).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void projects_areIsolated_searchesNeverCross() {
        ProjectIndex other = store.open(newProject("beta project"));
        String repoHere = index.upsertRepository(REPO_A).id();
        String repoThere = other.upsertRepository(REPO_A).id();
        stage(index, repoHere, "Here.java", "computeChecksum", "long computeChecksum() { return 1; }");
        stage(other, repoThere, "There.java", "computeChecksum", "long computeChecksum() { return 2; }");
        index.commit(Map.of("who", "alpha"));
        other.commit(Map.of("who", "beta"));

        assertThat(paths(index.lexical("computeChecksum", SearchFilter.NONE, 10))).containsExactly("Here.java");
        assertThat(paths(other.lexical("computeChecksum", SearchFilter.NONE, 10))).containsExactly("There.java");
        assertThat(index.metadata()).containsEntry("who", "alpha");
        assertThat(other.metadata()).containsEntry("who", "beta");

        other.deleteRepository(repoThere);
        other.commit(Map.of());
        assertThat(index.stats().chunks()).isEqualTo(1);
        assertThat(other.stats().chunks()).isZero();
    }

    // ---- filters --------------------------------------------------------------------------------------------

    private String stageFilterCorpus() {
        String a = index.upsertRepository(REPO_A).id();
        String b = index.upsertRepository(REPO_B).id();
        String body = "void handleRequest() { }";
        stage(index, a, "src/main/Handler.java", "handleRequest", body);
        stage(index, a, "src/mainframe/Legacy.java", "handleRequest", body);
        stage(index, a, "src/main", "handleRequest", body);
        stage(index, a, "src/app/test/HandlerTest.java", "handleRequest", body);
        stage(index, a, "src/app/deep/test/sub/Nested.java", "handleRequest", body);
        stage(index, a, "setup.py", "handle_request", "def handle_request(): pass");
        stage(index, a, "tools/build.py", "handle_request", "def handle_request(): pass");
        stage(index, b, "lib/Other.java", "handleRequest", body);
        index.commit(Map.of());
        return a;
    }

    @Test
    void filters_restrictLexicalAndSemanticAlike() {
        String a = stageFilterCorpus();
        record Case(SearchFilter filter, List<String> expected) {}
        List<Case> cases = List.of(
                new Case(SearchFilter.of(a, null, null, null), List.of("src/main/Handler.java", "src/mainframe/Legacy.java",
                        "src/main", "src/app/test/HandlerTest.java", "src/app/deep/test/sub/Nested.java", "setup.py", "tools/build.py")),
                new Case(SearchFilter.of(null, "Python", null, null), List.of("setup.py", "tools/build.py")),
                new Case(SearchFilter.of(null, null, ".java", "src"), List.of("src/main/Handler.java", "src/mainframe/Legacy.java",
                        "src/app/test/HandlerTest.java", "src/app/deep/test/sub/Nested.java")),
                new Case(SearchFilter.of(null, null, null, "src/main/"), List.of("src/main/Handler.java", "src/main")),
                new Case(SearchFilter.of(null, null, null, "src/**/test/*.java"), List.of("src/app/test/HandlerTest.java")),
                new Case(SearchFilter.of(null, null, null, "*.py"), List.of("setup.py")),
                new Case(SearchFilter.of(null, null, "py", "**"), List.of("setup.py", "tools/build.py")),
                new Case(SearchFilter.of(a, "java", "java", "lib"), List.of()));
        for (Case c : cases) {
            assertThat(paths(index.lexical("handle request", c.filter(), 50))).as("lexical %s", c.filter())
                    .containsExactlyInAnyOrderElementsOf(c.expected());
        }
        // Semantic: these chunks have no vectors, so stage vectors on copies in another project.
        ProjectIndex vec = store.open(newProject("vectors"));
        String va = vec.upsertRepository(REPO_A).id();
        assertThat(va).isEqualTo(a);
        String vb = vec.upsertRepository(REPO_B).id();
        for (String p : List.of("src/main/Handler.java", "src/mainframe/Legacy.java", "src/main", "src/app/test/HandlerTest.java",
                "src/app/deep/test/sub/Nested.java", "setup.py", "tools/build.py")) {
            vec.replaceFile(va, fileRecord(p, 1, "h"), List.of(chunk(va, p, "h", 1, "x", unit(1, 0.1f, 0))));
        }
        vec.replaceFile(vb, fileRecord("lib/Other.java", 1, "h"), List.of(chunk(vb, "lib/Other.java", "h", 1, "x", unit(1, 0.1f, 0))));
        vec.commit(Map.of());
        for (Case c : cases) {
            // Repository ids are derived from the path, so the ids of the first project filter this one too.
            assertThat(paths(vec.semantic(unit(1, 0, 0), c.filter(), 50))).as("semantic %s", c.filter())
                    .containsExactlyInAnyOrderElementsOf(c.expected());
        }
    }

    // ---- ranking --------------------------------------------------------------------------------------------

    @Test
    void lexical_naturalLanguageAndCamelCaseQueries_findSplitIdentifiers() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "src/net/HttpClient.java",
                "HttpClient.parseHttpResponse", "Response parseHttpResponse(byte[] raw) {\n  return Response.of(raw);\n}",
                "HttpClient.sendRequest", "void sendRequest(Request request) {\n  socket.write(request.bytes());\n}");
        stage(index, repo, "src/io/Files.java",
                "Files.readFileToString", "static String readFileToString(Path file) {\n  return new String(read(file), UTF_8);\n}",
                "Files.deleteQuietly", "static void deleteQuietly(Path p) {\n  try { delete(p); } catch (IOException ignored) { }\n}");
        stage(index, repo, "src/json/JsonParser.java",
                "JsonParser.parseObject", "JsonObject parseObject(Reader in) {\n  return new JsonObject(tokens(in));\n}");
        index.commit(Map.of());

        assertThat(index.lexical("parse http response", SearchFilter.NONE, 5).getFirst().symbol())
                .isEqualTo("HttpClient.parseHttpResponse");
        assertThat(index.lexical("parseHTTPResponse", SearchFilter.NONE, 5).getFirst().symbol())
                .isEqualTo("HttpClient.parseHttpResponse");
        assertThat(index.lexical("read the file into a string", SearchFilter.NONE, 5).getFirst().symbol())
                .isEqualTo("Files.readFileToString");
        assertThat(index.lexical("parsing json objects", SearchFilter.NONE, 5).getFirst().symbol())
                .isEqualTo("JsonParser.parseObject");
        List<ChunkHit> hits = index.lexical("parse", SearchFilter.NONE, 10);
        assertThat(hits).extracting(ChunkHit::score).isSortedAccordingTo((x, y) -> Float.compare(y, x));
        assertThat(index.lexical("parse", SearchFilter.NONE, 1)).hasSize(1);
    }

    @Test
    void search_kBelowOne_rejected() {
        assertThatThrownBy(() -> index.lexical("x", SearchFilter.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.semantic(unit(1, 0), SearchFilter.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lexical_queryWithoutUsableTerms_returnsEmpty() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "A.java", "theOf", "void the() { of(); }");
        index.commit(Map.of());
        assertThat(index.lexical("the of and", SearchFilter.NONE, 10)).isEmpty();
        assertThat(index.lexical("  ?!  ", SearchFilter.NONE, 10)).isEmpty();
    }

    // ---- semantic -------------------------------------------------------------------------------------------

    @Test
    void semantic_returnsNearestByCosine_bestFirst_kRespected() {
        String repo = index.upsertRepository(REPO_A).id();
        List<IndexedChunk> chunks = List.of(
                chunk(repo, "V.java", "east", 1, "east", unit(1, 0, 0, 0)),
                chunk(repo, "V.java", "northEast", 2, "north east", unit(1, 1, 0, 0)),
                chunk(repo, "V.java", "north", 3, "north", unit(0, 1, 0, 0)),
                chunk(repo, "V.java", "west", 4, "west", unit(-1, 0, 0, 0)),
                chunk(repo, "V.java", "unembedded", 5, "no vector", null));
        index.replaceFile(repo, fileRecord("V.java", chunks.size(), "h"), chunks);
        index.commit(Map.of());

        List<ChunkHit> hits = index.semantic(unit(1, 0.2f, 0, 0), SearchFilter.NONE, 10);
        assertThat(symbols(hits)).containsExactly("east", "northEast", "north", "west");
        assertThat(hits.getFirst().score()).isCloseTo(0.98f, within(0.01f));
        assertThat(hits.getLast().score()).isCloseTo(-0.98f, within(0.01f));
        assertThat(symbols(index.semantic(unit(0, 1, 0, 0), SearchFilter.NONE, 2))).containsExactly("north", "northEast");
        assertThat(index.semantic(unit(1, 0, 0, 0), SearchFilter.NONE, 1).getFirst().score()).isCloseTo(1f, within(1e-5f));
        assertThat(symbols(index.lexical("vector", SearchFilter.NONE, 10))).containsExactly("unembedded");
    }

    @Test
    void semantic_filterMatchingFewChunks_returnsAllOfThemNearestFirst() {
        String repo = index.upsertRepository(REPO_A).id();
        java.util.Random rnd = new java.util.Random(3);
        for (int f = 0; f < 40; f++) {
            String path = "src/f" + f + "/F.java";
            List<IndexedChunk> chunks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                chunks.add(chunk(repo, path, "m" + f + "x" + i, i + 1, "m" + f + "x" + i,
                        unit(rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f, rnd.nextFloat() - 0.5f)));
            }
            index.replaceFile(repo, fileRecord(path, chunks.size(), "h" + f), chunks);
        }
        index.commit(Map.of());

        float[] q = unit(1, 1, 0, 0);
        List<ChunkHit> hits = index.semantic(q, SearchFilter.of(null, null, null, "src/f17"), 10);

        assertThat(hits).hasSize(5).allSatisfy(h -> assertThat(h.path()).isEqualTo("src/f17/F.java"));
        assertThat(hits).extracting(ChunkHit::score).isSortedAccordingTo((x, y) -> Float.compare(y, x));
        assertThat(index.semantic(q, SearchFilter.of(null, null, null, "src/f17/*.java"), 2)).hasSize(2)
                .extracting(ChunkHit::chunkId).containsExactlyElementsOf(hits.subList(0, 2).stream().map(ChunkHit::chunkId).toList());
    }

    @Test
    void semantic_differentDimensionThanIndexed_rejected() {
        String repo = index.upsertRepository(REPO_A).id();
        index.replaceFile(repo, fileRecord("V.java", 1, "h"), List.of(chunk(repo, "V.java", "a", 1, "a", unit(1, 0, 0))));
        index.commit(Map.of());
        assertThatThrownBy(() -> index.semantic(unit(1, 0), SearchFilter.NONE, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }

    @Test
    void replaceFile_vectorOfOtherDimension_rejected() {
        String repo = index.upsertRepository(REPO_A).id();
        index.replaceFile(repo, fileRecord("A.java", 1, "h"), List.of(chunk(repo, "A.java", "a", 1, "a", unit(1, 0, 0))));
        assertThatThrownBy(() -> index.replaceFile(repo, fileRecord("B.java", 1, "h"),
                List.of(chunk(repo, "B.java", "b", 1, "b", unit(1, 0, 0, 0)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4-dimensional").hasMessageContaining("3-dimensional");
        index.commit(Map.of());
        assertThatThrownBy(() -> index.replaceFile(repo, fileRecord("C.java", 1, "h"),
                List.of(chunk(repo, "C.java", "c", 1, "c", unit(1, 0)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(index.manifest(repo)).containsOnlyKeys("A.java");
    }

    // ---- vectors filled in behind the lexical index ----------------------------------------------------------

    private static Map<String, PendingVector> byId(List<PendingVector> pending) {
        Map<String, PendingVector> out = new java.util.HashMap<>();
        pending.forEach(p -> out.put(p.chunkId(), p));
        return out;
    }

    @Test
    void chunksWithoutVectors_listsCommittedChunksLackingOne_withWhatRebuildsTheirText() {
        String repo = index.upsertRepository(REPO_A).id();
        IndexedChunk first = chunk(repo, "src/Parser.java", "Parser.parseHeader", 10, "Header parseHeader() {\n  return h;\n}", null);
        IndexedChunk second = chunk(repo, "src/Parser.java", null, 13, "// trailing block", null);
        index.replaceFile(repo, fileRecord("src/Parser.java", 2, "h1"), List.of(first, second));
        index.replaceFile(repo, fileRecord("src/Done.java", 1, "h2"), List.of(chunk(repo, "src/Done.java", "done", 1, "done", unit(1, 0, 0))));
        assertThat(index.chunksWithoutVectors(10)).as("staged, not committed").isEmpty();
        assertThat(index.countChunksWithoutVectors()).isZero();
        index.commit(Map.of());

        Map<String, PendingVector> pending = byId(index.chunksWithoutVectors(10));
        assertThat(pending).containsOnlyKeys(first.id(), second.id());
        PendingVector p = pending.get(first.id());
        assertThat(p.path()).isEqualTo("src/Parser.java");
        assertThat(p.chunk()).isEqualTo(first.chunk());
        assertThat(pending.get(second.id()).chunk()).isEqualTo(second.chunk());
        assertThat(index.chunksWithoutVectors(1)).hasSize(1);
        assertThat(index.countChunksWithoutVectors()).isEqualTo(2);
        assertThatThrownBy(() -> index.chunksWithoutVectors(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setVectors_stagedUntilCommit_thenSemanticFindsThem_contentAndContextUnchanged() {
        String repo = index.upsertRepository(REPO_A).id();
        IndexedChunk east = chunk(repo, "V.java", "east", 1, "void east() {}", null);
        IndexedChunk north = chunk(repo, "V.java", "north", 2, "void north() {}", null);
        index.replaceFile(repo, fileRecord("V.java", 2, "h"), List.of(east, north));
        index.commit(Map.of("k", "v"));

        index.setVectors(Map.of(east.id(), unit(1, 0, 0)));
        // The next page leaves out what was just given a vector, so a backfill makes progress between commits.
        assertThat(index.chunksWithoutVectors(10)).extracting(PendingVector::chunkId).containsExactly(north.id());
        assertThat(index.semantic(unit(1, 0, 0), SearchFilter.NONE, 5)).as("staged").isEmpty();
        assertThat(index.countChunksWithoutVectors()).isEqualTo(2);
        index.commit(Map.of());

        assertThat(index.countChunksWithoutVectors()).isEqualTo(1);
        assertThat(index.withoutVectors(List.of(east.id(), north.id(), "no-such-chunk"))).containsExactly(north.id());
        assertThat(index.withoutVectors(List.of())).isEmpty();
        ChunkHit hit = index.semantic(unit(1, 0.1f, 0), SearchFilter.NONE, 5).getFirst();
        assertThat(hit.chunkId()).isEqualTo(east.id());
        assertThat(hit.score()).isCloseTo(0.995f, within(0.01f));
        assertThat(hit.content()).isEqualTo("void east() {}");
        assertThat(hit.contextBefore()).isEqualTo("// before east");
        assertThat(hit.contextAfter()).isEqualTo("// after east");
        assertThat(hit.startLine()).isEqualTo(1);
        assertThat(symbols(index.lexical("east north", SearchFilter.NONE, 10))).containsExactlyInAnyOrder("east", "north");
        assertThat(index.stats().chunks()).isEqualTo(2);
        assertThat(index.manifest(repo)).containsOnlyKeys("V.java");
        assertThat(index.metadata()).containsEntry("k", "v");

        index.setVectors(Map.of(north.id(), unit(0, 1, 0)));
        index.commit(Map.of());
        assertThat(index.countChunksWithoutVectors()).isZero();
        assertThat(index.chunksWithoutVectors(10)).isEmpty();
        assertThat(symbols(index.semantic(unit(0, 1, 0), SearchFilter.NONE, 5))).containsExactly("north", "east");
        assertThat(anotherStore().open(project).countChunksWithoutVectors()).isZero();
    }

    @Test
    void setVectors_rollback_discardsThem() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "R.java", "alpha", "void alpha() {}");
        index.commit(Map.of());
        String id = index.chunksWithoutVectors(5).getFirst().chunkId();
        index.setVectors(Map.of(id, unit(1, 0, 0)));
        index.rollback();
        assertThat(index.chunksWithoutVectors(5)).extracting(PendingVector::chunkId).containsExactly(id);
        index.commit(Map.of());
        assertThat(index.countChunksWithoutVectors()).isEqualTo(1);
        assertThat(index.semantic(unit(1, 0, 0), SearchFilter.NONE, 5)).isEmpty();
    }

    @Test
    void setVectors_forAChunkWhoseFileWasReplacedOrDeleted_isIgnored_neverResurrected() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Staged.java", "oldStaged", "void oldStaged() {}");
        stage(index, repo, "Committed.java", "oldCommitted", "void oldCommitted() {}");
        stage(index, repo, "Deleted.java", "oldDeleted", "void oldDeleted() {}");
        index.commit(Map.of());
        Map<String, float[]> vectors = new java.util.HashMap<>();
        index.chunksWithoutVectors(10).forEach(p -> vectors.put(p.chunkId(), unit(1, 0, 0)));
        assertThat(vectors).hasSize(3);

        // Replaced and committed before the vectors arrive; replaced and deleted in the same batch as them.
        stage(index, repo, "Committed.java", "newCommitted", "void newCommitted() {}");
        index.commit(Map.of());
        stage(index, repo, "Staged.java", "newStaged", "void newStaged() {}");
        index.deleteFile(repo, "Deleted.java");
        vectors.put("no-such-chunk", unit(0, 1, 0));
        index.setVectors(vectors);
        index.commit(Map.of());

        assertThat(symbols(index.lexical("old staged committed deleted", SearchFilter.NONE, 10)))
                .doesNotContain("oldStaged", "oldCommitted", "oldDeleted");
        assertThat(index.semantic(unit(1, 0, 0), SearchFilter.NONE, 10)).isEmpty();
        assertThat(index.stats().chunks()).isEqualTo(2);
        assertThat(index.manifest(repo)).containsOnlyKeys("Staged.java", "Committed.java");
        assertThat(index.chunksWithoutVectors(10)).extracting(p -> p.chunk().symbol())
                .containsExactlyInAnyOrder("newStaged", "newCommitted");
    }

    @Test
    void setVectors_otherDimensionThanStored_rejected() {
        String repo = index.upsertRepository(REPO_A).id();
        index.replaceFile(repo, fileRecord("A.java", 1, "h"), List.of(chunk(repo, "A.java", "a", 1, "a", unit(1, 0, 0))));
        stage(index, repo, "B.java", "b", "void b() {}");
        index.commit(Map.of());
        String id = index.chunksWithoutVectors(5).getFirst().chunkId();
        assertThatThrownBy(() -> index.setVectors(Map.of(id, unit(1, 0, 0, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4-dimensional").hasMessageContaining("3-dimensional");
        index.setVectors(Map.of(id, unit(0, 0, 1)));
        index.commit(Map.of());
        assertThat(symbols(index.semantic(unit(0, 0, 1), SearchFilter.NONE, 1))).containsExactly("b");
    }

    // ---- stats, metadata, durability ------------------------------------------------------------------------

    @Test
    void statsAndMetadata_comeFromCommits_metadataMerges() {
        String a = index.upsertRepository(REPO_A).id();
        String b = index.upsertRepository(REPO_B).id();
        stage(index, a, "A1.java", "x1", "void x1() {}", "x2", "void x2() {}");
        stage(index, a, "A2.java", "y1", "void y1() {}");
        stage(index, b, "B1.java", "z1", "void z1() {}");
        index.commit(Map.of("last_indexed_at", T0.toString(), "embedding_model", "bge-small"));
        Instant t1 = T0.plusSeconds(60);
        index.commit(Map.of("last_indexed_at", t1.toString()));

        assertThat(index.stats()).isEqualTo(new IndexStats(3, 4, t1));
        assertThat(index.metadata()).containsEntry("embedding_model", "bge-small").containsEntry("last_indexed_at", t1.toString());
        assertThat(index.stats(a)).hasValueSatisfying(s -> {
            assertThat(s.files()).isEqualTo(2);
            assertThat(s.chunks()).isEqualTo(3);
        });
        assertThat(index.stats(b)).hasValueSatisfying(s -> assertThat(s.files()).isEqualTo(1));
        assertThat(index.stats(RepositoryInfo.idFor("/not/registered"))).isEmpty();
    }

    @Test
    void reopenAfterClose_committedDataIsDurable_stagedIsNot() {
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Durable.java", "durableThing", "void durableThing() {}");
        index.commit(Map.of("last_indexed_at", T0.toString()));
        stage(index, repo, "Lost.java", "lostThing", "void lostThing() {}");
        store.close();

        store = newStore(tmp);
        index = store.open(project);
        assertThat(index.repositories()).extracting(RepositoryInfo::path).containsExactly(REPO_A);
        assertThat(index.manifest(repo)).containsOnlyKeys("Durable.java");
        assertThat(index.stats()).isEqualTo(new IndexStats(1, 1, T0));
        assertThat(symbols(index.lexical("lostThing", SearchFilter.NONE, 10))).containsExactly("durableThing");
    }

    @Test
    void secondStoreInstance_seesCommitsAfterTheyHappen() {
        ProjectIndex reader = anotherStore().open(project);
        String repo = index.upsertRepository(REPO_A).id();
        stage(index, repo, "Shared.java", "sharedWork", "void sharedWork() {}");
        assertThat(reader.lexical("sharedWork", SearchFilter.NONE, 10)).isEmpty();

        index.commit(Map.of("last_indexed_at", T0.toString()));
        assertThat(symbols(reader.lexical("sharedWork", SearchFilter.NONE, 10))).containsExactly("sharedWork");
        assertThat(reader.stats()).isEqualTo(new IndexStats(1, 1, T0));

        index.deleteFile(repo, "Shared.java");
        index.commit(Map.of());
        assertThat(reader.lexical("sharedWork", SearchFilter.NONE, 10)).isEmpty();
    }

    @Test
    void closedStore_rejectsUse() {
        store.close();
        assertThatThrownBy(() -> store.open(project)).isInstanceOf(IllegalStateException.class);
    }
}
