package dev.codebasemcp.config;

import dev.codebasemcp.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of the server, read once from the environment (DESIGN §9), validated at load. Immutable.
 * {@link #toString()} masks secrets so the record can be logged and shown by {@code doctor}.
 */
public record Settings(
        Path home, StoreKind store, String registryDatabaseUrl, String embeddingProvider, String embeddingModel,
        String ollamaBaseUrl, String openaiBaseUrl, String openaiApiKey,
        int maxConcurrentIndexingJobs, long indexingJobTimeoutSeconds, int jobStatusRetentionDays, double maxRepoSizeGb,
        long maxFileSizeBytes, int progressUpdateIntervalSeconds, String logLevel, Path logFile, String authToken,
        boolean embeddingCache, long embeddingCacheMaxEntries, int embeddingMaxTokens,
        String embeddingQueryPrefix, String embeddingDocumentPrefix, int embeddingTimeoutSeconds) {

    /** The in-process models of this build ({@code indexing.embed.OnnxModel} names; a test keeps the two in step). */
    public static final List<String> EMBEDDING_MODELS = List.of("bge-small-en-v1.5-q", "all-minilm-l6-v2-q");
    /**
     * Tokens of each chunk's text the model reads. 256 embeds 1.3-1.75x faster than the model's 512 with no measurable
     * loss on the retrieval eval (hybrid MRR@10 0.565 vs 0.560, semantic 0.515 vs 0.514).
     */
    public static final int DEFAULT_EMBEDDING_MAX_TOKENS = 256;

    /** The remote providers, each with the model a user would typically name for it (for the error message). */
    private static final Map<String, String> REMOTE_PROVIDERS = Map.of("ollama", "nomic-embed-text",
            "openai", "text-embedding-3-small");

    /** Which store adapter holds the control plane and data planes. */
    public enum StoreKind { EMBEDDED, POSTGRES }

    public Settings {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(logFile, "logFile");
        embeddingQueryPrefix = Objects.requireNonNullElse(embeddingQueryPrefix, "");
        embeddingDocumentPrefix = Objects.requireNonNullElse(embeddingDocumentPrefix, "");
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    /** Parses settings from an environment map; throws {@link InvalidInputException} naming the variable on bad values. */
    public static Settings from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("CODEBASE_MCP_HOME", System.getProperty("user.home") + "/.codebase-mcp"))
                .toAbsolutePath().normalize();
        String storeName = env.getOrDefault("CODEBASE_MCP_STORE", "embedded").trim().toLowerCase(Locale.ROOT);
        StoreKind store = switch (storeName) {
            case "embedded", "" -> StoreKind.EMBEDDED;
            case "postgres", "postgresql" -> StoreKind.POSTGRES;
            default -> throw new InvalidInputException("CODEBASE_MCP_STORE must be 'embedded' or 'postgres', not '" + storeName + "'");
        };
        String provider = env.getOrDefault("EMBEDDING_PROVIDER", "onnx").trim().toLowerCase(Locale.ROOT);
        if (!provider.equals("onnx") && !provider.equals("hash") && !REMOTE_PROVIDERS.containsKey(provider)) {
            throw new InvalidInputException("EMBEDDING_PROVIDER must be 'onnx' (in-process model), 'ollama' (an Ollama "
                    + "server), 'openai' (any OpenAI-compatible /embeddings endpoint) or 'hash' (deterministic test "
                    + "embedder), not '" + provider + "'");
        }
        String model = embeddingModel(env, provider);
        String ollamaBaseUrl = env.getOrDefault("OLLAMA_BASE_URL", "http://localhost:11434").trim();
        String openaiBaseUrl = env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1").trim();
        switch (provider) {
            case "ollama" -> checkHttpUrl("OLLAMA_BASE_URL", ollamaBaseUrl);
            case "openai" -> checkHttpUrl("OPENAI_BASE_URL", openaiBaseUrl);
            default -> { } // the in-process providers never read them
        }
        String cache = env.getOrDefault("EMBEDDING_CACHE", "on").trim().toLowerCase(Locale.ROOT);
        if (!cache.equals("on") && !cache.equals("off")) {
            throw new InvalidInputException("EMBEDDING_CACHE must be 'on' or 'off', not '" + cache + "'");
        }
        Path logFile = Path.of(env.getOrDefault("LOG_FILE", home.resolve("logs/codebase-mcp.log").toString())).toAbsolutePath();
        return new Settings(home, store,
                env.getOrDefault("REGISTRY_DATABASE_URL", "postgresql://localhost:5432/codebase_mcp_registry"),
                provider, model,
                ollamaBaseUrl, openaiBaseUrl, blankToNull(strip(env.get("OPENAI_API_KEY"))),
                intIn(env, "MAX_CONCURRENT_INDEXING_JOBS", 2, 1, 64),
                intIn(env, "INDEXING_JOB_TIMEOUT_SECONDS", 3600, 1, 7 * 24 * 3600),
                intIn(env, "JOB_STATUS_RETENTION_DAYS", 7, 0, 3650),
                doubleIn(env, "MAX_REPO_SIZE_GB", 10, 0.000001, 10_000),
                longIn(env, "MAX_FILE_SIZE_BYTES", 1024 * 1024, 1, 1L << 31),
                intIn(env, "PROGRESS_UPDATE_INTERVAL_SECONDS", 2, 1, 60),
                env.getOrDefault("LOG_LEVEL", "INFO").trim().toUpperCase(Locale.ROOT), logFile,
                blankToNull(env.get("CODEBASE_MCP_AUTH_TOKEN")),
                cache.equals("on"), longIn(env, "EMBEDDING_CACHE_MAX_ENTRIES", 200_000, 1_000, 1_000_000_000),
                intIn(env, "EMBEDDING_MAX_TOKENS", DEFAULT_EMBEDDING_MAX_TOKENS, 32, 512),
                // Prefixes are taken verbatim: their trailing space ("search_query: ") is part of what the model expects.
                env.getOrDefault("EMBEDDING_QUERY_PREFIX", ""), env.getOrDefault("EMBEDDING_DOCUMENT_PREFIX", ""),
                intIn(env, "EMBEDDING_TIMEOUT_SECONDS", 120, 1, 3600));
    }

    /** Whether the embedder is a server reached over HTTP ({@code ollama}, {@code openai}) rather than in-process. */
    public boolean remoteEmbedding() {
        return REMOTE_PROVIDERS.containsKey(embeddingProvider);
    }

    /**
     * The in-process models are named case-insensitively and checked against this build's; a remote model is the
     * server's own name (case kept: {@code BAAI/bge-small-en-v1.5}) and has no default that would make sense.
     */
    private static String embeddingModel(Map<String, String> env, String provider) {
        String example = REMOTE_PROVIDERS.get(provider);
        if (example != null) {
            String model = env.getOrDefault("EMBEDDING_MODEL", "").trim();
            if (model.isEmpty()) {
                throw new InvalidInputException("EMBEDDING_MODEL must name the model the " + provider + " server embeds "
                        + "with when EMBEDDING_PROVIDER=" + provider + ", e.g. EMBEDDING_MODEL=" + example);
            }
            return model;
        }
        String model = env.getOrDefault("EMBEDDING_MODEL", EMBEDDING_MODELS.get(0)).trim().toLowerCase(Locale.ROOT);
        if (provider.equals("onnx") && !EMBEDDING_MODELS.contains(model)) {
            throw new InvalidInputException("EMBEDDING_MODEL must be one of " + String.join(", ", EMBEDDING_MODELS)
                    + " (the in-process models of this build), not '" + model + "'");
        }
        return model;
    }

    /** An embedding server's base URL: absolute http(s) with a host; no credentials, query or fragment. */
    private static void checkHttpUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(key + " must be an http:// or https:// URL, not '" + value + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidInputException(key + " must be an http:// or https:// URL with a host, e.g. "
                    + (key.startsWith("OLLAMA") ? "http://localhost:11434" : "https://api.openai.com/v1") + ", not '" + value + "'");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException(key + " must be a plain base URL without user info, query or fragment (the "
                    + "API key goes in OPENAI_API_KEY), not '" + maskUrl(value) + "'");
        }
    }

    public Path registryDb() {
        return home.resolve("registry.db");
    }

    public Path projectsDir() {
        return home.resolve("projects");
    }

    public long maxRepoSizeBytes() {
        return (long) (maxRepoSizeGb * 1024 * 1024 * 1024);
    }

    /** Settings as name → value with secrets masked, for logs and {@code doctor}. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CODEBASE_MCP_HOME", home.toString());
        m.put("CODEBASE_MCP_STORE", store.name().toLowerCase(Locale.ROOT));
        m.put("REGISTRY_DATABASE_URL", maskUrl(registryDatabaseUrl));
        m.put("EMBEDDING_PROVIDER", embeddingProvider);
        m.put("EMBEDDING_MODEL", embeddingModel);
        if (remoteEmbedding()) {
            boolean ollama = embeddingProvider.equals("ollama");
            m.put(ollama ? "OLLAMA_BASE_URL" : "OPENAI_BASE_URL", ollama ? ollamaBaseUrl : openaiBaseUrl);
            m.put("EMBEDDING_QUERY_PREFIX", quoted(embeddingQueryPrefix));
            m.put("EMBEDDING_DOCUMENT_PREFIX", quoted(embeddingDocumentPrefix));
            m.put("EMBEDDING_TIMEOUT_SECONDS", String.valueOf(embeddingTimeoutSeconds));
        } else {
            m.put("EMBEDDING_MAX_TOKENS", String.valueOf(embeddingMaxTokens));
        }
        m.put("EMBEDDING_CACHE", embeddingCache ? "on" : "off");
        m.put("EMBEDDING_CACHE_MAX_ENTRIES", String.valueOf(embeddingCacheMaxEntries));
        m.put("OPENAI_API_KEY", mask(openaiApiKey));
        m.put("CODEBASE_MCP_AUTH_TOKEN", mask(authToken));
        m.put("MAX_CONCURRENT_INDEXING_JOBS", String.valueOf(maxConcurrentIndexingJobs));
        m.put("INDEXING_JOB_TIMEOUT_SECONDS", String.valueOf(indexingJobTimeoutSeconds));
        m.put("JOB_STATUS_RETENTION_DAYS", String.valueOf(jobStatusRetentionDays));
        m.put("MAX_REPO_SIZE_GB", String.valueOf(maxRepoSizeGb));
        m.put("MAX_FILE_SIZE_BYTES", String.valueOf(maxFileSizeBytes));
        m.put("PROGRESS_UPDATE_INTERVAL_SECONDS", String.valueOf(progressUpdateIntervalSeconds));
        m.put("LOG_LEVEL", logLevel);
        m.put("LOG_FILE", logFile.toString());
        return m;
    }

    @Override
    public String toString() {
        return "Settings" + describe();
    }

    /** In quotes, so a prefix's trailing space shows. */
    private static String quoted(String s) {
        return s.isEmpty() ? "(none)" : '"' + s + '"';
    }

    static String mask(String secret) {
        return secret == null ? "(unset)" : "****";
    }

    /** Masks the password of a URL ({@code postgresql://user:secret@host/db} or {@code ?password=secret}). */
    static String maskUrl(String url) {
        if (url == null) {
            return "(unset)";
        }
        // password= first: the user-info pattern must not see a '@' inside a query parameter. Then everything from
        // "//user:" to the last '@' (a password may hold raw '@', ':' or '/'); over-masking beats leaking.
        return url.replaceAll("(?i)(password=)[^&]*", "$1****").replaceAll("(//[^:/@?#]+:).*@", "$1****@");
    }

    private static int intIn(Map<String, String> env, String key, int def, int min, int max) {
        return (int) longIn(env, key, def, min, max);
    }

    private static long longIn(Map<String, String> env, String key, long def, long min, long max) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new InvalidInputException(key + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a whole number, not '" + v + "'");
        }
    }

    private static double doubleIn(Map<String, String> env, String key, double def, double min, double max) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            double n = Double.parseDouble(v.trim());
            if (!(n >= min && n <= max)) {
                throw new InvalidInputException(key + " must be between " + min + " and " + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a number, not '" + v + "'");
        }
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
