package dev.codebasemcp.indexing.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codebasemcp.Chunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.treesitter.TSNode;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;

/**
 * The optimized parser ({@link NativeParser}) must give exactly the trees, and so the chunks, of the binding's parser.
 * CI builds the library ({@code scripts/build-native-parser.sh}) so these run there; without the library they are
 * skipped, and the binding's parser alone runs the other chunker tests.
 */
class NativeParserTest {

    static Stream<Path> fixtures() throws IOException {
        return ChunkerGoldenTest.fixtures();
    }

    /** The binding's tree in the optimized parser's layout (pre-order, through a cursor), to compare the two. */
    static SyntaxTree copyOf(TSTree tree, SyntaxTree.Names names) {
        int[] data = new int[1024 * SyntaxTree.INTS_PER_NODE];
        int count = 0;
        int[] open = new int[64];
        int depth = 0;
        try (TSTreeCursor cursor = new TSTreeCursor(tree.getRootNode())) {
            while (true) {
                if ((count + 1) * SyntaxTree.INTS_PER_NODE > data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
                TSNode node = cursor.currentNode();
                int at = count * SyntaxTree.INTS_PER_NODE;
                data[at] = (node.getSymbol() & SyntaxTree.SYMBOL_MASK) | (node.isNamed() ? SyntaxTree.NAMED_BIT : 0)
                        | (cursor.currentFieldId() << SyntaxTree.FIELD_SHIFT);
                data[at + 1] = node.getStartByte();
                data[at + 2] = node.getEndByte();
                data[at + 3] = count + 1;
                if (depth == open.length) {
                    open = Arrays.copyOf(open, depth * 2);
                }
                open[depth++] = count++;
                if (cursor.gotoFirstChild()) {
                    continue;
                }
                boolean more = false;
                while (depth > 0) {
                    data[open[--depth] * SyntaxTree.INTS_PER_NODE + 3] = count;
                    if (cursor.gotoNextSibling()) {
                        more = true;
                        break;
                    }
                    if (depth == 0 || !cursor.gotoParent()) {
                        break;
                    }
                }
                if (!more) {
                    while (depth > 0) {
                        data[open[--depth] * SyntaxTree.INTS_PER_NODE + 3] = count;
                    }
                    break;
                }
            }
        }
        return new SyntaxTree(Arrays.copyOf(data, count * SyntaxTree.INTS_PER_NODE), names);
    }

    private static SyntaxTree both(Chunker optimized, Chunker binding, Grammar grammar, byte[] utf8, String what) {
        SyntaxTree fast = optimized.optimizedTree(grammar, utf8).orElseThrow();
        SyntaxTree slow;
        try (TSTree tree = binding.bindingTree(grammar, utf8)) {
            slow = copyOf(tree, grammar.names());
        }
        assertThat(fast.size()).as(what).isEqualTo(slow.size());
        assertThat(fast.sameNodes(slow)).as("same nodes for %s", what).isTrue();
        return fast;
    }

    private static boolean built() {
        return NativeParser.get().isPresent();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void optimizedParser_givesTheBindingsTreeAndChunks(Path fixture) throws IOException {
        assumeTrue(built(), "optimized parser not built: " + Chunker.parserDescription());
        String path = fixture.getFileName().toString();
        String content = Files.readString(fixture);
        Chunker optimized = new Chunker(ChunkerOptions.defaults(), true);
        Chunker binding = new Chunker(ChunkerOptions.defaults(), false);
        Grammar grammar = Grammars.forLanguage(Chunker.languageOf(path));
        if (grammar != null) {
            byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);
            assertThat(both(optimized, binding, grammar, utf8, fixture.toString()).size()).isGreaterThan(1);
        }
        List<Chunk> a = optimized.chunk(path, content);
        List<Chunk> b = binding.chunk(path, content);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void brokenAndHostileSource_sameTreesAndNoCrash(@TempDir Path tmp) {
        assumeTrue(built(), "optimized parser not built: " + Chunker.parserDescription());
        Chunker optimized = new Chunker(ChunkerOptions.defaults(), true);
        Chunker binding = new Chunker(ChunkerOptions.defaults(), false);
        Grammar java = Grammars.forLanguage("java");
        List<String> sources = List.of(
                "class A { void m( { int x = ; } }}}}",             // syntax errors
                "class A {\n" + "  void m() { if (x) {\n".repeat(2000) + "}", // deep nesting, unclosed
                "/* never closed comment \n class B {}",
                "\u00e9\u00e8 class \u4e2d { String s = \"\ud83d\ude00\"; }", // multi-byte UTF-8
                "\0\0\0 class Z {}",
                " ");
        for (String s : sources) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            both(optimized, binding, java, utf8, s.substring(0, Math.min(30, s.length())));
            assertThat(optimized.chunk("A.java", s)).isEqualTo(binding.chunk("A.java", s));
        }
    }

    @Test
    void load_missingOrOff_fallsBackToTheBindingWithAReason(@TempDir Path tmp) throws IOException {
        assertThat(NativeParser.load("off", null, tmp.toString()).parser()).isNull();
        assertThat(NativeParser.load("off", null, tmp.toString()).description()).contains("CODEBASE_MCP_NATIVE_PARSER=off");
        var missing = NativeParser.load(null, tmp.toString(), tmp.toString());
        assertThat(missing.parser()).isNull();
        assertThat(missing.description()).contains("build-native-parser.sh").contains(tmp.toString());
        Path garbage = Files.writeString(tmp.resolve(NativeParser.LIBRARY), "not an ELF file");
        var broken = NativeParser.load(garbage.toString(), null, tmp.toString());
        assertThat(broken.parser()).isNull();
        assertThat(broken.description()).contains("failed to load");
    }
}
