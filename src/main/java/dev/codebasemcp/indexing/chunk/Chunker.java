package dev.codebasemcp.indexing.chunk;

import dev.codebasemcp.Chunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/**
 * Cuts a file into {@link Chunk}s: with tree-sitter for the languages of {@link Grammars}, by Markdown headings
 * and line windows for everything else. See the package documentation for the rules.
 */
public final class Chunker {
    private static final Logger log = LoggerFactory.getLogger(Chunker.class);
    private static final int READ_BUFFER = 64 * 1024;

    private final ChunkerOptions options;
    private final ParserPool parsers = new ParserPool();
    /** The optimized parser, or null to parse with the binding's. */
    private final NativeParser nativeParser;

    /** A chunker with {@link ChunkerOptions#defaults()}. */
    public Chunker() {
        this(ChunkerOptions.defaults());
    }

    public Chunker(ChunkerOptions options) {
        this(options, true);
    }

    /** @param optimizedParser use the optimized parser when it is built ({@link NativeParser}); false: the binding's */
    Chunker(ChunkerOptions options, boolean optimizedParser) {
        this.options = Objects.requireNonNull(options, "options");
        this.nativeParser = optimizedParser ? NativeParser.get().orElse(null) : null;
    }

    /** Which tree-sitter parser chunking uses, and where the optimized one is looked for when it is not in use. */
    public static String parserDescription() {
        return NativeParser.description();
    }

    /**
     * Thread-safe. path is repo-relative; content is the whole file. Never throws on bad syntax (tree-sitter is
     * error tolerant); falls back to line windows if parsing fails. Empty/blank content -> empty list.
     *
     * @return chunks in line order, not overlapping, together covering every non-blank line of the file
     */
    public List<Chunk> chunk(String path, String content) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (content.isBlank()) {
            return List.of();
        }
        String language = languageOf(path);
        SourceText src = new SourceText(content);
        List<Piece> pieces = checked(path, src, pieces(path, language, src));
        List<Chunk> chunks = new ArrayList<>(pieces.size());
        for (Piece p : pieces) {
            String text = src.text(p.start(), p.end());
            chunks.add(new Chunk(language, p.kind(), p.symbol(), p.start() + 1, p.end() + 1, text));
        }
        return chunks;
    }

    /**
     * Language id for a path: java, python, javascript, typescript, tsx, go, rust, c, cpp, csharp, ruby, php,
     * kotlin, scala, bash for code; markdown, yaml, json, toml, xml, html, css, sql, properties, dockerfile,
     * makefile, text, ... for others.
     */
    public static String languageOf(String path) {
        return Languages.of(Objects.requireNonNull(path, "path"));
    }

    private List<Piece> pieces(String path, String language, SourceText src) {
        Grammar grammar = grammarFor(path, language);
        TextChunker text = new TextChunker(src, options);
        if (grammar == null) {
            return language.equals("markdown") ? text.markdown() : text.windows();
        }
        try {
            List<Piece> pieces = parse(grammar, src);
            if (pieces != null) {
                return pieces;
            }
            log.warn("tree-sitter returned no tree for {}; chunking it as line windows", path);
        } catch (RuntimeException e) {
            log.warn("chunking {} as {} failed; chunking it as line windows", path, language, e);
        }
        return text.windows();
    }

    /** C headers are parsed as C++ (a superset for declarations), since many are C++; the label stays {@code c}. */
    private static Grammar grammarFor(String path, String language) {
        if (language.equals("c") && path.toLowerCase(Locale.ROOT).endsWith(".h")) {
            return Grammars.forLanguage("cpp");
        }
        return Grammars.forLanguage(language);
    }

    private List<Piece> parse(Grammar grammar, SourceText src) {
        byte[] bytes = src.utf8();
        if (optimized(grammar)) {
            SyntaxTree tree = nativeParser.parse(grammar.language(), bytes, grammar.names());
            return tree == null ? null : pieces(grammar, src, tree.root());
        }
        try (TSTree tree = bindingTree(grammar, bytes)) {
            return tree == null ? null : pieces(grammar, src, new BindingNode(tree.getRootNode()));
        }
    }

    private List<Piece> pieces(Grammar grammar, SourceText src, SyntaxNode root) {
        LineSplitter splitter = new LineSplitter(src, options.maxLines(), options.maxChars());
        List<Piece> pieces = new SyntaxChunker(grammar, src, splitter).chunk(root);
        return new PieceMerger(src, options.maxLines(), options.maxChars(), options.minChars()).merge(pieces);
    }

    /** The optimized parser's tree of UTF-8 source, when it is built and runs this grammar (else empty). */
    Optional<SyntaxTree> optimizedTree(Grammar grammar, byte[] bytes) {
        return optimized(grammar) ? Optional.ofNullable(nativeParser.parse(grammar.language(), bytes, grammar.names()))
                : Optional.empty();
    }

    private boolean optimized(Grammar grammar) {
        return nativeParser != null && nativeParser.supports(grammar.language());
    }

    /** The binding's tree of UTF-8 source (the caller closes it), or null when tree-sitter gives none. */
    TSTree bindingTree(Grammar grammar, byte[] bytes) {
        TSParser parser = parsers.acquire(grammar);
        boolean ok = false;
        try {
            byte[] buffer = new byte[Math.max(1, Math.min(bytes.length, READ_BUFFER))];
            TSTree tree = parser.parse(buffer, null, (buf, offset, point) -> {
                int n = Math.min(buf.length, bytes.length - offset);
                if (n <= 0) {
                    return 0;
                }
                System.arraycopy(bytes, offset, buf, 0, n);
                return n;
            }, TSInputEncoding.TSInputEncodingUTF8);
            ok = true;
            return tree;
        } finally {
            if (ok) {
                parsers.release(grammar, parser);
            } else {
                parser.close();
            }
        }
    }

    /**
     * Sorts the pieces and enforces the contract: no overlap, every non-blank line covered. The chunkers guarantee
     * both by construction; a violation is a bug, so it fails under assertions (tests) and is repaired otherwise.
     */
    private static List<Piece> checked(String path, SourceText src, List<Piece> pieces) {
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingInt(Piece::start));
        List<Piece> result = new ArrayList<>(sorted.size());
        int next = 0;
        for (Piece p : sorted) {
            if (p.start() < next) {
                assert false : "overlapping chunks in " + path + " at line " + (p.start() + 1);
                log.warn("overlapping chunks in {} at line {}; merging them", path, p.start() + 1);
                Piece last = result.removeLast();
                p = new Piece(last.start(), Math.max(last.end(), p.end()), last.definition(), last.kind(),
                        last.symbol());
            } else if (src.firstNonBlank(next, p.start() - 1) >= 0) {
                int from = src.firstNonBlank(next, p.start() - 1);
                assert false : "lines lost in " + path + " at line " + (from + 1);
                log.warn("no chunk covered {} line {}; adding one", path, from + 1);
                result.add(new Piece(from, src.lastNonBlank(next, p.start() - 1), false, "module", null));
            }
            result.add(p);
            next = p.end() + 1;
        }
        if (src.firstNonBlank(next, src.lastLine()) >= 0) {
            int from = src.firstNonBlank(next, src.lastLine());
            assert false : "lines lost in " + path + " at line " + (from + 1);
            log.warn("no chunk covered {} line {}; adding one", path, from + 1);
            result.add(new Piece(from, src.lastNonBlank(next, src.lastLine()), false, "module", null));
        }
        return result;
    }
}
