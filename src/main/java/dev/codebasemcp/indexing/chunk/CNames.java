package dev.codebasemcp.indexing.chunk;

import org.treesitter.TSNode;

/** Names of C and C++ definitions, which hide behind declarator chains ({@code int *(*f)(void)}). */
final class CNames {
    private CNames() {
    }

    /** The declared name of a function definition: {@code f}, {@code Foo::bar}, {@code ~Foo}, {@code operator==}. */
    static String functionName(TSNode function, SourceText src) {
        TSNode d = Nodes.field(function, "declarator");
        for (int i = 0; d != null && i < 16; i++) {
            if (d.getType().equals("function_declarator")) {
                return Nodes.fieldText(d, "declarator", src);
            }
            TSNode next = Nodes.field(d, "declarator");
            d = next != null ? next : (d.getNamedChildCount() > 0 ? d.getNamedChild(0) : null);
        }
        return null;
    }

    /** {@code typedef struct {...} name;} is a struct (union, enum, class) called name. */
    static Definition typedef(TSNode n, SourceText src) {
        TSNode type = Nodes.field(n, "type");
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
            TSNode body = Nodes.field(n, "body");
            if (body == null) {
                return null;
            }
            String name = Nodes.fieldText(n, "name", src);
            return withMembers ? Definition.type(kind, name, body) : Definition.leaf(kind, name);
        };
    }
}
