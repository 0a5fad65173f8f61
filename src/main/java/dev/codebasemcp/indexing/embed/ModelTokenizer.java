package dev.codebasemcp.indexing.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * A BERT WordPiece tokenizer (HuggingFace {@code tokenizer.json} via DJL) that produces model input ids:
 * {@code [CLS] tokens [SEP]}, cut to the model's limit. Thread-safe (the native tokenizer is immutable).
 */
final class ModelTokenizer implements AutoCloseable {

    static {
        // DJL "calls home" (EC2 metadata, then an S3 telemetry URL) whenever a tokenizer is created, and may try to
        // download native code. This server must work offline and send nothing anywhere: opt out unless the
        // operator explicitly set these.
        setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.offline", "DJL_OFFLINE", "true");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final int maxTokens;

    ModelTokenizer(byte[] tokenizerJson, int maxTokens) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS] and [SEP]: " + maxTokens);
        }
        this.maxTokens = maxTokens;
        try {
            // No padding (one sequence per run) and no tokenizer-side truncation: ids() truncates itself so that
            // countTokens() can report the full length with the same tokenizer.
            this.tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson),
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer.json", e);
        }
    }

    int maxTokens() {
        return maxTokens;
    }

    /** Full token count including {@code [CLS]} and {@code [SEP]}. */
    int count(String text) {
        return encode(text).length;
    }

    /**
     * Input ids for a document (see {@link DocumentBudget}): the whole text when it fits in {@link #maxTokens()};
     * otherwise its first line (the header), the leading comment up to half of what remains, and the code lines
     * that fit after it.
     */
    long[] documentIds(String text) {
        long[] ids = encode(text);
        if (ids.length <= maxTokens) {
            return ids;
        }
        return DocumentBudget.fit(text, maxTokens, ids[0], ids[ids.length - 1], this::encodeWithoutSpecials);
    }

    /**
     * Input ids for the model: at most {@link #maxTokens()}, keeping the head of the text and the closing
     * {@code [SEP]}, which is what HuggingFace truncation does for a single BERT sequence.
     */
    long[] ids(String text) {
        long[] ids = encode(text);
        if (ids.length <= maxTokens) {
            return ids;
        }
        long[] cut = Arrays.copyOf(ids, maxTokens);
        cut[maxTokens - 1] = ids[ids.length - 1];
        return cut;
    }

    private long[] encodeWithoutSpecials(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    private long[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, true, false);
        return encoding.getIds();
    }

    private static void setIfAbsent(String property, String environmentVariable, String value) {
        if (System.getProperty(property) == null && System.getenv(environmentVariable) == null) {
            System.setProperty(property, value);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
