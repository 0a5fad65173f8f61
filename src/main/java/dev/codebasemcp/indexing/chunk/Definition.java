package dev.codebasemcp.indexing.chunk;


/**
 * A syntax node recognised as a definition.
 *
 * @param kind    chunk kind, e.g. {@code class}; {@code function} becomes {@code method} inside a type
 * @param name    the name as written (may be qualified, e.g. C++ {@code Foo::bar}), or null when anonymous
 * @param type    whether it holds members (class, trait, impl, ...) that get their own chunks when it is too big
 * @param members the node whose named children are the members, or null
 * @param inline  members are the definition's own named children without a field name plus those of its
 *                {@code body} field (Python and Ruby put comments before the first member outside the body)
 */
record Definition(String kind, String name, boolean type, SyntaxNode members, boolean inline) {
    static Definition leaf(String kind, String name) {
        return new Definition(kind, name, false, null, false);
    }

    static Definition type(String kind, String name, SyntaxNode members) {
        return new Definition(kind, name, true, members, false);
    }

    static Definition inlineType(String kind, String name, SyntaxNode self) {
        return new Definition(kind, name, true, self, true);
    }
}
