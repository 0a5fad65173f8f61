package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashingEmbedderTest {

    private final HashingEmbedder embedder = new HashingEmbedder();

    @Test
    void defaults_to384DimensionsAndNamesItInModelId() {
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.modelId()).isEqualTo("hash:384");
        assertThat(new HashingEmbedder(64).modelId()).isEqualTo("hash:64");
    }

    @Test
    void embedDocuments_returnsUnitVectorsOfTheDimensionInOrder() {
        HashingEmbedder small = new HashingEmbedder(32);
        List<float[]> vectors = small.embedDocuments(List.of("alpha beta", "gamma", ""));

        assertThat(vectors).hasSize(3);
        for (float[] v : vectors) {
            assertThat(v).hasSize(32);
            assertThat(OnnxEmbedderTest.norm(v)).isCloseTo(1.0, within(1e-6));
        }
        assertThat(vectors.get(0)).containsExactly(small.embedDocuments(List.of("alpha beta")).get(0));
    }

    @Test
    void embed_isDeterministicAcrossInstances() {
        String text = "void readFileToString(Path path)";

        assertThat(new HashingEmbedder().embedDocuments(List.of(text)).get(0))
                .containsExactly(new HashingEmbedder().embedDocuments(List.of(text)).get(0));
        assertThat(new HashingEmbedder().embedQuery(text)).containsExactly(embedder.embedDocuments(List.of(text)).get(0));
    }

    @Test
    void textsSharingWords_areMoreSimilarThanUnrelatedTexts() {
        float[] query = embedder.embedQuery("read file to string");
        List<float[]> docs = embedder.embedDocuments(List.of(
                "String readFileToString(File file) { return Files.readString(file.toPath()); }",
                "void sortByName(List<Person> people) { people.sort(comparing(Person::name)); }"));

        assertThat(VectorMath.dot(query, docs.get(0))).isGreaterThan(0.3);
        assertThat(VectorMath.dot(query, docs.get(0))).isGreaterThan(VectorMath.dot(query, docs.get(1)) + 0.2);
    }

    @Test
    void camelCaseIdentifier_matchesItsSpelledOutWords() {
        float[] identifier = embedder.embedDocuments(List.of("parseHttpHeader")).get(0);
        float[] words = embedder.embedDocuments(List.of("parse http header")).get(0);

        assertThat(VectorMath.dot(identifier, words)).isGreaterThan(0.8);
    }

    @Test
    void counters_countEmbeddedTextsAndQueries() {
        embedder.embedDocuments(List.of("a", "b", "c"));
        embedder.embedDocuments(List.of());
        embedder.embedQuery("a");

        assertThat(embedder.documentsEmbedded()).isEqualTo(3);
        assertThat(embedder.queriesEmbedded()).isEqualTo(1);
    }

    @Test
    void embedQuery_blank_throwsInvalidInputWithoutCounting() {
        assertThatThrownBy(() -> embedder.embedQuery(" ")).isInstanceOf(InvalidInputException.class);
        assertThat(embedder.queriesEmbedded()).isZero();
    }

    @Test
    void constructor_rejectsTinyDimension() {
        assertThatThrownBy(() -> new HashingEmbedder(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countTokens_countsWordPiecesPlusTwoSpecialTokens() {
        // read, file, readfile, x + [CLS] [SEP]
        assertThat(embedder.countTokens("readFile(x)")).isEqualTo(6);
        assertThat(embedder.maxTokens()).isEqualTo(512);
    }
}
