package dev.codebasemcp.store.embedded;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.ProjectIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * The embedded data planes: one Lucene index per project in {@code <projectsRoot>/<databaseName>/}. Keeps one open
 * {@link ProjectIndex} per project. Thread-safe. Several processes may open the same root: each searches the latest
 * commit, and whichever stages a write first holds that project's write lock until it releases its writer.
 */
public final class LuceneChunkStore implements ChunkStore {

    private final Path projectsRoot;
    private final LuceneWriteTuning tuning;
    private final ConcurrentHashMap<String, LuceneProjectIndex> indexes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param projectsRoot the directory holding one sub-directory per project; created when needed */
    public LuceneChunkStore(Path projectsRoot) {
        this(projectsRoot, LuceneWriteTuning.DEFAULT);
    }

    LuceneChunkStore(Path projectsRoot, LuceneWriteTuning tuning) {
        this.projectsRoot = projectsRoot.toAbsolutePath().normalize();
        this.tuning = tuning;
    }

    @Override
    public ProjectIndex open(ProjectRef project) {
        ensureOpen();
        return indexes.computeIfAbsent(project.databaseName(), name -> {
            ensureOpen();
            Path dir = directoryOf(project);
            try {
                Files.createDirectories(dir);
                Directory directory = new MMapDirectory(dir);
                return new LuceneProjectIndex(project.name(), dir, directory, LuceneVectorSearch.EXACT_MAX_DOCS, tuning);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the index directory " + dir + " of project " + project.name()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public boolean exists(ProjectRef project) {
        return indexes.containsKey(project.databaseName()) || Files.isDirectory(directoryOf(project));
    }

    /** Where the project's index lives (the database name is validated by {@link ProjectRef}). */
    Path directoryOf(ProjectRef project) {
        return projectsRoot.resolve(project.databaseName());
    }

    @Override
    public void close() {
        closed = true;
        List<Exception> failures = new ArrayList<>();
        for (String name : List.copyOf(indexes.keySet())) {
            LuceneProjectIndex index = indexes.remove(name);
            if (index != null) {
                try {
                    index.close();
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + failures.size() + " project index(es) under "
                    + projectsRoot + " failed: " + failures.getFirst().getMessage(), failures.getFirst());
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Lucene chunk store at " + projectsRoot + " is closed");
        }
    }
}
