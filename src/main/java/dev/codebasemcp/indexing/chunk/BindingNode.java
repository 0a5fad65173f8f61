package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSNode;
import org.treesitter.TSTreeCursor;

/**
 * A node of the Java binding's tree, valid while that tree is open. Every call crosses JNI twice and converts the node
 * field by field (about a microsecond), and indexed child access is linear in tree-sitter, so lists of many children
 * are read with a cursor.
 */
record BindingNode(TSNode node) implements SyntaxNode {
    private static final int CURSOR_ABOVE = 64;

    private static SyntaxNode wrap(TSNode n) {
        return n == null || n.isNull() ? null : new BindingNode(n);
    }

    @Override
    public String getType() {
        return node.getType();
    }

    @Override
    public int getSymbol() {
        return node.getSymbol();
    }

    @Override
    public boolean isNamed() {
        return node.isNamed();
    }

    @Override
    public int getStartByte() {
        return node.getStartByte();
    }

    @Override
    public int getEndByte() {
        return node.getEndByte();
    }

    @Override
    public int getChildCount() {
        return node.getChildCount();
    }

    @Override
    public SyntaxNode getChild(int i) {
        return wrap(node.getChild(i));
    }

    @Override
    public int getNamedChildCount() {
        return node.getNamedChildCount();
    }

    @Override
    public SyntaxNode getNamedChild(int i) {
        return wrap(node.getNamedChild(i));
    }

    @Override
    public SyntaxNode getChildByFieldName(String name) {
        return wrap(node.getChildByFieldName(name));
    }

    @Override
    public List<Nodes.Child> childrenWithFields() {
        List<Nodes.Child> out = new ArrayList<>();
        try (TSTreeCursor cursor = new TSTreeCursor(node)) {
            if (cursor.gotoFirstChild()) {
                do {
                    out.add(new Nodes.Child(new BindingNode(cursor.currentNode()), cursor.currentFieldName()));
                } while (cursor.gotoNextSibling());
            }
        }
        return out;
    }

    @Override
    public List<SyntaxNode> children() {
        int count = node.getChildCount();
        List<SyntaxNode> out = new ArrayList<>(count);
        if (count > CURSOR_ABOVE) {
            for (Nodes.Child c : childrenWithFields()) {
                out.add(c.node());
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            out.add(new BindingNode(node.getChild(i)));
        }
        return out;
    }

    @Override
    public List<SyntaxNode> namedChildren() {
        int count = node.getNamedChildCount();
        List<SyntaxNode> out = new ArrayList<>(count);
        if (count > CURSOR_ABOVE) {
            for (Nodes.Child c : childrenWithFields()) {
                if (c.node().isNamed()) {
                    out.add(c.node());
                }
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            out.add(new BindingNode(node.getNamedChild(i)));
        }
        return out;
    }
}
