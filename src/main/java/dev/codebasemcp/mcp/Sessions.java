package dev.codebasemcp.mcp;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-MCP-session state: the working directory set by {@code set_working_directory}. */
final class Sessions {
    private final Map<String, Path> workingDirectories = new ConcurrentHashMap<>();

    Path workingDirectory(String sessionId) {
        return workingDirectories.get(key(sessionId));
    }

    void setWorkingDirectory(String sessionId, Path dir) {
        workingDirectories.put(key(sessionId), dir);
    }

    private static String key(String sessionId) {
        return sessionId == null ? "" : sessionId;
    }
}
