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
