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
            boolean[] announced = {false};
            try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(100)
                    .setStyle(ProgressBarStyle.ASCII).setUnit("%", 1).continuousUpdate().build() : null) {
                last = app.jobs.await(s.job().id(), Duration.ofDays(365), job -> {
                    if (pb != null) {
                        pb.stepTo(Math.round(job.progressPercentage()));
                        pb.setExtraMessage(job.searchableAt() != null ? job.progressMessage()
                                : job.counters().filesScanned() + "/" + job.counters().filesTotal() + " files, "
                                        + job.counters().chunksCreated() + " chunks");
                    }
                    if (!json && !announced[0] && job.searchableAt() != null && !job.status().isTerminal()) {
                        announced[0] = true;
                        System.err.printf("%sSearchable (keywords) after %s; embedding %,d chunks for semantic search "
                                + "(Ctrl-C stops; the next run continues)%n", pb != null ? "\n" : "",
                                since(job, job.searchableAt()), job.counters().embeddingsPending());
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

    /** Time from the job's start to {@code t}, e.g. {@code 41.2 s}. */
    static String since(Job j, java.time.Instant t) {
        return j.startedAt() == null ? t.toString()
                : String.format("%.1f s", Duration.between(j.startedAt(), t).toMillis() / 1000.0);
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
        if (j.searchableAt() != null) {
            sb.append("\n  searchable (lexical) after ").append(since(j, j.searchableAt()));
        }
        if (j.embeddedAt() != null) {
            sb.append("\n  all vectors in after ").append(since(j, j.embeddedAt()));
        } else if (j.searchableAt() != null) {
            sb.append(String.format("%n  %,d chunks still without a vector (keyword search only); index again to finish them",
                    j.counters().embeddingsPending()));
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
