package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link DocumentBudget} with a one-id-per-word encoder, so token positions are easy to check. */
class DocumentBudgetTest {

    private static final long CLS = 101, SEP = 102;

    /** Each whitespace-separated word becomes the id given by its length * 1000 + the word's first char. */
    private static long[] words(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty())
                .mapToLong(w -> w.length() * 1000L + w.charAt(0)).toArray();
    }

    @Test
    void longBody_keepsHeaderAndFirstLines_fillsTheBudgetExactly() {
        String text = "src/A.java | method A.run\nvoid run() {\n" + "  step();\n".repeat(100) + "}";

        long[] ids = DocumentBudget.fit(text, 20, CLS, SEP, DocumentBudgetTest::words);

        assertThat(ids).hasSize(20);
        assertThat(ids[0]).isEqualTo(CLS);
        assertThat(ids[19]).isEqualTo(SEP);
        assertThat(Arrays.copyOfRange(ids, 1, 5)).containsExactly(words("src/A.java | method A.run"));
        assertThat(Arrays.copyOfRange(ids, 5, 8)).containsExactly(words("void run() {"));
    }

    @Test
    void longLeadingComment_isCappedAtHalf_soTheSignatureIsRead() {
        String comment = "/**\n" + " * words words words words\n".repeat(50) + " */\n";
        String text = "src/A.java | method A.run\n" + comment + "public void run(int times) {\n" + "  go();\n".repeat(40) + "}";

        long[] ids = DocumentBudget.fit(text, 40, CLS, SEP, DocumentBudgetTest::words);

        long[] signature = words("public void run(int times) {");
        assertThat(ids).hasSize(40);
        assertThat(indexOf(ids, signature)).isBetween(5, 40 - signature.length);
        long commentIds = LongStream.of(ids).filter(id -> id == words("words")[0]).count();
        assertThat(commentIds).isLessThanOrEqualTo((40 - 1 - 1 - 4) / 2);
    }

    @Test
    void shortCodeAfterALongComment_leavesTheRestOfTheBudgetToTheComment() {
        String text = "h\n" + "// note note note note\n".repeat(30) + "x();";

        long[] ids = DocumentBudget.fit(text, 40, CLS, SEP, DocumentBudgetTest::words);

        assertThat(ids).hasSize(40);
        assertThat(ids[38]).isEqualTo(words("x();")[0]);
    }

    @Test
    void hugeHeader_isCutToTheBudget() {
        String text = "x ".repeat(100) + "\nbody";

        long[] ids = DocumentBudget.fit(text, 10, CLS, SEP, DocumentBudgetTest::words);

        assertThat(ids).hasSize(10).startsWith(CLS).endsWith(SEP);
    }

    @Test
    void isComment_recognisesCommonSyntaxes() {
        assertThat(DocumentBudget.isComment("  /** doc")).isTrue();
        assertThat(DocumentBudget.isComment("   * more")).isTrue();
        assertThat(DocumentBudget.isComment("# python")).isTrue();
        assertThat(DocumentBudget.isComment("-- sql")).isTrue();
        assertThat(DocumentBudget.isComment("    \"\"\"docstring")).isTrue();
        assertThat(DocumentBudget.isComment("int x = 1;")).isFalse();
        assertThat(DocumentBudget.isComment("@Override")).isFalse();
    }

    private static int indexOf(long[] haystack, long[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
