package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codebasemcp.InvalidInputException;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The second shipped model (all-MiniLM-L6-v2, mean pooling) and the document token budget, on the real models. */
class OnnxModelsTest {

    private static final List<String> TEXTS = List.of(
            "static String readFile(Path path) throws IOException {\n    return Files.readString(path);\n}",
            "int max(int[] values) { int best = Integer.MIN_VALUE; for (int v : values) best = Math.max(best, v); return best; }",
            "How do I parse JSON in Java?");

    @Test
    void miniLm_matchesLangchain4jsMeanPooledModel_andAddsNoQueryInstruction() {
        try (OnnxEmbedder miniLm = OnnxEmbedder.create(OnnxModel.ALL_MINILM_L6_V2_Q, 512, 1, 1, 1)) {
            AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();

            List<float[]> ours = miniLm.embedDocuments(TEXTS);

            assertThat(miniLm.modelId()).isEqualTo("onnx:all-minilm-l6-v2-q");
            assertThat(miniLm.maxTokens()).isEqualTo(256);
            assertThat(miniLm.dimension()).isEqualTo(384);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] theirs = reference.embed(TEXTS.get(i)).content().vector();
                assertThat(VectorMath.dot(ours.get(i), theirs)).as(TEXTS.get(i)).isGreaterThan(0.999f);
            }
            assertThat(VectorMath.dot(miniLm.embedQuery(TEXTS.get(2)), ours.get(2))).isGreaterThan(0.9999f);
        }
    }

    @Test
    void budget_isPartOfTheModelId_andKeepsTheSignaturePastALongComment() {
        try (OnnxEmbedder bge = OnnxEmbedder.create(OnnxModel.BGE_SMALL_EN_V15_Q, 128, 1, 1, 1)) {
            String header = "src/Parser.java | method Parser.parse\n";
            String comment = "/**\n" + " * Parses the input according to the grammar rules described here.\n".repeat(40) + " */\n";
            String a = header + comment + "public Tree parse(String input) {\n    return grammar.apply(input);\n}";
            String b = header + comment + "public void close() throws IOException {\n    channel.close();\n}";
            String tail1 = header + "void run() {\n" + "    step();\n".repeat(200) + "    alpha();\n}";
            String tail2 = header + "void run() {\n" + "    step();\n".repeat(200) + "    omega(beta, gamma);\n}";

            List<float[]> v = bge.embedDocuments(List.of(a, b, tail1, tail2));

            assertThat(bge.modelId()).isEqualTo("onnx:bge-small-en-v1.5-q@128t");
            assertThat(bge.maxTokens()).isEqualTo(128);
            assertThat(VectorMath.dot(v.get(0), v.get(1))).as("different signatures after the same long comment")
                    .isLessThan(0.99f);
            assertThat(v.get(2)).as("text past the budget is not read").containsExactly(v.get(3));
        }
    }

    @Test
    void modelIds_recordABudgetOnlyBelowTheModelsLimit() {
        assertThat(OnnxEmbedder.modelId(OnnxModel.BGE_SMALL_EN_V15_Q, 512)).isEqualTo("onnx:bge-small-en-v1.5-q");
        assertThat(OnnxEmbedder.modelId(OnnxModel.BGE_SMALL_EN_V15_Q, 256)).isEqualTo("onnx:bge-small-en-v1.5-q@256t");
        assertThat(OnnxEmbedder.modelId(OnnxModel.ALL_MINILM_L6_V2_Q, 512)).isEqualTo("onnx:all-minilm-l6-v2-q");
        assertThat(OnnxEmbedder.modelId(OnnxModel.ALL_MINILM_L6_V2_Q, 128)).isEqualTo("onnx:all-minilm-l6-v2-q@128t");
    }

    @Test
    void named_unknownModel_listsTheChoices() {
        assertThat(OnnxModel.named(" ALL-MiniLM-L6-v2-q ")).isEqualTo(OnnxModel.ALL_MINILM_L6_V2_Q);
        assertThatThrownBy(() -> OnnxModel.named("ada-002")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bge-small-en-v1.5-q").hasMessageContaining("all-minilm-l6-v2-q");
    }
}
