package dev.codebasemcp.indexing.chunk;

import java.util.List;

/**
 * A syntax tree node, with the part of tree-sitter's node API the chunker uses. Two kinds: {@link ArrayNode}, a view
 * of a tree the optimized parser returned as one array (no JNI per node), and {@link BindingNode}, the Java binding's
 * node (every call crosses JNI, so only what is needed is read). Byte offsets are UTF-8 offsets.
 */
sealed interface SyntaxNode permits ArrayNode, BindingNode {
    String getType();

    int getSymbol();

    boolean isNamed();

    int getStartByte();

    int getEndByte();

    int getChildCount();

    SyntaxNode getChild(int i);

    int getNamedChildCount();

    SyntaxNode getNamedChild(int i);

    /** The first child in this field, or null. */
    SyntaxNode getChildByFieldName(String name);

    /** All children, named or not. */
    List<SyntaxNode> children();

    List<SyntaxNode> namedChildren();

    /** All children (named or not) with their field names. */
    List<Nodes.Child> childrenWithFields();
}
