package dev.codebasemcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.mcp.Json;
import dev.codebasemcp.store.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs [list|status ID|cancel ID]}. */
@Command(name = "jobs", description = "List indexing jobs, show one, or cancel one.")
final class JobsCommand implements Callable<Integer> {

    @Parameters(index = "0", defaultValue = "list", description = "list, status or cancel")
    String action;

    @Parameters(index = "1", arity = "0..1", description = "Job id (for status and cancel)")
    String jobId;

    @Option(names = "--status", description = "Only jobs in this state (list)")
    String status;

    @Option(names = "--limit", defaultValue = "20", description = "Jobs to list (1-100)")
    int limit;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (App app = new App(Main.settings("WARN"))) {
            switch (action) {
                case "list" -> {
                    if (limit < 1 || limit > 100) {
                        throw new dev.codebasemcp.InvalidInputException("--limit must be between 1 and 100");
                    }
                    JobStore.JobPage page = app.jobs.list(status == null ? null : JobStatus.fromWire(status), null, null, limit, 0);
                    for (Job j : page.jobs()) {
                        System.out.printf("%s  %-9s %5.1f%%  %-20s %-10s %-10s %s%n", j.id(), j.status().wireName(),
                                j.progressPercentage(), j.projectName(), milestone("search", j, j.searchableAt()),
                                milestone("vectors", j, j.embeddedAt()), j.repoPath());
                    }
                    System.out.println(page.totalCount() + " jobs");
                }
                case "status" -> System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(Json.job(app.jobs.get(need()))));
                case "cancel" -> System.out.println("Job " + app.jobs.cancel(need()).id() + " cancelled");
                default -> throw new dev.codebasemcp.InvalidInputException("unknown action '" + action + "': use list, status ID or cancel ID");
            }
        }
        return 0;
    }

    /** {@code search+41s}: a milestone and how long after the start it was reached; {@code -} when not (yet). */
    static String milestone(String name, Job j, java.time.Instant at) {
        if (at == null) {
            return "-";
        }
        return j.startedAt() == null ? name : name + "+" + java.time.Duration.between(j.startedAt(), at).toSeconds() + "s";
    }

    private String need() {
        if (jobId == null) {
            throw new dev.codebasemcp.InvalidInputException(action + " needs a job id");
        }
        return jobId;
    }
}
