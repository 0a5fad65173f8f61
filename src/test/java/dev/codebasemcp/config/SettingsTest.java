package dev.codebasemcp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaults_matchTheDesign() {
        Settings s = Settings.from(Map.of("CODEBASE_MCP_HOME", "/tmp/cbm"));
        assertThat(s.home()).isEqualTo(Path.of("/tmp/cbm"));
        assertThat(s.store()).isEqualTo(Settings.StoreKind.EMBEDDED);
        assertThat(s.maxConcurrentIndexingJobs()).isEqualTo(2);
        assertThat(s.indexingJobTimeoutSeconds()).isEqualTo(3600);
        assertThat(s.jobStatusRetentionDays()).isEqualTo(7);
        assertThat(s.maxRepoSizeGb()).isEqualTo(10);
        assertThat(s.maxFileSizeBytes()).isEqualTo(1024 * 1024);
        assertThat(s.progressUpdateIntervalSeconds()).isEqualTo(2);
        assertThat(s.registryDb()).isEqualTo(Path.of("/tmp/cbm/registry.db"));
        assertThat(s.logFile()).isEqualTo(Path.of("/tmp/cbm/logs/codebase-mcp.log"));
    }

    @Test
    void everyVariable_isHonoured() {
        Settings s = Settings.from(Map.ofEntries(Map.entry("CODEBASE_MCP_HOME", "/x"), Map.entry("CODEBASE_MCP_STORE", "postgres"),
                Map.entry("MAX_CONCURRENT_INDEXING_JOBS", "3"), Map.entry("INDEXING_JOB_TIMEOUT_SECONDS", "60"),
                Map.entry("JOB_STATUS_RETENTION_DAYS", "1"), Map.entry("MAX_REPO_SIZE_GB", "0.5"),
                Map.entry("MAX_FILE_SIZE_BYTES", "1000"), Map.entry("PROGRESS_UPDATE_INTERVAL_SECONDS", "5"),
                Map.entry("LOG_LEVEL", "debug"), Map.entry("LOG_FILE", "/y/l.log"), Map.entry("EMBEDDING_PROVIDER", "hash"),
                Map.entry("CODEBASE_MCP_AUTH_TOKEN", "s3cret"), Map.entry("REGISTRY_DATABASE_URL", "postgresql://u:pw@h/db")));
        assertThat(s.store()).isEqualTo(Settings.StoreKind.POSTGRES);
        assertThat(s.maxConcurrentIndexingJobs()).isEqualTo(3);
        assertThat(s.indexingJobTimeoutSeconds()).isEqualTo(60);
        assertThat(s.jobStatusRetentionDays()).isEqualTo(1);
        assertThat(s.maxRepoSizeBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(s.maxFileSizeBytes()).isEqualTo(1000);
        assertThat(s.progressUpdateIntervalSeconds()).isEqualTo(5);
        assertThat(s.logLevel()).isEqualTo("DEBUG");
        assertThat(s.logFile()).isEqualTo(Path.of("/y/l.log"));
        assertThat(s.embeddingProvider()).isEqualTo("hash");
        assertThat(s.authToken()).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain(":pw@").contains("u:****@h");
    }

    @Test
    void badValues_nameTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("MAX_CONCURRENT_INDEXING_JOBS", "zero")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("MAX_CONCURRENT_INDEXING_JOBS");
        assertThatThrownBy(() -> Settings.from(Map.of("MAX_CONCURRENT_INDEXING_JOBS", "0")))
                .hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> Settings.from(Map.of("CODEBASE_MCP_STORE", "mysql"))).hasMessageContaining("CODEBASE_MCP_STORE");
        assertThatThrownBy(() -> Settings.from(Map.of("MAX_REPO_SIZE_GB", "NaN"))).hasMessageContaining("MAX_REPO_SIZE_GB");
    }

    @Test
    void embeddingCacheAndBudget_defaultsAndOverrides_areShown() {
        Settings d = Settings.from(Map.of());
        assertThat(d.embeddingCache()).isTrue();
        assertThat(d.embeddingCacheMaxEntries()).isEqualTo(200_000);
        assertThat(d.embeddingMaxTokens()).isEqualTo(256);
        assertThat(d.embeddingModel()).isEqualTo("bge-small-en-v1.5-q");

        Settings s = Settings.from(Map.of("EMBEDDING_CACHE", "OFF", "EMBEDDING_CACHE_MAX_ENTRIES", "2000",
                "EMBEDDING_MAX_TOKENS", "128", "EMBEDDING_MODEL", "All-MiniLM-L6-v2-q"));
        assertThat(s.embeddingCache()).isFalse();
        assertThat(s.embeddingCacheMaxEntries()).isEqualTo(2000);
        assertThat(s.embeddingMaxTokens()).isEqualTo(128);
        assertThat(s.embeddingModel()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(s.describe()).containsEntry("EMBEDDING_CACHE", "off").containsEntry("EMBEDDING_CACHE_MAX_ENTRIES", "2000")
                .containsEntry("EMBEDDING_MAX_TOKENS", "128").containsEntry("EMBEDDING_MODEL", "all-minilm-l6-v2-q");
    }

    @Test
    void embeddingSettings_badValues_nameTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_CACHE", "maybe"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EMBEDDING_CACHE");
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_MAX_TOKENS", "1024"))).hasMessageContaining("EMBEDDING_MAX_TOKENS");
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_CACHE_MAX_ENTRIES", "5"))).hasMessageContaining("EMBEDDING_CACHE_MAX_ENTRIES");
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_MODEL", "gpt-embed"))).hasMessageContaining("EMBEDDING_MODEL")
                .hasMessageContaining("all-minilm-l6-v2-q");
    }

    @Test
    void remoteProviders_takeTheServersModelNameAsWritten_andTheirSettings() {
        Settings ollama = Settings.from(Map.of("EMBEDDING_PROVIDER", "Ollama", "EMBEDDING_MODEL", " nomic-embed-text:latest ",
                "OLLAMA_BASE_URL", "http://gpu-box:11434/", "EMBEDDING_QUERY_PREFIX", "search_query: ",
                "EMBEDDING_DOCUMENT_PREFIX", "search_document: ", "EMBEDDING_TIMEOUT_SECONDS", "30"));
        assertThat(ollama.embeddingProvider()).isEqualTo("ollama");
        assertThat(ollama.remoteEmbedding()).isTrue();
        assertThat(ollama.embeddingModel()).isEqualTo("nomic-embed-text:latest");
        assertThat(ollama.ollamaBaseUrl()).isEqualTo("http://gpu-box:11434/");
        assertThat(ollama.embeddingQueryPrefix()).isEqualTo("search_query: ");
        assertThat(ollama.embeddingDocumentPrefix()).isEqualTo("search_document: ");
        assertThat(ollama.embeddingTimeoutSeconds()).isEqualTo(30);
        assertThat(ollama.describe()).containsEntry("OLLAMA_BASE_URL", "http://gpu-box:11434/")
                .containsEntry("EMBEDDING_QUERY_PREFIX", "\"search_query: \"").containsEntry("EMBEDDING_TIMEOUT_SECONDS", "30")
                .doesNotContainKey("EMBEDDING_MAX_TOKENS");

        Settings openai = Settings.from(Map.of("EMBEDDING_PROVIDER", "openai", "EMBEDDING_MODEL", "BAAI/bge-small-en-v1.5",
                "OPENAI_BASE_URL", "http://tei:8080/v1", "OPENAI_API_KEY", " sk-secret-1 \n"));
        assertThat(openai.embeddingModel()).isEqualTo("BAAI/bge-small-en-v1.5");
        assertThat(openai.openaiBaseUrl()).isEqualTo("http://tei:8080/v1");
        assertThat(openai.openaiApiKey()).isEqualTo("sk-secret-1");
        assertThat(openai.embeddingQueryPrefix()).isEmpty();
        assertThat(openai.embeddingTimeoutSeconds()).isEqualTo(120);
        assertThat(openai.toString()).doesNotContain("sk-secret-1").contains("OPENAI_API_KEY=****")
                .contains("OPENAI_BASE_URL=http://tei:8080/v1");
        assertThat(Settings.from(Map.of("EMBEDDING_PROVIDER", "openai", "EMBEDDING_MODEL", "m")).openaiBaseUrl())
                .isEqualTo("https://api.openai.com/v1");
        assertThat(Settings.from(Map.of()).remoteEmbedding()).isFalse();
    }

    @Test
    void remoteProviders_withoutAModel_failNamingTheVariableWithAnExample() {
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_PROVIDER", "ollama"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EMBEDDING_MODEL").hasMessageContaining("EMBEDDING_MODEL=nomic-embed-text");
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_PROVIDER", "openai", "EMBEDDING_MODEL", "  ")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("EMBEDDING_MODEL=text-embedding-3-small");
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_PROVIDER", "cohere"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EMBEDDING_PROVIDER").hasMessageContaining("'ollama'").hasMessageContaining("'openai'");
    }

    @Test
    void remoteBaseUrls_mustBePlainHttpUrls_andAreCheckedOnlyForTheirProvider() {
        Map<String, String> ollama = Map.of("EMBEDDING_PROVIDER", "ollama", "EMBEDDING_MODEL", "m");
        for (String bad : new String[] {"localhost:11434", "ftp://host/", "http://", "http://host:11434/?x=1", "not a url",
                "http://user:pw@host:11434"}) {
            Map<String, String> env = new java.util.HashMap<>(ollama);
            env.put("OLLAMA_BASE_URL", bad);
            assertThatThrownBy(() -> Settings.from(env)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("OLLAMA_BASE_URL").hasMessageNotContaining(":pw@");
        }
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_PROVIDER", "openai", "EMBEDDING_MODEL", "m",
                "OPENAI_BASE_URL", "api.openai.com/v1"))).hasMessageContaining("OPENAI_BASE_URL");
        assertThat(Settings.from(Map.of("OPENAI_BASE_URL", "nonsense", "OLLAMA_BASE_URL", "nonsense")).embeddingProvider())
                .isEqualTo("onnx");
    }

    @Test
    void embeddingTimeout_mustBeBetween1And3600Seconds() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("EMBEDDING_PROVIDER", "openai", "EMBEDDING_MODEL", "m"));
        env.put("EMBEDDING_TIMEOUT_SECONDS", "0");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageContaining("EMBEDDING_TIMEOUT_SECONDS").hasMessageContaining("between 1 and 3600");
        env.put("EMBEDDING_TIMEOUT_SECONDS", "3601");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageContaining("EMBEDDING_TIMEOUT_SECONDS");
        env.put("EMBEDDING_TIMEOUT_SECONDS", "3600");
        assertThat(Settings.from(env).embeddingTimeoutSeconds()).isEqualTo(3600);
    }

    @Test
    void inProcessModels_areStillCheckedAndLowercased() {
        assertThat(Settings.from(Map.of("EMBEDDING_PROVIDER", "onnx", "EMBEDDING_MODEL", "BGE-small-en-v1.5-q")).embeddingModel())
                .isEqualTo("bge-small-en-v1.5-q");
        assertThatThrownBy(() -> Settings.from(Map.of("EMBEDDING_PROVIDER", "onnx", "EMBEDDING_MODEL", "nomic-embed-text")))
                .hasMessageContaining("in-process models of this build");
    }

    @Test
    void embeddingModels_matchTheModelsOfThisBuild() {
        assertThat(Settings.EMBEDDING_MODELS).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(
                dev.codebasemcp.indexing.embed.OnnxModel.values()).map(dev.codebasemcp.indexing.embed.OnnxModel::modelName).toList());
    }

    @Test
    void maskUrl_hidesPasswordsWithRawSpecialCharactersAndPortsBeforeQueryPasswords() {
        assertThat(Settings.maskUrl("postgresql://u:p@ss:w0rd@db:5432/reg")).isEqualTo("postgresql://u:****@db:5432/reg");
        assertThat(Settings.maskUrl("postgresql://u:a/b@c@db/reg")).doesNotContain("a/b").doesNotContain("b@c");
        assertThat(Settings.maskUrl("jdbc:postgresql://127.0.0.1:5432/reg?user=u&password=p@q"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/reg?user=u&password=****");
        assertThat(Settings.maskUrl("postgresql://db:5432/reg")).isEqualTo("postgresql://db:5432/reg");
        assertThat(Settings.from(Map.of("REGISTRY_DATABASE_URL", "postgresql://u:S3cr@t@h/db")).toString()).doesNotContain("S3cr")
                .doesNotContain("t@h").contains("u:****@h/db");
    }
}
