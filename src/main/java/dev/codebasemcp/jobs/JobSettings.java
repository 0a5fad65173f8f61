package dev.codebasemcp.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Job-system limits.
 *
 * @param maxConcurrent    jobs run at once by one process
 * @param timeout          a running job is stopped and failed after this long
 * @param progressInterval progress is stored at least this often
 * @param lease            a running job whose heartbeat is older than this is considered dead and reclaimed
 * @param maxAttempts      claims of one job (first run + resumes) before it is failed
 * @param retention        finished jobs older than this are deleted; null keeps them forever
 */
public record JobSettings(int maxConcurrent, Duration timeout, Duration progressInterval, Duration lease, int maxAttempts,
                          Duration retention) {
    public JobSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(lease, "lease");
        if (maxConcurrent < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxConcurrent and maxAttempts must be at least 1");
        }
        if (lease.compareTo(progressInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("lease must be at least three progress intervals");
        }
    }
}
