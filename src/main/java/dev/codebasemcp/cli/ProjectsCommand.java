package dev.codebasemcp.cli;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.RepositoryInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code projects}: the registry with each project's repositories. */
@Command(name = "projects", description = "List projects and their indexed repositories.")
final class ProjectsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try (App app = new App(Main.settings("WARN"))) {
            for (ProjectRef p : app.registry.list()) {
                System.out.printf("%s  %s  (%s)%n", p.id(), p.name(), p.databaseName());
                if (app.chunkStore.exists(p)) {
                    ProjectIndex index = app.chunkStore.open(p);
                    for (RepositoryInfo r : index.repositories()) {
                        IndexStats s = index.stats(r.id()).orElse(IndexStats.EMPTY);
                        System.out.printf("    %s  %s  %d files, %d chunks, last indexed %s%n", r.id(), r.path(), s.files(), s.chunks(),
                                s.lastIndexedAt());
                    }
                }
            }
        }
        return 0;
    }
}
