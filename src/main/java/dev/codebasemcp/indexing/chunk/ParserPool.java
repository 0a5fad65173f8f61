package dev.codebasemcp.indexing.chunk;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.treesitter.TSParser;

/**
 * Idle tree-sitter parsers per language. A parser is not thread-safe, so each call borrows one; at most
 * {@link #MAX_IDLE} stay idle per language (as many as threads chunk at once), the rest are closed at once.
 */
final class ParserPool {
    static final int MAX_IDLE = 8;

    private final Map<String, Queue<TSParser>> idle = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> idleCount = new ConcurrentHashMap<>();

    TSParser acquire(Grammar grammar) {
        TSParser parser = queue(grammar).poll();
        if (parser != null) {
            idleCount.get(grammar.id).decrementAndGet();
            return parser;
        }
        parser = new TSParser();
        if (!parser.setLanguage(grammar.language())) {
            parser.close();
            throw new IllegalStateException("tree-sitter refused the " + grammar.id
                    + " grammar (ABI version mismatch between tree-sitter and tree-sitter-" + grammar.id + ")");
        }
        return parser;
    }

    /** Returns a parser that finished normally; one that failed mid-parse should be closed instead. */
    void release(Grammar grammar, TSParser parser) {
        AtomicInteger count = idleCount.computeIfAbsent(grammar.id, k -> new AtomicInteger());
        if (count.incrementAndGet() <= MAX_IDLE) {
            queue(grammar).offer(parser);
        } else {
            count.decrementAndGet();
            parser.close();
        }
    }

    private Queue<TSParser> queue(Grammar grammar) {
        idleCount.computeIfAbsent(grammar.id, k -> new AtomicInteger());
        return idle.computeIfAbsent(grammar.id, k -> new ConcurrentLinkedQueue<>());
    }
}
