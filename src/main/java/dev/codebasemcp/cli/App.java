package dev.codebasemcp.cli;

import dev.codebasemcp.config.Settings;
import dev.codebasemcp.indexing.Indexer;
import dev.codebasemcp.indexing.IndexerOptions;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.embed.CachedDocumentEmbeddings;
import dev.codebasemcp.indexing.embed.DocumentEmbeddings;
import dev.codebasemcp.indexing.embed.Embedder;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.indexing.embed.OnnxEmbedder;
import dev.codebasemcp.indexing.embed.OnnxModel;
import dev.codebasemcp.indexing.embed.RemoteApi;
import dev.codebasemcp.indexing.embed.RemoteEmbedder;
import dev.codebasemcp.indexing.embed.RemoteModel;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.jobs.JobService;
import dev.codebasemcp.jobs.JobSettings;
import dev.codebasemcp.jobs.JobWorkers;
import dev.codebasemcp.mcp.McpServerFactory;
import dev.codebasemcp.mcp.ToolContext;
import dev.codebasemcp.metrics.HealthCheck;
import dev.codebasemcp.metrics.ServerMetrics;
import dev.codebasemcp.project.ConfigDiscovery;
import dev.codebasemcp.project.ProjectResolver;
import dev.codebasemcp.search.SearchService;
import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.JobStore;
import dev.codebasemcp.store.Registry;
import dev.codebasemcp.store.embedded.LuceneChunkStore;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import dev.codebasemcp.store.postgres.PostgresStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only place that constructs adapters and wires the services together. One per process.
 */
final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);

    final Settings settings;
    final Clock clock = Clock.systemUTC();
    final Registry registry;
    final JobStore jobStore;
    final ChunkStore chunkStore;
    final EmbeddingCache embeddingCache;
    final Embedder embedder;
    final ProjectResolver projects;
    final Indexer indexer;
    final JobWorkers workers;
    final JobService jobs;
    final SearchService search;
    final ServerMetrics metrics = new ServerMetrics();
    final HealthCheck health;
    private final AutoCloseable controlPlane;

    App(Settings settings) {
        this.settings = settings;
        try {
            Files.createDirectories(settings.projectsDir());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + settings.home() + ": " + e.getMessage()
                    + ". Set CODEBASE_MCP_HOME to a writable directory.", e);
        }
        if (settings.store() == Settings.StoreKind.POSTGRES) {
            PostgresStore pg = PostgresStore.connect(settings.registryDatabaseUrl(), clock);
            this.controlPlane = pg;
            this.registry = pg.registry();
            this.jobStore = pg.jobs();
            this.chunkStore = pg.chunks();
            this.embeddingCache = pg.embeddingCache(settings.embeddingCacheMaxEntries());
        } else {
            SqliteControlPlane cp = new SqliteControlPlane(settings.registryDb(), clock);
            this.controlPlane = cp;
            this.registry = cp.registry();
            this.jobStore = cp.jobs();
            this.chunkStore = new LuceneChunkStore(settings.projectsDir());
            this.embeddingCache = cp.embeddingCache(settings.embeddingCacheMaxEntries());
        }
        try {
            this.embedder = createEmbedder(settings);
        } catch (RuntimeException | Error e) {
            // e.g. an embedding server that cannot be reached: do not leave the stores open behind the failure
            closeQuietly(e, chunkStore::close);
            closeQuietly(e, controlPlane);
            throw e;
        }
        this.projects = new ProjectResolver(registry, new ConfigDiscovery());
        IndexerOptions indexerOptions = IndexerOptions.defaults(settings.maxRepoSizeBytes());
        this.indexer = new Indexer(new RepositoryScanner(settings.maxFileSizeBytes()), new Chunker(),
                createDocumentEmbeddings(settings, embedder, embeddingCache), indexerOptions, clock);
        JobSettings jobSettings = new JobSettings(settings.maxConcurrentIndexingJobs(),
                Duration.ofSeconds(settings.indexingJobTimeoutSeconds()), Duration.ofSeconds(settings.progressUpdateIntervalSeconds()),
                Duration.ofSeconds(Math.max(30, settings.progressUpdateIntervalSeconds() * 5L)), 3,
                settings.jobStatusRetentionDays() == 0 ? null : Duration.ofDays(settings.jobStatusRetentionDays()));
        this.workers = new JobWorkers(jobStore, chunkStore, indexer, jobSettings, clock, metrics::jobFinished);
        metrics.runningJobs(workers::runningCount);
        this.jobs = new JobService(jobStore, workers, clock);
        this.search = new SearchService(chunkStore, embedder, projectId -> jobs.activeJob(projectId).map(j -> j.id()));
        this.health = new HealthCheck(Main.version(), clock, settings.store().name().toLowerCase(Locale.ROOT), settings.home(),
                registry, jobStore, embedder, workers::runningCount);
        log.info("codebase-mcp {} started with {}", Main.version(), settings);
    }

    /** Starts the background workers (not needed for read-only commands). */
    App startWorkers() {
        workers.start();
        return this;
    }

    ToolContext toolContext() {
        return new ToolContext(projects, registry, chunkStore, jobs, search);
    }

    /** The MCP server factory, recording into this process's metrics and reporting its health. */
    McpServerFactory mcpServerFactory() {
        return new McpServerFactory(toolContext(), Main.version(), metrics, health);
    }

    static Embedder createEmbedder(Settings settings) {
        return switch (settings.embeddingProvider()) {
            case "hash" -> new HashingEmbedder(384);
            case "ollama", "openai" -> RemoteEmbedder.connect(remoteModel(settings));
            default -> OnnxEmbedder.create(OnnxModel.named(settings.embeddingModel()), settings.embeddingMaxTokens(),
                    Runtime.getRuntime().availableProcessors(), 1, 2);
        };
    }

    /** The server model of {@code EMBEDDING_PROVIDER=ollama|openai}; the OpenAI key is never sent to Ollama. */
    static RemoteModel remoteModel(Settings settings) {
        RemoteApi api = RemoteApi.forProvider(settings.embeddingProvider());
        boolean openAi = api == RemoteApi.OPENAI;
        return new RemoteModel(api, URI.create(openAi ? settings.openaiBaseUrl() : settings.ollamaBaseUrl()),
                settings.embeddingModel(), openAi ? settings.openaiApiKey() : null, settings.embeddingQueryPrefix(),
                settings.embeddingDocumentPrefix(), Duration.ofSeconds(settings.embeddingTimeoutSeconds()));
    }

    /**
     * Document vectors for the indexer: through the shared embedding cache unless {@code EMBEDDING_CACHE=off}, in calls
     * of 8 texts for an in-process model and {@link RemoteEmbedder#CALL_SIZE} for a server (up to 4 requests of 32 side by side).
     */
    static DocumentEmbeddings createDocumentEmbeddings(Settings settings, Embedder embedder, EmbeddingCache cache) {
        return new CachedDocumentEmbeddings(embedder, settings.embeddingCache() ? cache : EmbeddingCache.none(),
                settings.remoteEmbedding() ? RemoteEmbedder.CALL_SIZE : CachedDocumentEmbeddings.DEFAULT_CALL_SIZE);
    }

    private static void closeQuietly(Throwable failure, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        workers.close();
        chunkStore.close();
        embedder.close();
        try {
            controlPlane.close();
        } catch (Exception e) {
            log.warn("Closing the control plane failed", e);
        }
    }
}
