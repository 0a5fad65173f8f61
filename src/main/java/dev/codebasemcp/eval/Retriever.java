package dev.codebasemcp.eval;

import java.util.List;

/** A system under evaluation: the ranked hits for a query over one language's corpus. */
@FunctionalInterface
public interface Retriever {
    List<Hit> search(String language, String query, int limit);
}
