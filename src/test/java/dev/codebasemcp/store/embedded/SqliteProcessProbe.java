package dev.codebasemcp.store.embedded;

import dev.codebasemcp.Job;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.JobStore.CreateResult;
import dev.codebasemcp.store.ProjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A separate JVM for {@link SqliteControlPlaneTest}: waits at a file barrier so that several probes start together,
 * then opens (and migrates) registry.db, gets or creates one project, creates or joins one job and tries to claim it.
 * Prints one line: {@code project=<id> job=<id> created=<bool> claimed=<bool>}.
 *
 * <p>Arguments: registry.db path, barrier directory, probe number.
 */
public final class SqliteProcessProbe {

    private SqliteProcessProbe() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path barrier = Path.of(args[1]);
        String name = args[2];
        Files.createFile(barrier.resolve("ready-" + name));
        Path go = barrier.resolve("go");
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        try (SqliteControlPlane plane = new SqliteControlPlane(db, InstantSource.fixed(now))) {
            ProjectRef project = plane.registry().getOrCreate(ProjectSpec.named("shared"));
            CreateResult created = plane.jobs().createOrGetActive(project, "/repos/shared", false, now);
            Optional<Job> claimed = plane.jobs().claimNext("probe-" + name, now);
            System.out.println("project=" + project.id() + " job=" + created.job().id() + " created=" + created.created()
                    + " claimed=" + claimed.isPresent());
        }
    }
}
