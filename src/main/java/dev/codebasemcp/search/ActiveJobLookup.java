package dev.codebasemcp.search;

import java.util.Optional;

/** Tells search which job (if any) is indexing a project right now, so responses can say "indexing". */
@FunctionalInterface
public interface ActiveJobLookup {
    Optional<String> activeJobId(String projectId);
}
