package dev.codebasemcp.jobs;

import java.net.InetAddress;
import java.util.Optional;
import java.util.UUID;

/** Worker process ids of the form {@code host:pid:random}, and the liveness check they allow on one host. */
final class WorkerIds {
    private static final String HOST = hostName();

    private WorkerIds() {}

    static String forThisProcess() {
        return HOST + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * True only when the id names a process on this host that no longer exists. Unknown formats, other hosts and
     * live processes are false: for those only the heartbeat lease decides.
     */
    static boolean isDeadLocalProcess(String workerId) {
        if (workerId == null) {
            return false;
        }
        String[] parts = workerId.split(":");
        if (parts.length < 3 || !parts[0].equals(HOST)) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            // A reused pid would show as alive: then the lease still applies, which is safe.
            return p.isEmpty() || !p.get().isAlive();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
