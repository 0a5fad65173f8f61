package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.treesitter.TreeSitterBash;
import org.treesitter.TreeSitterC;
import org.treesitter.TreeSitterCSharp;
import org.treesitter.TreeSitterCpp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterKotlin;
import org.treesitter.TreeSitterPhp;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRuby;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterScala;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/** The grammar of each supported language, keyed by language id (see {@link Languages}). */
final class Grammars {
    private static final Set<String> FUNCTION_VALUES =
            Set.of("arrow_function", "function_expression", "function", "generator_function");

    private static final Map<String, Grammar> BY_LANGUAGE = Map.ofEntries(
            Map.entry("java", java()),
            Map.entry("python", python()),
            Map.entry("javascript", ecmascript("javascript", TreeSitterJavascript::new)),
            Map.entry("typescript", ecmascript("typescript", TreeSitterTypescript::new)),
            Map.entry("tsx", ecmascript("tsx", TreeSitterTsx::new)),
            Map.entry("go", go()),
            Map.entry("rust", rust()),
            Map.entry("c", cFamily("c", false)),
            Map.entry("cpp", cFamily("cpp", true)),
            Map.entry("csharp", csharp()),
            Map.entry("ruby", ruby()),
            Map.entry("php", php()),
            Map.entry("kotlin", kotlin()),
            Map.entry("scala", scala()),
            Map.entry("bash", bash()));

    private Grammars() {
    }

    /** The grammar for a language id, or null when the language is chunked as text. */
    static Grammar forLanguage(String language) {
        return BY_LANGUAGE.get(language);
    }

    static Set<String> languages() {
        return BY_LANGUAGE.keySet();
    }

    private static Grammar java() {
        return Grammar.builder("java", TreeSitterJava::new)
                .comments("line_comment", "block_comment")
                .type("class", "class_declaration")
                .type("interface", "interface_declaration")
                .type("annotation", "annotation_type_declaration")
                .type("enum", "enum_declaration")
                .type("record", "record_declaration")
                .leaf("method", "method_declaration")
                .leaf("constructor", "constructor_declaration", "compact_constructor_declaration")
                .transparent("enum_body_declarations")
                .build();
    }

    private static Grammar python() {
        return Grammar.builder("python", TreeSitterPython::new)
                .comments("comment")
                .rule("class_definition", (n, src) ->
                        Definition.inlineType("class", Nodes.fieldText(n, "name", src), n))
                .leaf("function", "function_definition")
                .wrapper("decorated_definition", n -> Nodes.field(n, "definition"))
                .build();
    }

    private static Grammar ecmascript(String id, java.util.function.Supplier<org.treesitter.TSLanguage> factory) {
        return Grammar.builder(id, factory)
                .comments("comment", "html_comment")
                .type("class", "class_declaration", "class", "abstract_class_declaration")
                .type("interface", "interface_declaration")
                .leaf("function", "function_declaration", "generator_function_declaration", "function_signature")
                .leaf("method", "method_definition", "method_signature", "abstract_method_signature")
                .leaf("type", "type_alias_declaration")
                .leaf("enum", "enum_declaration")
                .rule("lexical_declaration", Grammars::ecmascriptVariable)
                .rule("variable_declaration", Grammars::ecmascriptVariable)
                .wrapper("export_statement", n -> {
                    SyntaxNode d = Nodes.field(n, "declaration");
                    return d != null ? d : Nodes.field(n, "value");
                })
                .wrapper("ambient_declaration", n -> n.getNamedChildCount() > 0 ? n.getNamedChild(0) : null)
                .wrapper("expression_statement", n -> Nodes.firstChild(n, Set.of("internal_module")))
                .rule("expression_statement", Grammars::ecmascriptAssignment)
                .transparent("internal_module", "module", "statement_block")
                .build();
    }

    /** {@code const f = () => ...} and {@code let C = class ...} define a function or class named f / C. */
    private static Definition ecmascriptVariable(SyntaxNode n, SourceText src) {
        List<SyntaxNode> declarators = new ArrayList<>();
        for (SyntaxNode c : Nodes.namedChildren(n)) {
            if (c.getType().equals("variable_declarator")) {
                declarators.add(c);
            }
        }
        if (declarators.size() != 1) {
            return null;
        }
        SyntaxNode declarator = declarators.getFirst();
        SyntaxNode value = Nodes.field(declarator, "value");
        if (value == null) {
            return null;
        }
        String name = Nodes.fieldText(declarator, "name", src);
        if (FUNCTION_VALUES.contains(value.getType())) {
            return Definition.leaf("function", name);
        }
        if (value.getType().equals("class")) {
            return Definition.type("class", name, Nodes.field(value, "body"));
        }
        return null;
    }

    /** {@code exports.f = function ...} and {@code Foo.prototype.f = () => ...} define a function f. */
    private static Definition ecmascriptAssignment(SyntaxNode n, SourceText src) {
        SyntaxNode assignment = n.getNamedChildCount() == 1 ? n.getNamedChild(0) : null;
        if (assignment == null || !assignment.getType().equals("assignment_expression")) {
            return null;
        }
        SyntaxNode right = Nodes.field(assignment, "right");
        if (right == null || !FUNCTION_VALUES.contains(right.getType())) {
            return null;
        }
        return Definition.leaf("function", Nodes.fieldText(assignment, "left", src));
    }

    private static Grammar go() {
        return Grammar.builder("go", TreeSitterGo::new)
                .comments("comment")
                .leaf("function", "function_declaration")
                .rule("method_declaration", (n, src) -> {
                    SyntaxNode receiver = Nodes.field(n, "receiver");
                    String type = receiver == null ? null
                            : Nodes.text(Nodes.firstDescendant(receiver, Set.of("type_identifier")), src);
                    String name = Nodes.fieldText(n, "name", src);
                    return Definition.leaf("method", type == null ? name : type + "." + name);
                })
                .rule("type_declaration", Grammars::goType)
                .build();
    }

    private static Definition goType(SyntaxNode n, SourceText src) {
        List<SyntaxNode> specs = new ArrayList<>();
        for (SyntaxNode c : Nodes.namedChildren(n)) {
            if (c.getType().equals("type_spec") || c.getType().equals("type_alias")) {
                specs.add(c);
            }
        }
        if (specs.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (SyntaxNode spec : specs) {
            names.add(Nodes.fieldText(spec, "name", src));
        }
        String kind = "type";
        if (specs.size() == 1) {
            SyntaxNode type = Nodes.field(specs.getFirst(), "type");
            String t = type == null ? "" : type.getType();
            kind = t.equals("struct_type") ? "struct" : t.equals("interface_type") ? "interface" : "type";
        }
        return Definition.leaf(kind, String.join(", ", names));
    }

    private static Grammar rust() {
        return Grammar.builder("rust", TreeSitterRust::new)
                .separator("::")
                .comments("line_comment", "block_comment")
                .attributes("attribute_item")
                .leaf("function", "function_item", "function_signature_item")
                .leaf("struct", "struct_item")
                .leaf("enum", "enum_item")
                .leaf("union", "union_item")
                .leaf("macro", "macro_definition")
                .type("trait", "trait_item")
                .rule("impl_item", (n, src) -> {
                    SyntaxNode type = Nodes.field(n, "type");
                    while (type != null && (type.getType().equals("generic_type")
                            || type.getType().equals("scoped_type_identifier"))) {
                        SyntaxNode inner = Nodes.field(type, type.getType().equals("generic_type") ? "type" : "name");
                        if (inner == null) {
                            break;
                        }
                        type = inner;
                    }
                    return Definition.type("impl", Nodes.text(type, src), Nodes.field(n, "body"));
                })
                .transparent("mod_item", "declaration_list")
                .build();
    }

    private static Grammar cFamily(String id, boolean cpp) {
        Grammar.Builder b = Grammar.builder(id, cpp ? TreeSitterCpp::new : TreeSitterC::new)
                .comments("comment")
                .rule("function_definition", (n, src) -> {
                    String name = CNames.functionName(n, src);
                    boolean qualified = cpp && name != null && name.contains("::");
                    return Definition.leaf(qualified ? "method" : "function", name);
                })
                .rule("type_definition", CNames::typedef)
                .rule("declaration", CNames::prototype)
                .rule("field_declaration", CNames::prototype)
                .rule("enum_specifier", CNames.tagged("enum", false))
                .rule("union_specifier", CNames.tagged("union", false))
                .leaf("macro", "preproc_function_def")
                .transparent("preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef",
                        "linkage_specification", "declaration_list");
        if (cpp) {
            b.separator("::")
                    .rule("struct_specifier", CNames.tagged("struct", true))
                    .rule("class_specifier", CNames.tagged("class", true))
                    .wrapper("template_declaration", n -> {
                        int count = n.getNamedChildCount();
                        return count == 0 ? null : n.getNamedChild(count - 1);
                    })
                    .transparent("namespace_definition");
        } else {
            b.rule("struct_specifier", CNames.tagged("struct", false));
        }
        return b.build();
    }

    private static Grammar csharp() {
        return Grammar.builder("csharp", TreeSitterCSharp::new)
                .comments("comment")
                .type("class", "class_declaration")
                .type("struct", "struct_declaration", "record_struct_declaration")
                .type("interface", "interface_declaration")
                .type("record", "record_declaration")
                .leaf("enum", "enum_declaration")
                .leaf("method", "method_declaration")
                .leaf("constructor", "constructor_declaration")
                .leaf("property", "property_declaration", "event_declaration")
                .leaf("function", "local_function_statement")
                .rule("destructor_declaration", (n, src) ->
                        Definition.leaf("method", "~" + Nodes.fieldText(n, "name", src)))
                .rule("indexer_declaration", (n, src) -> Definition.leaf("property", "this"))
                .rule("operator_declaration", (n, src) ->
                        Definition.leaf("method", "operator " + Nodes.fieldText(n, "operator", src)))
                .transparent("namespace_declaration", "declaration_list")
                .build();
    }

    private static Grammar ruby() {
        return Grammar.builder("ruby", TreeSitterRuby::new)
                .comments("comment")
                .rule("class", (n, src) -> Definition.inlineType("class", Nodes.fieldText(n, "name", src), n))
                .rule("module", (n, src) -> Definition.inlineType("module", Nodes.fieldText(n, "name", src), n))
                .leaf("function", "method", "singleton_method")
                .transparent("singleton_class", "body_statement")
                .build();
    }

    private static Grammar php() {
        return Grammar.builder("php", TreeSitterPhp::new)
                .comments("comment")
                .type("class", "class_declaration")
                .type("interface", "interface_declaration")
                .type("trait", "trait_declaration")
                .type("enum", "enum_declaration")
                .leaf("method", "method_declaration")
                .leaf("function", "function_definition")
                .transparent("namespace_definition", "compound_statement")
                .build();
    }

    private static Grammar kotlin() {
        Set<String> bodies = Set.of("class_body", "enum_class_body");
        Set<String> typeName = Set.of("type_identifier");
        return Grammar.builder("kotlin", TreeSitterKotlin::new)
                .comments("line_comment", "multiline_comment")
                .rule("class_declaration", (n, src) -> {
                    String kind = Nodes.hasKeyword(n, "interface") ? "interface"
                            : Nodes.firstChild(n, Set.of("enum_class_body")) != null ? "enum" : "class";
                    return Definition.type(kind, Nodes.text(Nodes.firstChild(n, typeName), src),
                            Nodes.firstChild(n, bodies));
                })
                .rule("object_declaration", (n, src) -> Definition.type("object",
                        Nodes.text(Nodes.firstChild(n, typeName), src), Nodes.firstChild(n, bodies)))
                .rule("companion_object", (n, src) -> {
                    String name = Nodes.text(Nodes.firstChild(n, typeName), src);
                    return Definition.type("object", name == null ? "Companion" : name, Nodes.firstChild(n, bodies));
                })
                .rule("function_declaration", (n, src) -> Definition.leaf("function",
                        Nodes.text(Nodes.firstChild(n, Set.of("simple_identifier")), src)))
                .rule("secondary_constructor", (n, src) -> Definition.leaf("constructor", "constructor"))
                .build();
    }

    private static Grammar scala() {
        return Grammar.builder("scala", TreeSitterScala::new)
                .comments("comment", "block_comment")
                .type("class", "class_definition")
                .type("object", "object_definition")
                .type("trait", "trait_definition")
                .type("enum", "enum_definition")
                .leaf("function", "function_definition", "function_declaration")
                .build();
    }

    private static Grammar bash() {
        return Grammar.builder("bash", TreeSitterBash::new)
                .comments("comment")
                .leaf("function", "function_definition")
                .build();
    }
}
