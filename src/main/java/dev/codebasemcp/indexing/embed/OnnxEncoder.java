package dev.codebasemcp.indexing.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One ONNX Runtime session of a BERT-style encoder that turns one unpadded sequence of input ids into a pooled,
 * L2-normalised vector: the CLS token's output (bge) or the mean of every token's output (sentence-transformers
 * models such as all-MiniLM; with one unpadded sequence every token, [CLS] and [SEP] included, has mask 1). {@link #embed} is safe to call from several threads at once;
 * ONNX Runtime allows concurrent runs on one session.
 */
final class OnnxEncoder implements AutoCloseable {

    private static final String OUTPUT = "last_hidden_state";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean wantsTokenTypes;
    private final int dimension;
    private final OnnxModel.Pooling pooling;

    /**
     * @param intraOpThreads threads ONNX Runtime may use inside one run; 1 means the run stays on the calling thread
     * @param allowSpinning  whether idle intra-op threads busy-wait for work (only matters when intraOpThreads > 1)
     */
    OnnxEncoder(byte[] model, OnnxModel.Pooling pooling, int intraOpThreads, boolean allowSpinning, String name) {
        this.pooling = Objects.requireNonNull(pooling, "pooling");
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1: " + intraOpThreads);
        }
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Memory patterns are cached per input shape; sequence lengths differ on nearly every run, so they
            // would only accumulate. The arena still reuses buffers.
            options.setMemoryPatternOptimization(false);
            options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            options.setLoggerId(name);
            this.session = environment.createSession(model, options);
            this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
            if (!session.getOutputNames().contains(OUTPUT)) {
                session.close();
                throw new IllegalStateException("ONNX model has no output " + OUTPUT + ": " + session.getOutputNames());
            }
            long[] shape = ((TensorInfo) session.getOutputInfo().get(OUTPUT).getInfo()).getShape();
            this.dimension = Math.toIntExact(shape[shape.length - 1]);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create ONNX Runtime session " + name + ": " + e.getMessage(), e);
        }
    }

    int dimension() {
        return dimension;
    }

    /** Runs the model on {@code ids} (already {@code [CLS] ... [SEP]}) and returns the unit-length pooled vector. */
    float[] embed(long[] ids) {
        long[] shape = {1, ids.length};
        long[] ones = new long[ids.length];
        Arrays.fill(ones, 1L);
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(ones), shape);
             OnnxTensor types = wantsTokenTypes
                     ? OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape)
                     : null) {
            Map<String, OnnxTensor> inputs = types == null
                    ? Map.of("input_ids", inputIds, "attention_mask", mask)
                    : Map.of("input_ids", inputIds, "attention_mask", mask, "token_type_ids", types);
            try (OrtSession.Result result = session.run(inputs, Set.of(OUTPUT))) {
                // last_hidden_state is [1, seq, dim] in row-major order: the CLS token's vector comes first.
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] pooled = new float[dimension];
                hidden.get(pooled);
                if (pooling == OnnxModel.Pooling.MEAN) {
                    for (int t = 1; t < ids.length; t++) {
                        for (int d = 0; d < dimension; d++) {
                            pooled[d] += hidden.get();
                        }
                    }
                    // dividing by the token count is skipped: normalising removes any common scale
                }
                return VectorMath.normalizeInPlace(pooled);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a sequence of " + ids.length + " tokens: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
