package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.RepositoryInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The document layout of a project's Lucene index (version {@value #LAYOUT_VERSION}). Three kinds of document,
 * told apart by {@link #TYPE}:
 * <ul>
 *   <li>{@code repo}: {@link #REPO_KEY} (id), {@link #REPO_PATH};</li>
 *   <li>{@code file} (manifest entry): {@link #REPO_ID}, {@link #FILE_KEY}, {@link #PATH}, the whole
 *       {@link dev.codebasemcp.store.FileRecord} encoded in binary doc values ({@link #MANIFEST}) and its indexed-at
 *       in numeric doc values (millis);</li>
 *   <li>{@code chunk}: {@link #ID}, {@link #REPO_ID}, {@link #FILE_KEY}, {@link #PATH}, filter keywords
 *       ({@link #LANG}, {@link #EXT}), stored content and context, the unit vector ({@link #VECTOR}, dot product) and
 *       the lexical fields {@link #TEXT} (symbol, path and content) and {@link #SYMBOL_TEXT}.</li>
 * </ul>
 * A file's manifest document and chunk documents share the {@link #FILE_KEY} term, so one
 * {@code updateDocuments(term, docs)} replaces them together.
 */
final class LuceneSchema {

    /** Bump when the layout changes; an index with another version is refused rather than misread. */
    static final String LAYOUT_VERSION = "1";
    static final String LAYOUT_VERSION_KEY = "lucene_layout_version";

    static final String TYPE = "type";
    static final String TYPE_REPO = "repo";
    static final String TYPE_FILE = "file";
    static final String TYPE_CHUNK = "chunk";

    static final String REPO_KEY = "repo_key";
    static final String REPO_PATH = "repo_path";
    static final String REPO_ID = "repo_id";
    static final String FILE_KEY = "file_key";
    static final String PATH = "path";

    static final String MANIFEST = "manifest";
    static final String LANGUAGE = "language";
    static final String INDEXED_AT_MILLIS = "indexed_at_ms";

    static final String ID = "id";
    static final String LANG = "lang";
    static final String EXT = "ext";
    static final String KIND = "kind";
    static final String SYMBOL = "symbol";
    static final String START_LINE = "start_line";
    static final String END_LINE = "end_line";
    static final String CONTENT = "content";
    static final String CONTEXT_BEFORE = "context_before";
    static final String CONTEXT_AFTER = "context_after";
    static final String VECTOR = "vector";
    static final String TEXT = "text";
    static final String SYMBOL_TEXT = "symbol_text";

    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    /** Lexical fields: BM25 needs frequencies and norms, nothing here needs positions or offsets. */
    private static final FieldType LEXICAL = lexicalType();

    private LuceneSchema() {
    }

    private static FieldType lexicalType() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setStored(false);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        t.freeze();
        return t;
    }

    static String fileKey(String repositoryId, String path) {
        return repositoryId + '\0' + path;
    }

    static Document repoDoc(RepositoryInfo repo) {
        Document d = new Document();
        d.add(new StringField(TYPE, TYPE_REPO, Field.Store.NO));
        d.add(new StringField(REPO_KEY, repo.id(), Field.Store.YES));
        d.add(new StoredField(REPO_PATH, repo.path()));
        return d;
    }

    static RepositoryInfo readRepo(Document d) {
        return new RepositoryInfo(d.get(REPO_KEY), d.get(REPO_PATH));
    }

    static Document fileDoc(String repositoryId, FileRecord f) {
        Document d = new Document();
        d.add(new StringField(TYPE, TYPE_FILE, Field.Store.NO));
        d.add(new StringField(REPO_ID, repositoryId, Field.Store.NO));
        d.add(new StringField(FILE_KEY, fileKey(repositoryId, f.path()), Field.Store.NO));
        d.add(new StringField(PATH, f.path(), Field.Store.NO));
        // The manifest entry lives in doc values, not stored fields: reading 100k entries then touches only this
        // column instead of decompressing stored blocks shared with large chunk documents.
        d.add(new BinaryDocValuesField(MANIFEST, encodeFile(f)));
        d.add(new NumericDocValuesField(INDEXED_AT_MILLIS, f.indexedAt().toEpochMilli()));
        return d;
    }

    static BytesRef encodeFile(FileRecord f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeString(out, f.path());
            out.writeLong(f.sizeBytes());
            out.writeLong(f.mtimeMillis());
            writeString(out, f.contentHash());
            writeString(out, f.language());
            out.writeInt(f.chunkCount());
            out.writeLong(f.indexedAt().getEpochSecond());
            out.writeInt(f.indexedAt().getNano());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BytesRef(bytes.toByteArray());
    }

    static FileRecord decodeFile(BytesRef ref) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(ref.bytes, ref.offset, ref.length))) {
            String path = readString(in);
            long size = in.readLong();
            long mtime = in.readLong();
            String hash = readString(in);
            String language = readString(in);
            int chunkCount = in.readInt();
            Instant indexedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new FileRecord(path, size, mtime, hash, language, chunkCount, indexedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt manifest entry in the index", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** @param unitVector the chunk's vector scaled to unit length, or null to index it for lexical search only */
    static Document chunkDoc(String repositoryId, IndexedChunk c, float[] unitVector) {
        Document d = new Document();
        String path = c.path();
        String symbol = c.chunk().symbol();
        d.add(new StringField(TYPE, TYPE_CHUNK, Field.Store.NO));
        d.add(new StringField(ID, c.id(), Field.Store.YES));
        d.add(new StringField(REPO_ID, repositoryId, Field.Store.YES));
        d.add(new StringField(FILE_KEY, fileKey(repositoryId, path), Field.Store.NO));
        d.add(new StringField(PATH, path, Field.Store.YES));
        d.add(new StringField(LANG, c.chunk().language().toLowerCase(Locale.ROOT), Field.Store.NO));
        String ext = extension(path);
        if (ext != null) {
            d.add(new StringField(EXT, ext, Field.Store.NO));
        }
        d.add(new StoredField(LANGUAGE, c.chunk().language()));
        d.add(new StoredField(KIND, c.chunk().kind()));
        if (symbol != null) {
            d.add(new StoredField(SYMBOL, symbol));
            d.add(new Field(SYMBOL_TEXT, symbol, LEXICAL));
        }
        d.add(new StoredField(START_LINE, c.chunk().startLine()));
        d.add(new StoredField(END_LINE, c.chunk().endLine()));
        d.add(new StoredField(CONTENT, c.chunk().content()));
        d.add(new StoredField(CONTEXT_BEFORE, c.contextBefore()));
        d.add(new StoredField(CONTEXT_AFTER, c.contextAfter()));
        String lexical = (symbol == null ? "" : symbol) + '\n' + path + '\n' + c.chunk().content();
        d.add(new Field(TEXT, lexical, LEXICAL));
        if (unitVector != null) {
            d.add(new KnnFloatVectorField(VECTOR, unitVector, SIMILARITY));
        }
        return d;
    }

    static ChunkHit readHit(Document d, float score) {
        return new ChunkHit(d.get(ID), d.get(REPO_ID), d.get(PATH), d.get(LANGUAGE), d.get(KIND), d.get(SYMBOL),
                d.getField(START_LINE).numericValue().intValue(), d.getField(END_LINE).numericValue().intValue(),
                d.get(CONTENT), d.get(CONTEXT_BEFORE), d.get(CONTEXT_AFTER), score);
    }

    /** The lowercase extension of the path's last segment ({@code .gitignore} → {@code gitignore}), or null. */
    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || dot == path.length() - 1) {
            return null;
        }
        return path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Returns {@code v} at unit length (a copy when it had to be rescaled), so that dot product equals cosine.
     *
     * @throws IllegalArgumentException for an empty, zero or non-finite vector
     */
    static float[] unitVector(float[] v, String what) {
        if (v.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException(what + " must be a non-zero vector of finite numbers");
        }
        double norm = Math.sqrt(sum);
        if (Math.abs(norm - 1) < 1e-4) {
            return v;
        }
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        return unit;
    }

    /** Lucene scores dot-product hits as (1 + cos) / 2; callers get the cosine back. */
    static float cosine(float luceneScore) {
        return 2 * luceneScore - 1;
    }
}
