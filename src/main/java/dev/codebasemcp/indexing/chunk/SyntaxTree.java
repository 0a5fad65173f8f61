package dev.codebasemcp.indexing.chunk;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.treesitter.TSLanguage;

/**
 * A whole tree-sitter syntax tree copied into one int array, so that the chunker walks Java memory instead of
 * crossing JNI (and allocating) for every node it looks at. Four ints per node, in pre-order: symbol, named flag and
 * field id packed; start byte; end byte (UTF-8 offsets); and the index just past the node's last descendant, where
 * its next sibling starts. {@link NativeParser} fills the array in C.
 */
final class SyntaxTree {
    static final int INTS_PER_NODE = 4;
    static final int SYMBOL_MASK = 0xFFFF;
    static final int NAMED_BIT = 1 << 16;
    static final int FIELD_SHIFT = 17;
    private static final int ERROR_SYMBOL = 0xFFFF;
    private static final int ERROR_REPEAT_SYMBOL = 0xFFFE;

    private final int[] data;
    private final Names names;

    /** Symbol and field names of one language, by id, and field ids by name. */
    record Names(String[] symbols, String[] fields, Map<String, Integer> fieldIds) {
        static Names of(TSLanguage language) {
            String[] symbols = new String[language.symbolCount()];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = language.symbolName(i);
            }
            String[] fields = new String[language.fieldCount() + 1];
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 1; i < fields.length; i++) {
                fields[i] = language.fieldNameForId(i);
                if (fields[i] != null) {
                    ids.putIfAbsent(fields[i], i);
                }
            }
            return new Names(symbols, fields, Map.copyOf(ids));
        }

        int fieldId(String name) {
            return fieldIds.getOrDefault(name, -1);
        }
    }

    SyntaxTree(int[] data, Names names) {
        if (data.length == 0 || data.length % INTS_PER_NODE != 0) {
            throw new IllegalArgumentException("a syntax tree needs whole nodes and a root; got " + data.length + " ints");
        }
        this.data = data;
        this.names = names;
    }

    SyntaxNode root() {
        return new ArrayNode(this, 0);
    }

    int size() {
        return data.length / INTS_PER_NODE;
    }

    int symbol(int node) {
        return data[node * INTS_PER_NODE] & SYMBOL_MASK;
    }

    boolean named(int node) {
        return (data[node * INTS_PER_NODE] & NAMED_BIT) != 0;
    }

    int field(int node) {
        return data[node * INTS_PER_NODE] >>> FIELD_SHIFT;
    }

    int start(int node) {
        return data[node * INTS_PER_NODE + 1];
    }

    int end(int node) {
        return data[node * INTS_PER_NODE + 2];
    }

    /** Index just past the node's descendants: its next sibling, if it has one. */
    int next(int node) {
        return data[node * INTS_PER_NODE + 3];
    }

    String type(int node) {
        int symbol = symbol(node);
        String[] symbols = names.symbols();
        if (symbol < symbols.length && symbols[symbol] != null) {
            return symbols[symbol];
        }
        // tree-sitter's built-in symbols past the language's own
        return symbol == ERROR_SYMBOL ? "ERROR" : symbol == ERROR_REPEAT_SYMBOL ? "_ERROR" : "";
    }

    String fieldName(int node) {
        int field = field(node);
        String[] fields = names.fields();
        return field > 0 && field < fields.length ? fields[field] : null;
    }

    int fieldId(String name) {
        return names.fieldId(name);
    }

    /** Whether both trees hold the same nodes (symbols, flags, fields, offsets and shape). */
    boolean sameNodes(SyntaxTree other) {
        return Arrays.equals(data, other.data);
    }
}
