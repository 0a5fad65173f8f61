package dev.codebasemcp.store.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;

/**
 * Searches the latest <em>commit</em> in a directory, never a writer's uncommitted state, so staged writes stay
 * invisible and a process that only searches never takes the write lock. Before each read it cheaply checks for
 * a newer commit (ours or another process's) and switches to it. Thread-safe.
 */
final class LuceneCommitReader implements Closeable {

    /** A read against one point-in-time searcher. */
    interface Read<T> {
        T apply(IndexSearcher searcher, Map<String, String> commitData) throws IOException;
    }

    private final Directory directory;
    private final Path path;
    private volatile SearcherManager manager;
    private boolean closed;

    LuceneCommitReader(Directory directory, Path path) {
        this.directory = directory;
        this.path = path;
    }

    /** Runs {@code read} on the latest commit; returns {@code whenEmpty} when nothing was ever committed. */
    <T> T read(Read<T> read, T whenEmpty) {
        try {
            SearcherManager m = manager();
            if (m == null) {
                return whenEmpty;
            }
            m.maybeRefresh();
            IndexSearcher searcher = m.acquire();
            try {
                Map<String, String> data = ((DirectoryReader) searcher.getIndexReader()).getIndexCommit().getUserData();
                checkLayout(data);
                return read.apply(searcher, data);
            } finally {
                m.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lucene index at " + path + ": " + e.getMessage(), e);
        }
    }

    /** Makes the latest commit visible to the next read, waiting for a refresh in progress. */
    void refreshNow() {
        try {
            SearcherManager m = manager();
            if (m != null) {
                m.maybeRefreshBlocking();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the Lucene index at " + path + ": " + e.getMessage(), e);
        }
    }

    void checkLayout(Map<String, String> commitData) {
        String version = commitData.get(LuceneSchema.LAYOUT_VERSION_KEY);
        if (version != null && !version.equals(LuceneSchema.LAYOUT_VERSION)) {
            throw new IllegalStateException("the Lucene index at " + path + " has layout version " + version
                    + " but this codebase-mcp reads version " + LuceneSchema.LAYOUT_VERSION
                    + "; delete that directory and index the project's repositories again");
        }
    }

    private SearcherManager manager() throws IOException {
        SearcherManager m = manager;
        if (m != null) {
            return m;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the index at " + path + " is closed");
            }
            if (manager == null && DirectoryReader.indexExists(directory)) {
                manager = new SearcherManager(directory, null);
            }
            return manager;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
