package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.treesitter.TSNode;
import org.treesitter.TSTreeCursor;

/**
 * Helpers over tree-sitter nodes. Every call into tree-sitter-ng crosses JNI and allocates, so these read only what
 * they need. Byte offsets are UTF-8 offsets, never string indexes: text is read through
 * {@link SourceText#bytesText} and rows through {@link SourceText#startRow}.
 */
final class Nodes {
    private Nodes() {
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

    /** All children (named or not) with their field names, read through a cursor. */
    static List<Child> childrenWithFields(TSNode node) {
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

    /** All children, named or not (indexed access is linear per call in tree-sitter, so many use a cursor). */
    static List<TSNode> children(TSNode node) {
        int count = node.getChildCount();
        List<TSNode> out = new ArrayList<>(count);
        if (count > 64) {
            for (Child c : childrenWithFields(node)) {
                out.add(c.node());
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            out.add(node.getChild(i));
        }
        return out;
    }

    /** Named children without field names (indexed access, or a cursor when there are many). */
    static List<Child> namedChildrenOf(TSNode node) {
        int count = node.getNamedChildCount();
        List<Child> out = new ArrayList<>(count);
        if (count > 64) {
            for (Child c : childrenWithFields(node)) {
                if (c.node().isNamed()) {
                    out.add(new Child(c.node(), null));
                }
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            out.add(new Child(node.getNamedChild(i), null));
        }
        return out;
    }

    static List<TSNode> namedChildren(TSNode node) {
        List<TSNode> out = new ArrayList<>();
        for (TSNode c : children(node)) {
            if (c.isNamed()) {
                out.add(c);
            }
        }
        return out;
    }

    /** First named child whose type is one of {@code types}, or null. */
    static TSNode firstChild(TSNode node, Set<String> types) {
        for (TSNode c : children(node)) {
            if (c.isNamed() && types.contains(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** First descendant (depth first, this node included) whose type is one of {@code types}, or null. */
    static TSNode firstDescendant(TSNode node, Set<String> types) {
        if (types.contains(node.getType())) {
            return node;
        }
        for (TSNode c : children(node)) {
            TSNode found = firstDescendant(c, types);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether an anonymous child (keyword) of this node has the given text. */
    static boolean hasKeyword(TSNode node, String keyword) {
        for (TSNode c : children(node)) {
            if (!c.isNamed() && c.getType().equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    record Child(TSNode node, String field) {
    }
}
