package dev.codebasemcp.indexing;

import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;

/** A progress report from the indexer; {@code etaSeconds} is null when unknown. */
public record Progress(JobPhase phase, double percentage, String message, JobCounters counters, Long etaSeconds) {}
