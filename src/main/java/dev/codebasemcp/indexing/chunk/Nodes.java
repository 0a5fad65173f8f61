package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Helpers over syntax tree nodes ({@link SyntaxTree}, read into Java memory in one go). Byte offsets are UTF-8 offsets, never string indexes: text is read through
 * {@link SourceText#bytesText} and rows through {@link SourceText#startRow}.
 */
final class Nodes {
    private Nodes() {
    }

    static SyntaxNode field(SyntaxNode node, String name) {
        return node.getChildByFieldName(name);
    }

    /** The node's text with runs of whitespace collapsed to one space, at most 200 characters. */
    static String text(SyntaxNode node, SourceText src) {
        if (node == null) {
            return null;
        }
        String raw = src.bytesText(node.getStartByte(), node.getEndByte()).strip().replaceAll("\\s+", " ");
        if (raw.isEmpty()) {
            return null;
        }
        return raw.length() > 200 ? raw.substring(0, 200) : raw;
    }

    static String fieldText(SyntaxNode node, String field, SourceText src) {
        return text(field(node, field), src);
    }

    /** All children (named or not) with their field names. */
    static List<Child> childrenWithFields(SyntaxNode node) {
        return node.childrenWithFields();
    }

    /** All children, named or not. */
    static List<SyntaxNode> children(SyntaxNode node) {
        return node.children();
    }

    /** Named children without field names. */
    static List<Child> namedChildrenOf(SyntaxNode node) {
        List<Child> out = new ArrayList<>();
        for (SyntaxNode c : node.namedChildren()) {
            out.add(new Child(c, null));
        }
        return out;
    }

    static List<SyntaxNode> namedChildren(SyntaxNode node) {
        return node.namedChildren();
    }

    /** First named child whose type is one of {@code types}, or null. */
    static SyntaxNode firstChild(SyntaxNode node, Set<String> types) {
        for (SyntaxNode c : children(node)) {
            if (c.isNamed() && types.contains(c.getType())) {
                return c;
            }
        }
        return null;
    }

    /** First descendant (depth first, this node included) whose type is one of {@code types}, or null. */
    static SyntaxNode firstDescendant(SyntaxNode node, Set<String> types) {
        if (types.contains(node.getType())) {
            return node;
        }
        for (SyntaxNode c : children(node)) {
            SyntaxNode found = firstDescendant(c, types);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether an anonymous child (keyword) of this node has the given text. */
    static boolean hasKeyword(SyntaxNode node, String keyword) {
        for (SyntaxNode c : children(node)) {
            if (!c.isNamed() && c.getType().equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    record Child(SyntaxNode node, String field) {
    }
}
