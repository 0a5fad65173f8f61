package dev.codebasemcp.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MRR and recall at file and function level on hand-made rankings. */
class MetricsTest {
    static final DocQuery ANSWER = new DocQuery("java", "a/A.java", "f", 20, 30, "does things well");

    @Test
    void ranks_fileLevelNeedsThePathFunctionLevelNeedsOverlap() {
        List<Hit> ranking = List.of(new Hit("b/B.java", 20, 30), new Hit("a/A.java", 1, 19), new Hit("a/A.java", 30, 40));
        assertThat(Metrics.fileRank(ranking, ANSWER)).isEqualTo(2);
        assertThat(Metrics.functionRank(ranking, ANSWER)).isEqualTo(3);
        assertThat(Metrics.functionRank(List.of(new Hit("a/A.java", 31, 50)), ANSWER)).isZero();
    }

    @Test
    void ranksBeyondTheCutoffDoNotCount() {
        List<Hit> ranking = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ranking.add(new Hit("x/X" + i + ".java", 1, 5));
        }
        ranking.add(new Hit("a/A.java", 20, 30));
        assertThat(Metrics.fileRank(ranking, ANSWER)).isZero();
    }

    @Test
    void summary_averagesReciprocalRanksRecallsAndLines() {
        Metrics m = new Metrics();
        m.add(ANSWER, List.of(new Hit("a/A.java", 20, 29)));                                // fn rank 1, 10 lines
        m.add(ANSWER, List.of(new Hit("a/A.java", 1, 10), new Hit("a/A.java", 25, 44)));    // file 1, fn 2
        m.add(ANSWER, List.of(new Hit("b/B.java", 1, 10), new Hit("c/C.java", 1, 10), new Hit("d/D.java", 1, 10),
                new Hit("e/E.java", 1, 10), new Hit("f/F.java", 1, 10), new Hit("a/A.java", 30, 39)));  // rank 6 both
        m.add(ANSWER, List.of());                                                           // nothing
        Metrics.Summary s = m.summary();
        assertThat(s.queries()).isEqualTo(4);
        assertThat(s.fnMrr()).isCloseTo((1 + 0.5 + 1.0 / 6) / 4, within(1e-9));
        assertThat(s.fileMrr()).isCloseTo((1 + 1 + 1.0 / 6) / 4, within(1e-9));
        assertThat(s.fnR1()).isEqualTo(0.25);
        assertThat(s.fnR5()).isEqualTo(0.5);
        assertThat(s.fnR10()).isEqualTo(0.75);
        assertThat(s.fileR1()).isEqualTo(0.5);
        assertThat(s.meanLines()).isCloseTo((10 + 10 + 20 + 6 * 10) / 9.0, within(1e-9));
    }
}
