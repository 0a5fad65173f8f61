package dev.codebasemcp.indexing;

import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import java.time.Instant;

/**
 * A progress report from the indexer; {@code etaSeconds} is null when unknown.
 *
 * @param searchableAt when every file of this run was committed to the lexical index; null before that
 * @param embeddedAt   when no chunk of the project lacked a vector any more; null before that
 * @param freshEmbeddedAt when the chunks this run wrote got their vectors committed, where they were embedded ahead of
 *                     an older backlog (a re-index after edits while earlier vectors still fill in); else null
 */
public record Progress(JobPhase phase, double percentage, String message, JobCounters counters, Long etaSeconds,
                       Instant searchableAt, Instant embeddedAt, Instant freshEmbeddedAt) {}
