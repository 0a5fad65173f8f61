package dev.codebasemcp.indexing.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codebasemcp.Chunk;
import java.util.ArrayList;
import java.util.List;

/** The contract every chunk list must meet, whatever the input. */
final class ChunkInvariants {
    private ChunkInvariants() {
    }

    /** The file's lines as the contract defines them: split at \n, a \r before it dropped. */
    static List<String> lines(String content) {
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (content.endsWith("\n")) {
            lines.removeLast();
        }
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        return lines;
    }

    static void assertValid(String path, String content, List<Chunk> chunks, ChunkerOptions options) {
        List<String> lines = lines(content);
        String language = Chunker.languageOf(path);
        int next = 1;
        for (Chunk c : chunks) {
            String where = path + " chunk " + c.startLine() + "-" + c.endLine();
            assertThat(c.startLine()).as("%s starts after the previous chunk", where).isGreaterThanOrEqualTo(next);
            assertThat(c.endLine()).as("%s ends inside the file", where).isLessThanOrEqualTo(lines.size());
            for (int line = next; line < c.startLine(); line++) {
                assertThat(lines.get(line - 1)).as("%s: line %d between chunks", path, line).isBlank();
            }
            assertThat(c.content()).as("%s content", where)
                    .isEqualTo(String.join("\n", lines.subList(c.startLine() - 1, c.endLine())));
            assertThat(lines.get(c.startLine() - 1)).as("%s first line", where).isNotBlank();
            assertThat(lines.get(c.endLine() - 1)).as("%s last line", where).isNotBlank();
            if (c.lineCount() > 1) {
                assertThat(c.content().length()).as("%s characters", where).isLessThanOrEqualTo(options.maxChars());
                assertThat(c.lineCount()).as("%s lines", where).isLessThanOrEqualTo(options.maxLines());
            }
            assertThat(c.language()).isEqualTo(language);
            assertThat(c.kind()).as("%s kind", where).isNotBlank();
            next = c.endLine() + 1;
        }
        for (int line = next; line <= lines.size(); line++) {
            assertThat(lines.get(line - 1)).as("%s: line %d after the last chunk", path, line).isBlank();
        }
    }
}
