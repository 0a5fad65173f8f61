package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.treesitter.TSNode;
import org.treesitter.TSPoint;
import org.treesitter.TSTreeCursor;

/**
 * Line-based views of tree-sitter nodes. Positions are taken from rows, never from byte offsets (those are UTF-8
 * offsets, not string indexes); only names are read from bytes, through {@link SourceText#bytesText}.
 */
final class Nodes {
    private Nodes() {
    }

    static int startRow(TSNode node) {
        return node.getStartPoint().getRow();
    }

    /** Last row holding text of the node: a node ending at column 0 (after a newline it swallowed) ends a row earlier. */
    static int endRow(TSNode node) {
        TSPoint end = node.getEndPoint();
        int row = end.getRow();
        if (end.getColumn() == 0 && row > node.getStartPoint().getRow()) {
            row--;
        }
        return row;
    }

    static TSNode field(TSNode node, String name) {
        TSNode child = node.getChildByFieldName(name);
        return child == null || child.isNull() ? null : child;
    }

    /** The node's text with runs of whitespace collapsed to one space, at most 200 characters. */
    static String text(TSNode node, SourceText src) {
        if (node == null) {
            return null;
        }
        String raw = src.bytesText(node.getStartByte(), node.getEndByte()).strip().replaceAll("\\s+", " ");
        if (raw.isEmpty()) {
            return null;
        }
        return raw.length() > 200 ? raw.substring(0, 200) : raw;
    }

    static String fieldText(TSNode node, String field, SourceText src) {
        return text(field(node, field), src);
    }

    /** All children (named or not) with their field names, read through a cursor (indexed access is quadratic). */
    static List<Child> children(TSNode node) {
        List<Child> out = new ArrayList<>();
        try (TSTreeCursor cursor = new TSTreeCursor(node)) {
            if (cursor.gotoFirstChild()) {
                do {
                    out.add(new Child(cursor.currentNode(), cursor.currentFieldName()));
                } while (cursor.gotoNextSibling());
            }
        }
        return out;
    }

    static List<TSNode> namedChildren(TSNode node) {
        List<TSNode> out = new ArrayList<>();
        for (Child c : children(node)) {
            if (c.node().isNamed()) {
                out.add(c.node());
            }
        }
        return out;
    }

    /** First named child whose type is one of {@code types}, or null. */
    static TSNode firstChild(TSNode node, Set<String> types) {
        for (Child c : children(node)) {
            if (c.node().isNamed() && types.contains(c.node().getType())) {
                return c.node();
            }
        }
        return null;
    }

    /** First descendant (depth first, this node included) whose type is one of {@code types}, or null. */
    static TSNode firstDescendant(TSNode node, Set<String> types) {
        if (types.contains(node.getType())) {
            return node;
        }
        for (Child c : children(node)) {
            TSNode found = firstDescendant(c.node(), types);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether an anonymous child (keyword) of this node has the given text. */
    static boolean hasKeyword(TSNode node, String keyword) {
        for (Child c : children(node)) {
            if (!c.node().isNamed() && c.node().getType().equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    record Child(TSNode node, String field) {
    }
}
