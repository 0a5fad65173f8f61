package dev.codebasemcp.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UncachedDocumentEmbeddingsTest {

    private final HashingEmbedder model = new HashingEmbedder(16);
    private final List<String> texts = List.of("a much longer text than the others", "b", "medium text", "cc", "the longest text of them all, by far");

    @Test
    void cached_knowsNothing() {
        assertThat(new UncachedDocumentEmbeddings(model, 2).cached(texts)).hasSize(5).containsOnlyNulls();
    }

    @Test
    void embed_returnsEachTextsVectorInTheCallersOrder_inCallsOfAtMostCallSize() {
        AtomicInteger calls = new AtomicInteger();
        DocumentEmbeddings.Batch b = new UncachedDocumentEmbeddings(model, 2).embed(texts, calls::incrementAndGet);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(b.computed()).isEqualTo(5);
        assertThat(b.cached()).isZero();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(b.vectors().get(i)).isEqualTo(model.embedDocuments(List.of(texts.get(i))).getFirst());
        }
        assertThat(new UncachedDocumentEmbeddings(model, 2).modelId()).isEqualTo(model.modelId());
    }

    @Test
    void embed_callbackThrows_stopsBeforeTheNextModelCall() {
        AtomicInteger calls = new AtomicInteger();
        long before = model.documentsEmbedded();
        assertThatThrownBy(() -> new UncachedDocumentEmbeddings(model, 2).embed(texts, () -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("cancelled");
            }
        })).hasMessage("cancelled");
        assertThat(model.documentsEmbedded() - before).isEqualTo(2);
    }
}
