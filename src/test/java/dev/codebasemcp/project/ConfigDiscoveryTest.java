package dev.codebasemcp.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiscoveryTest {

    @TempDir
    Path tmp;
    final ConfigDiscovery discovery = new ConfigDiscovery();

    private Path config(Path dir, String json) throws Exception {
        Path f = dir.resolve(".codebase-mcp/config.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
        return f;
    }

    @Test
    void find_walksUpToTheNearestConfig() throws Exception {
        config(tmp, "{\"version\": \"1.0\", \"project\": {\"name\": \"outer\"}}");
        Path inner = Files.createDirectories(tmp.resolve("a/b/c"));
        assertThat(discovery.find(inner)).get().extracting(ProjectConfig::name).isEqualTo("outer");
        config(tmp.resolve("a"), "{\"version\": \"1.0\", \"project\": {\"name\": \"inner\", \"id\": \"AAAAAAAA-0000-4000-8000-000000000001\"}}");
        ProjectConfig c = discovery.find(inner).orElseThrow();
        assertThat(c.name()).isEqualTo("inner");
        assertThat(c.id()).isEqualTo("aaaaaaaa-0000-4000-8000-000000000001");
    }

    @Test
    void find_stopsAfterTwentyParents() throws Exception {
        config(tmp, "{\"version\": \"1.0\", \"project\": {\"name\": \"far\"}}");
        Path deep = tmp;
        for (int i = 0; i < 21; i++) {
            deep = deep.resolve("d" + i);
        }
        Files.createDirectories(deep);
        assertThat(discovery.find(deep)).isEmpty();
        assertThat(discovery.find(deep.getParent())).isPresent();
    }

    @Test
    void invalidConfig_isAnErrorNamingTheFile() throws Exception {
        Path f = config(tmp, "{\"version\": \"1\", \"project\": {\"name\": \"x\"}}");
        assertThatThrownBy(() -> discovery.find(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("version");
        config(tmp, "{not json");
        assertThatThrownBy(() -> discovery.find(tmp)).hasMessageContaining("not valid JSON");
        config(tmp, "{\"version\": \"1.0\", \"project\": {}}");
        assertThatThrownBy(() -> discovery.find(tmp)).hasMessageContaining("project.name");
        config(tmp, "{\"version\": \"1.0\", \"project\": {\"name\": \"x\", \"database_name\": \"pg_catalog\"}}");
        assertThatThrownBy(() -> discovery.find(tmp)).hasMessageContaining("database_name");
        config(tmp, "{\"version\": \"1.0\", \"project\": {\"name\": \"x\", \"id\": \"nope\"}}");
        assertThatThrownBy(() -> discovery.find(tmp)).hasMessageContaining("project.id");
    }

    @Test
    void cache_isInvalidatedWhenTheFileChanges() throws Exception {
        Path f = config(tmp, "{\"version\": \"1.0\", \"project\": {\"name\": \"one\"}}");
        assertThat(discovery.find(tmp).orElseThrow().name()).isEqualTo("one");
        Files.writeString(f, "{\"version\": \"1.0\", \"project\": {\"name\": \"two!\"}}");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(discovery.find(tmp).orElseThrow().name()).isEqualTo("two!");
    }
}
