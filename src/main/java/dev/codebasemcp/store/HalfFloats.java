package dev.codebasemcp.store;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The byte form of cached vectors: IEEE 754 half precision (binary16), little-endian, 2 bytes per dimension.
 * For unit vectors of 384 dimensions the round trip keeps cosine similarity to the original above 0.99999 (each
 * component keeps 11 significant bits; the error is far below the differences that decide a ranking), at half the
 * size of float32.
 */
public final class HalfFloats {

    private static final HexFormat HEX = HexFormat.of();

    private HalfFloats() {}

    public static byte[] encode(float[] vector) {
        Objects.requireNonNull(vector, "vector");
        byte[] bytes = new byte[vector.length * 2];
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("vector component " + i + " is not finite: " + vector[i]);
            }
            short h = Float.floatToFloat16(vector[i]);
            bytes[2 * i] = (byte) h;
            bytes[2 * i + 1] = (byte) (h >>> 8);
        }
        return bytes;
    }

    public static float[] decode(byte[] bytes) {
        if (bytes.length % 2 != 0) {
            throw new IllegalArgumentException("a half-float vector has an even number of bytes, not " + bytes.length);
        }
        float[] vector = new float[bytes.length / 2];
        for (int i = 0; i < vector.length; i++) {
            short h = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
            vector[i] = Float.float16ToFloat(h);
        }
        return vector;
    }

    /** The 32 bytes of a lowercase hex SHA-256, checked. */
    public static byte[] hashBytes(String hexSha256) {
        if (hexSha256 == null || hexSha256.length() != 64) {
            throw new IllegalArgumentException("a text hash is 64 hex digits (SHA-256), not " + hexSha256);
        }
        return HEX.parseHex(hexSha256);
    }

    public static String hashHex(byte[] sha256) {
        return HEX.formatHex(sha256);
    }
}
