package dev.codebasemcp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.indexing.embed.HashingEmbedder;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.embedded.SqliteControlPlane;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckTest {

    @TempDir
    Path home;

    @Test
    void check_reportsRealCountsFromTheStoreAndTheModel() {
        SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (SqliteControlPlane cp = new SqliteControlPlane(home.resolve("registry.db"), clock)) {
            ProjectRef a = cp.registry().getOrCreate(ProjectSpec.named("alpha"));
            cp.registry().getOrCreate(ProjectSpec.named("beta"));
            cp.jobs().createOrGetActive(a, "/repo/a", false, clock.instant());
            cp.jobs().createOrGetActive(a, "/repo/b", false, clock.instant());
            HealthCheck health = new HealthCheck("1.2.3", clock, "embedded", home, cp.registry(), cp.jobs(),
                    new HashingEmbedder(384), () -> 1);
            clock.advance(Duration.ofSeconds(42));

            HealthReport r = health.check();

            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.problems()).isEmpty();
            assertThat(r.version()).isEqualTo("1.2.3");
            assertThat(r.uptimeSeconds()).isEqualTo(42);
            assertThat(r.processId()).isEqualTo(ProcessHandle.current().pid());
            assertThat(r.store()).isEqualTo(new HealthReport.Store("embedded", home.toString(), 2));
            assertThat(r.embedder().id()).isEqualTo(new HashingEmbedder(384).modelId());
            assertThat(r.embedder().dimension()).isEqualTo(384);
            assertThat(r.jobs()).isEqualTo(new HealthReport.Jobs(1, 2L, 0L));
        }
    }

    @Test
    void check_isDegradedNamingTheProblem_whenTheStoreFailsOrTheDataDirIsMissing() {
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        SqliteControlPlane cp = new SqliteControlPlane(home.resolve("registry.db"), clock);
        HealthCheck health = new HealthCheck("dev", clock, "embedded", home.resolve("missing"), cp.registry(), cp.jobs(),
                new HashingEmbedder(384), () -> 0);
        cp.close();

        HealthReport r = health.check();

        assertThat(r.status()).isEqualTo("degraded");
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("registry: "))
                .anySatisfy(p -> assertThat(p).startsWith("job store: "))
                .anySatisfy(p -> assertThat(p).contains("missing or not writable"));
        assertThat(r.store().projects()).isNull();
        assertThat(r.jobs().pending()).isNull();
        assertThat(r.embedder().dimension()).isEqualTo(384);
    }

    /** A clock the test moves forward explicitly. */
    static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
