package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node of a {@link SyntaxTree}: a cheap view (tree and index). Children are found by hopping from sibling to
 * sibling, and cached per view.
 */
final class ArrayNode implements SyntaxNode {
    private static final int[] NONE = new int[0];

    private final SyntaxTree tree;
    private final int index;
    private int[] children;
    private int[] namedChildren;

    ArrayNode(SyntaxTree tree, int index) {
        this.tree = tree;
        this.index = index;
    }

    @Override
    public String getType() {
        return tree.type(index);
    }

    @Override
    public int getSymbol() {
        return tree.symbol(index);
    }

    @Override
    public boolean isNamed() {
        return tree.named(index);
    }

    @Override
    public int getStartByte() {
        return tree.start(index);
    }

    @Override
    public int getEndByte() {
        return tree.end(index);
    }

    @Override
    public List<SyntaxNode> children() {
        int[] c = childIndexes();
        List<SyntaxNode> out = new ArrayList<>(c.length);
        for (int i : c) {
            out.add(new ArrayNode(tree, i));
        }
        return out;
    }

    @Override
    public List<SyntaxNode> namedChildren() {
        int[] c = namedChildIndexes();
        List<SyntaxNode> out = new ArrayList<>(c.length);
        for (int i : c) {
            out.add(new ArrayNode(tree, i));
        }
        return out;
    }

    @Override
    public List<Nodes.Child> childrenWithFields() {
        int[] c = childIndexes();
        List<Nodes.Child> out = new ArrayList<>(c.length);
        for (int i : c) {
            out.add(new Nodes.Child(new ArrayNode(tree, i), tree.fieldName(i)));
        }
        return out;
    }

    @Override
    public int getChildCount() {
        return childIndexes().length;
    }

    @Override
    public SyntaxNode getChild(int i) {
        return new ArrayNode(tree, childIndexes()[i]);
    }

    @Override
    public int getNamedChildCount() {
        return namedChildIndexes().length;
    }

    @Override
    public SyntaxNode getNamedChild(int i) {
        return new ArrayNode(tree, namedChildIndexes()[i]);
    }

    /** The first child in this field, or null. */
    @Override
    public SyntaxNode getChildByFieldName(String name) {
        int field = tree.fieldId(name);
        if (field <= 0) {
            return null;
        }
        for (int c : childIndexes()) {
            if (tree.field(c) == field) {
                return new ArrayNode(tree, c);
            }
        }
        return null;
    }

    private int[] childIndexes() {
        int[] c = children;
        if (c == null) {
            int end = tree.next(index);
            int count = 0;
            for (int i = index + 1; i < end; i = tree.next(i)) {
                count++;
            }
            c = count == 0 ? NONE : new int[count];
            int k = 0;
            for (int i = index + 1; i < end; i = tree.next(i)) {
                c[k++] = i;
            }
            children = c;
        }
        return c;
    }

    private int[] namedChildIndexes() {
        int[] n = namedChildren;
        if (n == null) {
            int[] all = childIndexes();
            n = Arrays.stream(all).filter(tree::named).toArray();
            namedChildren = n;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayNode other && other.tree == tree && other.index == index;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(tree) * 31 + index;
    }

    @Override
    public String toString() {
        return getType() + "[" + getStartByte() + ".." + getEndByte() + ")";
    }
}
