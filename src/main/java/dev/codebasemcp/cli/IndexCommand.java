package dev.codebasemcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.jobs.JobService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code index PATH}: runs an indexing job in this process and waits for it, with a progress bar on a terminal. */
@Command(name = "index", description = "Index (or incrementally update) a repository.")
final class IndexCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Repository directory", defaultValue = ".")
    String path;

    @Option(names = "--project", description = "Project id or name (default: from .codebase-mcp/config.json, else 'default')")
    String project;

    @Option(names = "--force", description = "Rebuild the index from scratch")
    boolean force;

    @Option(names = "--json", description = "Print the final job status as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (App app = new App(Main.settings("WARN")).startWorkers()) {
            Path repo = JobService.validateRepoPath(Path.of(path).toAbsolutePath().normalize().toString());
            ProjectRef p = app.projects.resolve(project, Path.of("").toAbsolutePath(), repo);
            JobService.Submission s = app.jobs.submit(p, repo.toString(), force);
            boolean bar = System.console() != null && !json;
            if (!json) {
                System.err.printf("Indexing %s into project '%s' (job %s)%s%n", repo, p.name(), s.job().id(),
                        s.deduplicated() ? ", joining the job already running" : "");
            }
            Job last;
            try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(100)
                    .setStyle(ProgressBarStyle.ASCII).setUnit("%", 1).continuousUpdate().build() : null) {
                last = app.jobs.await(s.job().id(), Duration.ofDays(365), job -> {
                    if (pb != null) {
                        pb.stepTo(Math.round(job.progressPercentage()));
                        pb.setExtraMessage(job.counters().filesScanned() + "/" + job.counters().filesTotal() + " files, "
                                + job.counters().chunksCreated() + " chunks");
                    }
                });
            }
            if (json) {
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(dev.codebasemcp.mcp.Json.job(last)));
            } else {
                System.out.println(summary(last));
            }
            return last.status() == JobStatus.COMPLETED ? 0 : 1;
        }
    }

    static String summary(Job j) {
        StringBuilder sb = new StringBuilder();
        sb.append("Job ").append(j.id()).append(": ").append(j.status().wireName());
        if (j.statusMessage() != null) {
            sb.append("\n  ").append(j.statusMessage());
        }
        if (j.errorMessage() != null) {
            sb.append("\n  error (").append(j.errorType()).append("): ").append(j.errorMessage());
        }
        if (j.startedAt() != null && j.completedAt() != null) {
            sb.append(String.format("%n  took %.1f s", Duration.between(j.startedAt(), j.completedAt()).toMillis() / 1000.0));
        }
        int shown = 0;
        for (String w : j.warnings()) {
            if (shown++ == 10) {
                sb.append("\n  ... ").append(j.warnings().size() - 10).append(" more warnings (--json shows all)");
                break;
            }
            sb.append("\n  warning: ").append(w);
        }
        return sb.toString();
    }
}
