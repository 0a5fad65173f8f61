package dev.codebasemcp.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codebasemcp.store.ChunkHit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Score fusion keeps how far ahead a leg's best candidate is, which rank fusion throws away. */
class HybridFusionTest {

    private static ChunkHit hit(String id, double score) {
        return new ChunkHit(id, "r", id + ".java", "java", "method", id, 1, 5, "code " + id, "", "", (float) score);
    }

    @Test
    void aClearLexicalWinnerThatIsSemanticallyCloseBeatsTheSemanticFirst() {
        List<ChunkHit> lexical = List.of(hit("a", 30), hit("b", 10), hit("c", 5));
        List<ChunkHit> semantic = List.of(hit("b", 0.80), hit("d", 0.795), hit("a", 0.794), hit("e", 0.50));
        List<SearchService.Scored> fused = HybridFusion.fuse(lexical, semantic);
        assertThat(fused).extracting(s -> s.hit().chunkId()).containsExactly("a", "b", "d", "c", "e");
        assertThat(fused.getFirst().score()).isCloseTo(HybridFusion.LEXICAL_WEIGHT + (1 - HybridFusion.LEXICAL_WEIGHT) * (0.294 / 0.3), within(1e-4));
        // Rank fusion puts b first: second and first beat first and third.
        assertThat(SearchService.fuse(lexical, semantic).getFirst().hit().chunkId()).isEqualTo("b");
    }

    @Test
    void oneEmptyLeg_ranksByTheOther() {
        List<SearchService.Scored> fused = HybridFusion.fuse(List.of(), List.of(hit("x", 0.9), hit("y", 0.5)));
        assertThat(fused).extracting(s -> s.hit().chunkId()).containsExactly("x", "y");
        assertThat(HybridFusion.fuse(List.of(hit("z", 3)), List.of())).extracting(SearchService.Scored::score).containsExactly(HybridFusion.LEXICAL_WEIGHT);
    }

    @Test
    void testCodeIsDemotedOnlyWhenAsked_andStillWinsWhenClearlyBetter() {
        ChunkHit test = new ChunkHit("t", "r", "cmd/args_test.go", "go", "function", "TestArgs", 1, 5, "", "", "", 0.80f);
        ChunkHit impl = new ChunkHit("i", "r", "cmd/args.go", "go", "function", "Args", 1, 5, "", "", "", 0.78f);
        ChunkHit other = new ChunkHit("o", "r", "cmd/other.go", "go", "function", "Other", 1, 5, "", "", "", 0.50f);
        List<ChunkHit> semantic = List.of(test, impl, other);
        assertThat(HybridFusion.fuse(List.of(), semantic, false, Set.of())).extracting(s -> s.hit().chunkId()).containsExactly("t", "i", "o");
        List<SearchService.Scored> demoted = HybridFusion.fuse(List.of(), semantic, true, Set.of());
        assertThat(demoted).extracting(s -> s.hit().chunkId()).containsExactly("i", "t", "o");
        assertThat(demoted.get(1).score()).isCloseTo(TestCode.DEMOTION * (1 - HybridFusion.LEXICAL_WEIGHT), within(1e-9));
        // A test far ahead of everything else stays first.
        ChunkHit weak = new ChunkHit("w", "r", "cmd/args.go", "go", "function", "Args", 1, 5, "", "", "", 0.60f);
        assertThat(HybridFusion.fuse(List.of(), List.of(test, weak, other), true, Set.of()).getFirst().hit().chunkId()).isEqualTo("t");
    }

    @Test
    void aCandidateWithoutAVectorYet_standsOnItsLexicalScore_insteadOfLosingTheSemanticShare() {
        // While vectors fill in: "new" is the best keyword match but has no vector; "old" is embedded.
        List<ChunkHit> lexical = List.of(hit("new", 20), hit("old", 12), hit("weak", 2));
        List<ChunkHit> semantic = List.of(hit("old", 0.6), hit("other", 0.5));
        assertThat(HybridFusion.fuse(lexical, semantic, false, Set.of()).getFirst().hit().chunkId()).isEqualTo("old");

        List<SearchService.Scored> fused = HybridFusion.fuse(lexical, semantic, false, Set.of("new", "weak", "unknown"));
        assertThat(fused).extracting(s -> s.hit().chunkId()).containsExactly("new", "old", "other", "weak");
        assertThat(fused.getFirst().score()).isCloseTo(1.0, within(1e-9));
        assertThat(fused.get(1).score()).isCloseTo(HybridFusion.LEXICAL_WEIGHT * 10 / 18.0 + (1 - HybridFusion.LEXICAL_WEIGHT), within(1e-9));
    }
}
