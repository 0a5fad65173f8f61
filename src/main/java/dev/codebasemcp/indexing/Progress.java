package dev.codebasemcp.indexing;

import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import java.time.Instant;

/**
 * A progress report from the indexer; {@code etaSeconds} is null when unknown.
 *
 * @param searchableAt when every file of this run was committed to the lexical index; null before that
 * @param embeddedAt   when no chunk of the project lacked a vector any more; null before that
 */
public record Progress(JobPhase phase, double percentage, String message, JobCounters counters, Long etaSeconds,
                       Instant searchableAt, Instant embeddedAt) {}
