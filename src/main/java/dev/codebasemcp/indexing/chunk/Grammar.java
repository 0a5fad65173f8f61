package dev.codebasemcp.indexing.chunk;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.treesitter.TSLanguage;

/**
 * How one language's syntax tree maps onto chunks: which nodes are definitions (and what they are called), which
 * are comments or attributes that belong to the definition below them, and which merely wrap their children
 * (namespaces, preprocessor conditionals, export statements) and are looked through.
 */
final class Grammar {
    /** Recognises one node type as a definition; returns null when this particular node is not one. */
    interface Rule {
        Definition define(SyntaxNode node, SourceText src);
    }

    /** Node types that hold the members of a type, when the definition has no {@code body} field. */
    static final Set<String> BODY_TYPES = Set.of("class_body", "enum_class_body", "template_body", "enum_body",
            "declaration_list", "field_declaration_list", "interface_body", "enum_declaration_list",
            "body_statement", "block", "statement_block", "object_type");

    final String id;
    final String separator;
    private final Supplier<TSLanguage> factory;
    private final Set<String> comments;
    private final Set<String> attributes;
    private final Set<String> transparent;
    private final Map<String, Rule> rules;
    private final Map<String, Function<SyntaxNode, SyntaxNode>> wrappers;
    private volatile TSLanguage language;
    private volatile byte[] symbolFlags;
    private volatile SyntaxTree.Names names;

    private Grammar(Builder b) {
        id = b.id;
        separator = b.separator;
        factory = b.factory;
        comments = Set.copyOf(b.comments);
        attributes = Set.copyOf(b.attributes);
        transparent = Set.copyOf(b.transparent);
        rules = Map.copyOf(b.rules);
        wrappers = Map.copyOf(b.wrappers);
    }

    static Builder builder(String id, Supplier<TSLanguage> factory) {
        return new Builder(id, factory);
    }

    /** The tree-sitter language, created once and shared: languages are immutable and safe to share. */
    TSLanguage language() {
        TSLanguage l = language;
        if (l == null) {
            synchronized (this) {
                l = language;
                if (l == null) {
                    l = factory.get();
                    language = l;
                }
            }
        }
        return l;
    }

    /** Symbol and field names of the language, read once. */
    SyntaxTree.Names names() {
        SyntaxTree.Names n = names;
        if (n == null) {
            n = SyntaxTree.Names.of(language());
            names = n;
        }
        return n;
    }

    private static final byte COMMENT = 1;
    private static final byte LEADING = 2;
    private static final byte ATOMIC = 4;

    /** Per symbol id: comment, leading, atomic; comparing ids spares building a type string per node. */
    private byte[] symbolFlags() {
        byte[] flags = symbolFlags;
        if (flags == null) {
            TSLanguage lang = language();
            flags = new byte[lang.symbolCount()];
            for (int i = 0; i < flags.length; i++) {
                String name = lang.symbolName(i);
                if (name != null) {
                    flags[i] = (byte) ((isComment(name) ? COMMENT : 0) | (isLeading(name) ? LEADING : 0)
                            | (isAtomic(name) ? ATOMIC : 0));
                }
            }
            symbolFlags = flags;
        }
        return flags;
    }

    private boolean has(SyntaxNode node, byte flag) {
        byte[] flags = symbolFlags();
        int symbol = node.getSymbol();
        return symbol >= 0 && symbol < flags.length && (flags[symbol] & flag) != 0;
    }

    boolean isComment(SyntaxNode node) {
        return has(node, COMMENT);
    }

    boolean isLeading(SyntaxNode node) {
        return has(node, LEADING);
    }

    boolean isAtomic(SyntaxNode node) {
        return has(node, ATOMIC);
    }

    boolean isComment(String type) {
        return comments.contains(type);
    }

    /** Comments and attributes directly above a definition become part of its chunk. */
    boolean isLeading(String type) {
        return comments.contains(type) || attributes.contains(type);
    }

    /** A multi-line node that must not be cut inside (comments, strings, heredocs). */
    boolean isAtomic(String type) {
        return comments.contains(type) || type.contains("string") || type.contains("heredoc");
    }

    /** The node whose children replace {@code node} in a member list, or null when {@code node} is a member. */
    SyntaxNode lookThrough(SyntaxNode node, String type) {
        if (transparent.contains(type)) {
            return node;
        }
        Function<SyntaxNode, SyntaxNode> wrapper = wrappers.get(type);
        if (wrapper != null) {
            SyntaxNode inner = wrapper.apply(node);
            if (inner != null && transparent.contains(inner.getType())) {
                return inner;
            }
        }
        return null;
    }

    /** The definition this node is, looking through wrappers (export, decorators, templates), or null. */
    Definition define(SyntaxNode node, String type, SourceText src) {
        Rule rule = rules.get(type);
        if (rule != null) {
            return rule.define(node, src);
        }
        Function<SyntaxNode, SyntaxNode> wrapper = wrappers.get(type);
        if (wrapper != null) {
            SyntaxNode inner = wrapper.apply(node);
            if (inner != null) {
                return define(inner, inner.getType(), src);
            }
        }
        return null;
    }

    static final class Builder {
        private final String id;
        private final Supplier<TSLanguage> factory;
        private String separator = ".";
        private final Set<String> comments = new HashSet<>();
        private final Set<String> attributes = new HashSet<>();
        private final Set<String> transparent = new HashSet<>(Set.of("ERROR"));
        private final Map<String, Rule> rules = new HashMap<>();
        private final Map<String, Function<SyntaxNode, SyntaxNode>> wrappers = new HashMap<>();

        private Builder(String id, Supplier<TSLanguage> factory) {
            this.id = id;
            this.factory = factory;
        }

        Builder separator(String s) {
            separator = s;
            return this;
        }

        Builder comments(String... types) {
            comments.addAll(Set.of(types));
            return this;
        }

        Builder attributes(String... types) {
            attributes.addAll(Set.of(types));
            return this;
        }

        Builder transparent(String... types) {
            transparent.addAll(Set.of(types));
            return this;
        }

        /** A type with members: name from the {@code name} field, members in the {@code body} field. */
        Builder type(String kind, String... nodeTypes) {
            for (String t : nodeTypes) {
                rules.put(t, (n, src) -> Definition.type(kind, Nodes.fieldText(n, "name", src), body(n)));
            }
            return this;
        }

        /** A definition without member chunks (function, enum, struct, ...), named by its {@code name} field. */
        Builder leaf(String kind, String... nodeTypes) {
            for (String t : nodeTypes) {
                rules.put(t, (n, src) -> Definition.leaf(kind, Nodes.fieldText(n, "name", src)));
            }
            return this;
        }

        Builder rule(String nodeType, Rule rule) {
            rules.put(nodeType, rule);
            return this;
        }

        /** {@code nodeType} wraps the node {@code inner} returns (null when it wraps nothing of interest). */
        Builder wrapper(String nodeType, Function<SyntaxNode, SyntaxNode> inner) {
            wrappers.put(nodeType, inner);
            return this;
        }

        Grammar build() {
            return new Grammar(this);
        }

        private static SyntaxNode body(SyntaxNode n) {
            SyntaxNode body = Nodes.field(n, "body");
            return body != null ? body : Nodes.firstChild(n, BODY_TYPES);
        }
    }
}
