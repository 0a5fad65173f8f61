package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PostgresMigrationsTest {

    @Test
    void schemas_listEveryMigrationFile_andTheirLatestVersion() throws IOException {
        for (PostgresMigrations.Schema schema : new PostgresMigrations.Schema[] {PostgresMigrations.REGISTRY, PostgresMigrations.PROJECT}) {
            Path dir = Path.of("src/main/resources", schema.location().substring("classpath:".length()));
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).as(schema.location())
                        .containsExactlyInAnyOrderElementsOf(schema.files());
            }
            int latest = schema.files().stream().mapToInt(f -> Integer.parseInt(f.substring(1, f.indexOf("__")))).max().orElseThrow();
            assertThat(schema.latestVersion()).as(schema.location()).isEqualTo(latest);
        }
    }

    @Test
    void fingerprint_isStableAndShort() {
        assertThat(PostgresMigrations.PROJECT.fingerprint()).matches("[0-9a-f]{8}")
                .isEqualTo(PostgresMigrations.PROJECT.fingerprint())
                .isNotEqualTo(PostgresMigrations.REGISTRY.fingerprint());
    }
}
