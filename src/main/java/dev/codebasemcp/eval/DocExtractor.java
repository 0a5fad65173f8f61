package dev.codebasemcp.eval;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;

/**
 * Finds the documented functions of a source file with tree-sitter and blanks every doc comment.
 *
 * <p>Doc comments are: Javadoc and JSDoc ({@code /** ... *}{@code /}, anywhere), Python docstrings (the first
 * statement of a module, class or function when it is a string) and Go comments directly above a declaration, a
 * field or a spec (outside function bodies). Blanking replaces their bytes with spaces and keeps every newline, so
 * line numbers do not move; Python keeps the quotes, so the file still parses.
 *
 * <p>A function is a candidate when a doc comment sits directly above it (Java, JavaScript, Go) or it has a
 * docstring (Python). Its lines are those of the definition (annotations and decorators included, the doc comment
 * not). Whether the sentence makes a good query is decided later ({@link QueryFilter}).
 */
public final class DocExtractor {

    /** The blanked file and the documented functions found in it. */
    public record Extraction(String blanked, List<DocQuery> candidates) {}

    private static final Set<String> JS_FUNCTION_VALUES =
            Set.of("arrow_function", "function_expression", "function", "generator_function");

    private DocExtractor() {
    }

    /** The languages this extractor understands. */
    public static final List<String> LANGUAGES = List.of("java", "python", "javascript", "go");

    /** The language of a file by extension, or null when it is not one of {@link #LANGUAGES}. */
    public static String languageOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".java")) {
            return "java";
        } else if (p.endsWith(".py")) {
            return "python";
        } else if (p.endsWith(".js") || p.endsWith(".mjs") || p.endsWith(".cjs")) {
            return "javascript";
        } else if (p.endsWith(".go")) {
            return "go";
        }
        return null;
    }

    /** Extracts from one file; {@code path} is repo-relative. A file of another language comes back unchanged. */
    public static Extraction extract(String path, String content) {
        String language = languageOf(path);
        if (language == null || content.isBlank()) {
            return new Extraction(content, List.of());
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Supplier<TSLanguage> grammar = switch (language) {
            case "java" -> TreeSitterJava::new;
            case "python" -> TreeSitterPython::new;
            case "javascript" -> TreeSitterJavascript::new;
            default -> TreeSitterGo::new;
        };
        try (TSParser parser = new TSParser()) {
            parser.setLanguage(grammar.get());
            try (TSTree tree = parser.parse(bytes.clone(), null, (buf, offset, point) -> {
                int n = Math.min(buf.length, bytes.length - offset);
                if (n <= 0) {
                    return 0;
                }
                System.arraycopy(bytes, offset, buf, 0, n);
                return n;
            }, TSInputEncoding.TSInputEncodingUTF8)) {
                if (tree == null) {
                    return new Extraction(content, List.of());
                }
                Walk walk = new Walk(language, path, bytes);
                walk.visit(tree.getRootNode());
                return new Extraction(walk.blanked(), List.copyOf(walk.found));
            }
        }
    }

    /** One pass over a tree, collecting blank ranges and candidates. */
    private static final class Walk {
        final String language;
        final String path;
        final byte[] bytes;
        final List<int[]> blanks = new ArrayList<>();
        final List<DocQuery> found = new ArrayList<>();

        Walk(String language, String path, byte[] bytes) {
            this.language = language;
            this.path = path;
            this.bytes = bytes;
        }

        String text(TSNode n) {
            return new String(bytes, n.getStartByte(), n.getEndByte() - n.getStartByte(), StandardCharsets.UTF_8);
        }

        void visit(TSNode node) {
            List<TSNode> children = children(node);
            if (language.equals("python")) {
                visitPython(node, children);
            }
            for (int i = 0; i < children.size(); i++) {
                TSNode c = children.get(i);
                if (!c.isNamed()) {
                    continue;
                }
                String type = c.getType();
                switch (language) {
                    case "java", "javascript" -> {
                        if (isDocBlock(c, type)) {
                            blanks.add(new int[] {c.getStartByte(), c.getEndByte()});
                        } else {
                            TSNode doc = previousDocBlock(children, i);
                            if (doc != null) {
                                candidate(c, type, List.of(text(doc)));
                            }
                        }
                    }
                    case "go" -> {
                        if (!type.equals("comment")) {
                            List<TSNode> run = commentRunAbove(children, i);
                            for (TSNode r : run) {
                                blanks.add(new int[] {r.getStartByte(), r.getEndByte()});
                            }
                            if (!run.isEmpty()) {
                                candidate(c, type, run.stream().map(this::text).toList());
                            }
                        }
                    }
                    default -> { }
                }
                if (descend(type)) {
                    visit(c);
                }
            }
        }

        /** Function bodies hold no doc comments worth blanking in Go; everything else may (nested types). */
        private boolean descend(String type) {
            return !(language.equals("go") && type.equals("block")) && !type.contains("comment") && !type.equals("string");
        }

        private boolean isDocBlock(TSNode c, String type) {
            return (type.equals("block_comment") || type.equals("comment")) && text(c).startsWith("/**");
        }

        /** The {@code /**} comment directly above child i (no blank line between), or null. */
        private TSNode previousDocBlock(List<TSNode> children, int i) {
            for (int j = i - 1; j >= 0; j--) {
                TSNode p = children.get(j);
                if (!p.isNamed()) {
                    return null;
                }
                String t = p.getType();
                if (isDocBlock(p, t)) {
                    return p.getEndPoint().getRow() + 1 >= children.get(i).getStartPoint().getRow() ? p : null;
                }
                return null;
            }
            return null;
        }

        /** Go: the comments directly above child i, each ending on the line before the next. */
        private List<TSNode> commentRunAbove(List<TSNode> children, int i) {
            List<TSNode> run = new ArrayList<>();
            int row = children.get(i).getStartPoint().getRow();
            for (int j = i - 1; j >= 0; j--) {
                TSNode p = children.get(j);
                if (!p.isNamed() || !p.getType().equals("comment") || p.getEndPoint().getRow() + 1 != row) {
                    break;
                }
                run.addFirst(p);
                row = p.getStartPoint().getRow();
            }
            return run;
        }

        /** Java/JavaScript/Go: records child c as a documented function if it is one. */
        private void candidate(TSNode c, String type, List<String> doc) {
            String name = functionName(c, type);
            if (name == null) {
                return;
            }
            String sentence = switch (language) {
                case "go" -> DocSentence.fromLineComments(doc);
                default -> DocSentence.fromBlockComment(doc.getFirst());
            };
            if (language.equals("go")) {
                sentence = QueryFilter.dropLeadingName(sentence, name);
            }
            add(c, name, sentence);
        }

        private void add(TSNode range, String name, String sentence) {
            found.add(new DocQuery(language, path, name, range.getStartPoint().getRow() + 1,
                    range.getEndPoint().getRow() + 1 - (range.getEndPoint().getColumn() == 0 ? 1 : 0), sentence));
        }

        private String functionName(TSNode c, String type) {
            switch (language) {
                case "java" -> {
                    return type.equals("method_declaration") || type.equals("constructor_declaration") ? fieldText(c, "name") : null;
                }
                case "go" -> {
                    return type.equals("function_declaration") || type.equals("method_declaration") ? fieldText(c, "name") : null;
                }
                default -> {
                    return jsFunctionName(c, type);
                }
            }
        }

        private String jsFunctionName(TSNode c, String type) {
            switch (type) {
                case "export_statement" -> {
                    TSNode d = field(c, "declaration");
                    return d == null ? null : jsFunctionName(d, d.getType());
                }
                case "function_declaration", "generator_function_declaration", "method_definition" -> {
                    return fieldText(c, "name");
                }
                case "lexical_declaration", "variable_declaration" -> {
                    List<TSNode> declarators = children(c).stream().filter(n -> n.getType().equals("variable_declarator")).toList();
                    if (declarators.size() != 1) {
                        return null;
                    }
                    TSNode value = field(declarators.getFirst(), "value");
                    return value != null && JS_FUNCTION_VALUES.contains(value.getType()) ? fieldText(declarators.getFirst(), "name") : null;
                }
                case "expression_statement" -> {
                    TSNode e = c.getNamedChildCount() == 1 ? c.getNamedChild(0) : null;
                    if (e == null || !e.getType().equals("assignment_expression")) {
                        return null;
                    }
                    TSNode right = field(e, "right");
                    TSNode left = field(e, "left");
                    if (right == null || left == null || !JS_FUNCTION_VALUES.contains(right.getType())) {
                        return null;
                    }
                    TSNode property = field(left, "property");
                    return property != null ? text(property) : text(left);
                }
                default -> {
                    return null;
                }
            }
        }

        /** Python: blanks the docstring of a module, class or function body; records documented functions. */
        private void visitPython(TSNode node, List<TSNode> children) {
            String type = node.getType();
            if (type.equals("module")) {
                docstring(children);
                return;
            }
            if (!type.equals("function_definition") && !type.equals("class_definition")) {
                return;
            }
            TSNode body = field(node, "body");
            if (body == null) {
                return;
            }
            TSNode string = docstring(children(body));
            if (string == null || !type.equals("function_definition")) {
                return;
            }
            TSNode parent = node.getParent();
            TSNode range = parent != null && !parent.isNull() && parent.getType().equals("decorated_definition") ? parent : node;
            if (range != node && text(range).lines().anyMatch(l -> l.strip().matches("@(property|\\w+\\.setter|\\w+\\.getter)\\b.*"))) {
                return;
            }
            add(range, fieldText(node, "name"), DocSentence.fromDocstring(text(string)));
        }

        /** Blanks and returns the docstring among a body's statements, or null. */
        private TSNode docstring(List<TSNode> statements) {
            TSNode first = statements.stream().filter(n -> n.isNamed() && !n.getType().equals("comment")).findFirst().orElse(null);
            if (first == null || !first.getType().equals("expression_statement") || first.getNamedChildCount() != 1) {
                return null;
            }
            TSNode string = first.getNamedChild(0);
            if (!string.getType().equals("string")) {
                return null;
            }
            List<TSNode> parts = children(string);
            int from = parts.size() >= 2 ? parts.getFirst().getEndByte() : string.getStartByte();
            int to = parts.size() >= 2 ? parts.getLast().getStartByte() : string.getEndByte();
            blanks.add(new int[] {from, to});
            return string;
        }

        String blanked() {
            byte[] out = bytes.clone();
            for (int[] b : blanks) {
                for (int k = b[0]; k < b[1]; k++) {
                    if (out[k] != '\n' && out[k] != '\r') {
                        out[k] = ' ';
                    }
                }
            }
            return new String(out, StandardCharsets.UTF_8);
        }

        private TSNode field(TSNode n, String name) {
            TSNode f = n.getChildByFieldName(name);
            return f == null || f.isNull() ? null : f;
        }

        private String fieldText(TSNode n, String name) {
            TSNode f = field(n, name);
            return f == null ? null : text(f);
        }
    }

    /** All children (named or not), read through a cursor (indexed access is linear per call). */
    private static List<TSNode> children(TSNode node) {
        List<TSNode> out = new ArrayList<>();
        try (TSTreeCursor cursor = new TSTreeCursor(node)) {
            if (cursor.gotoFirstChild()) {
                do {
                    out.add(cursor.currentNode());
                } while (cursor.gotoNextSibling());
            }
        }
        return out;
    }
}
