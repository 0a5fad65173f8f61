package dev.codebasemcp.indexing.chunk;


/** Names of C and C++ definitions, which hide behind declarator chains ({@code int *(*f)(void)}). */
final class CNames {
    private CNames() {
    }

    /** The declared name of a function definition: {@code f}, {@code Foo::bar}, {@code ~Foo}, {@code operator==}. */
    static String functionName(SyntaxNode function, SourceText src) {
        SyntaxNode d = Nodes.field(function, "declarator");
        for (int i = 0; d != null && i < 16; i++) {
            if (d.getType().equals("function_declarator")) {
                return Nodes.fieldText(d, "declarator", src);
            }
            SyntaxNode next = Nodes.field(d, "declarator");
            d = next != null ? next : (d.getNamedChildCount() > 0 ? d.getNamedChild(0) : null);
        }
        return null;
    }

    private static final java.util.Set<String> PLAIN_NAMES = java.util.Set.of("identifier", "field_identifier",
            "qualified_identifier", "operator_name", "destructor_name", "template_function", "template_method");

    /**
     * A declaration of a function without its body ({@code int fclose(FILE *);}, a method declared in a class): a
     * definition of kind {@code function} for chunking, since headers are mostly these and their doc comments.
     * Function pointer variables ({@code int (*fp)(void);}) are not.
     */
    static Definition prototype(SyntaxNode n, SourceText src) {
        SyntaxNode d = Nodes.field(n, "declarator");
        for (int i = 0; d != null && i < 16; i++) {
            if (d.getType().equals("function_declarator")) {
                SyntaxNode name = Nodes.field(d, "declarator");
                return name != null && PLAIN_NAMES.contains(name.getType())
                        ? Definition.leaf("function", Nodes.text(name, src)) : null;
            }
            if (!d.getType().endsWith("pointer_declarator") && !d.getType().equals("reference_declarator")) {
                return null;
            }
            d = Nodes.field(d, "declarator");
        }
        return null;
    }

    /** {@code typedef struct {...} name;} is a struct (union, enum, class) called name. */
    static Definition typedef(SyntaxNode n, SourceText src) {
        SyntaxNode type = Nodes.field(n, "type");
        if (type == null || Nodes.field(type, "body") == null) {
            return null;
        }
        String kind = switch (type.getType()) {
            case "struct_specifier" -> "struct";
            case "union_specifier" -> "union";
            case "enum_specifier" -> "enum";
            case "class_specifier" -> "class";
            default -> "type";
        };
        String name = Nodes.fieldText(n, "declarator", src);
        if (name != null) {
            name = name.replace("*", "").strip();
        }
        return Definition.leaf(kind, name != null ? name : Nodes.fieldText(type, "name", src));
    }

    /** A struct/union/enum/class specifier with a body; a forward declaration is not a definition. */
    static Grammar.Rule tagged(String kind, boolean withMembers) {
        return (n, src) -> {
            SyntaxNode body = Nodes.field(n, "body");
            if (body == null) {
                return null;
            }
            String name = Nodes.fieldText(n, "name", src);
            return withMembers ? Definition.type(kind, name, body) : Definition.leaf(kind, name);
        };
    }
}
