package dev.codebasemcp.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkEstimateTest {

    @Test
    void lexicalPhase_withMuchToEmbed_isASmallShareOfTheWork() {
        // 40 s for 1,000 of 10,000 files; 20,000 chunks to embed at the assumed 10 chunks/s.
        WorkEstimate w = WorkEstimate.of(40, 40, 1_000, 10_000, false, 20_000, 0, 0);
        assertThat(w.percentage()).isEqualTo(1.6);
        assertThat(w.etaSeconds()).isEqualTo(360 + 2_000);
    }

    @Test
    void nothingDoneYet_isZeroWithoutEta() {
        WorkEstimate w = WorkEstimate.of(3, 3, 0, 10_000, false, 0, 0, 0);
        assertThat(w.percentage()).isZero();
        assertThat(w.etaSeconds()).isNull();
    }

    @Test
    void embeddingPhase_usesItsMeasuredRate() {
        // Lexical phase took 60 s; 100 s of embedding did 2,000 chunks (20/s); 6,000 left → 300 s.
        WorkEstimate w = WorkEstimate.of(160, 60, 10_000, 10_000, true, 6_000, 2_000, 100);
        assertThat(w.etaSeconds()).isEqualTo(300);
        assertThat(w.percentage()).isEqualTo(34.7);
    }

    @Test
    void embeddingPhase_beforeAnyVectorIsMeasured_usesThePriorButGivesNoEta() {
        WorkEstimate w = WorkEstimate.of(60, 60, 10_000, 10_000, true, 600, 0, 0);
        assertThat(w.percentage()).isEqualTo(50.0);
        assertThat(w.etaSeconds()).isNull();
    }

    @Test
    void nothingLeft_isCappedBelowDone() {
        assertThat(WorkEstimate.of(10, 10, 5, 5, true, 0, 0, 0).percentage()).isEqualTo(99.0);
    }
}
