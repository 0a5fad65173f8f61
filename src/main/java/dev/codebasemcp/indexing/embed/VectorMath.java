package dev.codebasemcp.indexing.embed;

/** Small vector helpers shared by the embedders. */
final class VectorMath {

    private VectorMath() {}

    /** Scales {@code v} in place to unit length; fails on a zero vector, which has no direction. */
    static float[] normalizeInPlace(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0 || !Double.isFinite(sum)) {
            throw new IllegalStateException("cannot normalise a vector of norm " + Math.sqrt(sum));
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
