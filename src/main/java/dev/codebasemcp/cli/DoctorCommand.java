package dev.codebasemcp.cli;

import dev.codebasemcp.config.Settings;
import dev.codebasemcp.indexing.embed.RemoteEmbedder;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code doctor}: checks settings, data directory, store and model, printing what to do for each problem. */
@Command(name = "doctor", description = "Check the installation: settings, data directory, store, embedding model.")
final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        int problems = 0;
        Settings s = Main.settings("ERROR");
        System.out.println("Settings (secrets masked):");
        for (Map.Entry<String, String> e : s.describe().entrySet()) {
            System.out.printf("  %-34s %s%n", e.getKey(), e.getValue());
        }
        System.out.println("Java: " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
        System.out.println("Parser: " + dev.codebasemcp.indexing.chunk.Chunker.parserDescription());
        try {
            Files.createDirectories(s.home());
            boolean writable = Files.isWritable(s.home());
            System.out.println((writable ? "ok   " : "FAIL ") + "data directory " + s.home()
                    + (writable ? "" : ": not writable; set CODEBASE_MCP_HOME to a writable directory"));
            problems += writable ? 0 : 1;
        } catch (Exception e) {
            System.out.println("FAIL data directory " + s.home() + ": " + e.getMessage() + "; set CODEBASE_MCP_HOME to a writable directory");
            problems++;
        }
        if (s.store() == Settings.StoreKind.POSTGRES) {
            // The in-process models make 384-d vectors; a server's dimension is only known once it answers (below).
            int dimension = s.remoteEmbedding() ? 0 : 384;
            for (var check : dev.codebasemcp.store.postgres.PostgresStore.doctor(s.registryDatabaseUrl(), dimension)) {
                System.out.println(check);
                problems += check.ok() ? 0 : 1;
            }
            if (problems > 0) {
                System.out.println(problems + " problem(s) found.");
                return 1;
            }
        }
        long t0 = System.nanoTime();
        try (App app = new App(s)) {
            System.out.printf("ok   store %s: %d projects registered%n", s.store().name().toLowerCase(), app.registry.list().size());
            if (app.embedder instanceof RemoteEmbedder remote) {
                long q0 = System.nanoTime();
                float[] v = remote.embedQuery("doctor check");
                System.out.printf("ok   embedding server %s reachable: model %s, %d dimensions, a query took %d ms (model id %s)%n",
                        remote.model().endpoint(), remote.model().name(), v.length, (System.nanoTime() - q0) / 1_000_000,
                        remote.modelId());
            } else {
                float[] v = app.embedder.embedQuery("doctor check");
                System.out.printf("ok   embedding model %s (%d dimensions), loaded and ran in %d ms%n", app.embedder.modelId(), v.length,
                        (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (Exception e) {
            System.out.println("FAIL " + e.getMessage());
            problems++;
        }
        System.out.println(problems == 0 ? "All checks passed." : problems + " problem(s) found.");
        return problems == 0 ? 0 : 1;
    }
}
