package dev.codebasemcp.indexing.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.codebasemcp.Chunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkerTest {
    private static final ChunkerOptions NO_MERGE = new ChunkerOptions(80, 2_400, 0, 40);

    private final Chunker chunker = new Chunker();

    @ParameterizedTest
    @CsvSource({
        "src/main/java/a/B.java, java", "lib/x.py, python", "web/app.jsx, javascript", "web/app.mjs, javascript",
        "web/app.ts, typescript", "web/App.tsx, tsx", "cmd/main.go, go", "src/lib.rs, rust", "x.c, c", "x.h, c",
        "x.hpp, cpp", "x.cc, cpp", "X.cs, csharp", "Rakefile, ruby", "a.rb, ruby", "index.php, php", "A.kt, kotlin",
        "build.gradle.kts, kotlin", "A.scala, scala", "run.sh, bash", "README.md, markdown", "ci.yml, yaml",
        "package.json, json", "Cargo.toml, toml", "pom.xml, xml", "index.html, html", "a.css, css", "q.sql, sql",
        "app.properties, properties", "Dockerfile, dockerfile", "docker/Dockerfile.dev, dockerfile",
        "Makefile, makefile", "rules.mk, makefile", "NOTES, text", "LICENSE.txt, text", "a.unknownext, text",
        "SRC/MAIN.JAVA, java", "dir.with.dots/file, text"})
    void languageOf_path_givesLanguageId(String path, String language) {
        assertThat(Chunker.languageOf(path)).isEqualTo(language);
    }

    @Test
    void chunk_blankContent_returnsNoChunks() {
        assertThat(chunker.chunk("A.java", "")).isEmpty();
        assertThat(chunker.chunk("a.md", " \n\t\n\n")).isEmpty();
    }

    @Test
    void chunk_docCommentAndAnnotations_belongToTheDefinitionBelow() {
        String java = """
                int base = 0;

                /** Adds. */
                @Deprecated
                int add(int a, int b) { return a + b; }

                /** Detached: a blank line follows. */

                int sub(int a, int b) { return a - b; }
                """;
        ChunkerOptions small = new ChunkerOptions(6, 400, 0, 4);
        List<Chunk> chunks = new Chunker(small).chunk("p/M.java", "class M {\n" + java.indent(4) + "}\n");

        assertThat(chunks).extracting(Chunk::startLine, Chunk::endLine, Chunk::kind, Chunk::symbol)
                .contains(tuple(4, 6, "method", "M.add"), tuple(10, 10, "method", "M.sub"));
    }

    @Test
    void chunk_javascriptFunctionsAssignedToNames_areDefinitions() {
        String js = """
                /** Exported the CommonJS way. */
                exports.parse = function (text) {
                  return JSON.parse(text);
                };

                Widget.prototype.render = () => "<div/>";

                const greet = async (name) => `hi ${name}`;
                module.exports.count = 3;
                """;
        List<Chunk> chunks = new Chunker(NO_MERGE).chunk("lib.js", js);

        assertThat(chunks).extracting(Chunk::startLine, Chunk::kind, Chunk::symbol).containsExactly(
                tuple(1, "function", "exports.parse"),
                tuple(6, "function", "Widget.prototype.render"),
                tuple(8, "function", "greet"),
                tuple(9, "module", null));
    }

    @Test
    void chunk_commentAfterCodeOnItsLine_isNotTheDocOfWhatFollows() {
        String cpp = """
                namespace ns {
                int one() { return 1; }
                }  // namespace ns
                int two() { return 2; }
                """;
        List<Chunk> chunks = new Chunker(NO_MERGE).chunk("a.cpp", cpp);

        assertThat(chunks).extracting(Chunk::startLine, Chunk::symbol)
                .contains(tuple(2, "one"), tuple(4, "two"));
    }

    @Test
    void chunk_bigClass_becomesHeaderAndMethodChunks() throws IOException {
        String source = Files.readString(ChunkerGoldenTest.FIXTURES.resolve("java/OrderService.java"));

        List<Chunk> chunks = new Chunker(NO_MERGE).chunk("OrderService.java", source);

        assertThat(chunks).extracting(Chunk::kind, Chunk::symbol).contains(
                tuple("class", "OrderService"),
                tuple("block", "OrderService"),
                tuple("constructor", "OrderService.OrderService"),
                tuple("method", "OrderService.price"));
        Chunk header = chunks.stream().filter(c -> "class".equals(c.kind())).findFirst().orElseThrow();
        assertThat(header.content()).startsWith("/**").endsWith("public class OrderService {");
    }

    @Test
    void chunk_oversizeFunction_isCutBetweenStatementsIntoPartsWithItsSymbol() {
        StringBuilder body = new StringBuilder("def handle(event):\n    \"\"\"Routes an event.\"\"\"\n");
        for (int i = 0; i < 60; i++) {
            body.append("    if event.kind == ").append(i).append(":\n")
                    .append("        process_kind_").append(i).append("(event)\n");
        }
        body.append("    return None\n");

        List<Chunk> chunks = chunker.chunk("h.py", body.toString());

        assertThat(chunks).hasSizeGreaterThan(1)
                .allSatisfy(c -> {
                    assertThat(c.symbol()).isEqualTo("handle");
                    assertThat(c.kind()).isEqualTo("function");
                    assertThat(c.lineCount()).isLessThanOrEqualTo(80);
                    assertThat(c.content().length()).isLessThanOrEqualTo(2_400);
                });
        for (Chunk c : chunks.subList(1, chunks.size())) {
            assertThat(c.content()).as("a part starts at a statement").startsWith("    if ");
        }
    }

    @Test
    void chunk_namesAfterMultiByteCharacters_areReadFromUtf8Offsets() {
        String python = "# 😀 émoji — before the name\ndef 名前(x):\n    return 'ü' * x\n";
        String go = "package p\n\n// Ünïcode ☃\nfunc (r *Récepteur) Méthode() {}\n";

        assertThat(new Chunker(NO_MERGE).chunk("u.py", python)).extracting(Chunk::symbol).containsExactly("名前");
        assertThat(new Chunker(NO_MERGE).chunk("u.go", go)).extracting(Chunk::symbol)
                .containsExactly(null, "Récepteur.Méthode");
    }

    @Test
    void chunk_crlfFile_givesLinesWithoutCarriageReturns() {
        String crlf = "import os\r\n\r\ndef f():\r\n    return 1\r\n";

        List<Chunk> chunks = chunker.chunk("c.py", crlf);

        assertThat(chunks).singleElement().satisfies(c -> {
            assertThat(c.content()).isEqualTo("import os\n\ndef f():\n    return 1");
            assertThat(c.endLine()).isEqualTo(4);
        });
    }

    @Test
    void chunk_brokenSyntax_stillChunksEveryLine() {
        String broken = "public class {\n  void m( {\n    int x = ;\n  }\n}}}\n";

        List<Chunk> chunks = chunker.chunk("Broken.java", broken);

        ChunkInvariants.assertValid("Broken.java", broken, chunks, ChunkerOptions.defaults());
        assertThat(chunks).isNotEmpty();
    }

    @Test
    void chunk_headerFile_isParsedAsCppButLabelledC() {
        String header = "#pragma once\nclass Widget {\n public:\n  void draw();\n};\n";

        List<Chunk> chunks = new Chunker(NO_MERGE).chunk("include/widget.h", header);

        assertThat(chunks).extracting(Chunk::language, Chunk::kind, Chunk::symbol)
                .contains(tuple("c", "class", "Widget"));
    }

    @Test
    void chunk_plainText_isCutIntoWindowsAtBlankLines() {
        StringBuilder text = new StringBuilder();
        for (int paragraph = 0; paragraph < 10; paragraph++) {
            for (int line = 0; line < 9; line++) {
                text.append("paragraph ").append(paragraph).append(" line ").append(line).append('\n');
            }
            text.append('\n');
        }

        List<Chunk> chunks = chunker.chunk("notes.txt", text.toString());

        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo("window");
            assertThat(c.language()).isEqualTo("text");
            assertThat(c.lineCount()).isLessThanOrEqualTo(40);
            assertThat(c.content()).startsWith("paragraph ").contains(" line 0").endsWith(" line 8");
        });
    }

    @Test
    void chunk_markdown_cutsAtHeadingsButNotInsideFences() {
        String md = "# Guide\n\nIntro text.\n\n```sh\n# not a heading\nmake\n```\n\n## Install\n\nRun it.\n";

        List<Chunk> chunks = new Chunker(NO_MERGE).chunk("docs/guide.md", md);

        assertThat(chunks).extracting(Chunk::startLine, Chunk::kind, Chunk::symbol)
                .containsExactly(tuple(1, "section", "Guide"), tuple(10, "section", "Install"));
    }

    @Test
    void chunk_longMarkdownSection_isWindowedUnderItsHeading() {
        StringBuilder md = new StringBuilder("# Changelog\n\n");
        for (int release = 30; release > 0; release--) {
            md.append("- 1.").append(release).append(".0: fixed bug ").append(release).append('\n');
            md.append("- 1.").append(release).append(".0: improved speed\n\n");
        }

        List<Chunk> chunks = chunker.chunk("CHANGELOG.md", md.toString());

        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> {
            assertThat(c.symbol()).isEqualTo("Changelog");
            assertThat(c.lineCount()).isLessThanOrEqualTo(40);
        });
    }

    @Test
    void chunk_concurrentCallers_getTheSameChunksAsOneCaller() throws Exception {
        List<Path> fixtures = ChunkerGoldenTest.fixtures().toList();
        Map<Path, List<Chunk>> expected = new java.util.HashMap<>();
        for (Path p : fixtures) {
            expected.put(p, chunker.chunk(p.toString(), Files.readString(p)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (Path p : fixtures) {
                    String content = Files.readString(p);
                    results.add(pool.submit(() -> chunker.chunk(p.toString(), content).equals(expected.get(p))));
                }
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void options_outOfRange_areRejected() {
        assertThatThrownBy(() -> new ChunkerOptions(2, 2_400, 250, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLines");
        assertThatThrownBy(() -> new ChunkerOptions(80, 2_400, 2_400, 40)).hasMessageContaining("minChars");
        assertThatThrownBy(() -> new ChunkerOptions(80, 2_400, 250, 100)).hasMessageContaining("windowLines");
        assertThat(ChunkerOptions.defaults()).isEqualTo(new ChunkerOptions(80, 2_400, 250, 40));
    }
}
