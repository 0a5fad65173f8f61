package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.CacheCap;
import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.HalfFloats;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embedding cache in the registry database (table {@code embedding_cache}, registry migration V3), shared by
 * every process and project on the server. A lookup is one {@code = ANY(?)} query per batch; a put is one
 * multi-row statement with {@code ON CONFLICT DO NOTHING}, so concurrent writers of the same key never fail.
 */
final class PostgresEmbeddingCache implements EmbeddingCache {


    private final PostgresDatabase db;
    private final InstantSource clock;
    private final CacheCap cap;

    PostgresEmbeddingCache(PostgresDatabase db, InstantSource clock, long maxEntries) {
        this.db = db;
        this.clock = clock;
        this.cap = new CacheCap(maxEntries);
    }

    @Override
    public Map<String, float[]> get(String modelId, List<String> textHashes) {
        Objects.requireNonNull(modelId, "modelId");
        if (textHashes.isEmpty()) {
            return Map.of();
        }
        byte[][] keys = textHashes.stream().distinct().map(HalfFloats::hashBytes).toArray(byte[][]::new);
        Instant now = clock.instant();
        List<byte[]> stale = new ArrayList<>();
        Map<String, float[]> found = db.autocommit("looking up cached embeddings", c -> {
            Map<String, float[]> out = new HashMap<>();
            Array array = c.createArrayOf("bytea", keys);
            try (PreparedStatement ps = c.prepareStatement("SELECT text_hash, vector, last_used FROM embedding_cache "
                    + "WHERE model = ? AND text_hash = ANY(?)")) {
                ps.setString(1, modelId);
                ps.setArray(2, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] hash = rs.getBytes(1);
                        out.put(HalfFloats.hashHex(hash), HalfFloats.decode(rs.getBytes(2)));
                        if (now.getEpochSecond() - PostgresJobRows.instant(rs, 3).getEpochSecond() > CacheCap.TOUCH_AFTER_SECONDS) {
                            stale.add(hash);
                        }
                    }
                }
            } finally {
                array.free();
            }
            return out;
        });
        if (!stale.isEmpty()) {
            touch(modelId, stale.toArray(byte[][]::new), now);
        }
        return found;
    }

    @Override
    public void put(String modelId, Map<String, float[]> vectorsByHash) {
        Objects.requireNonNull(modelId, "modelId");
        if (vectorsByHash.isEmpty()) {
            return;
        }
        // Rows go in in hash order: two processes storing overlapping keys then wait on each other in the same
        // order instead of deadlocking (an insert waits for an uncommitted insert of the same key).
        List<Map.Entry<String, float[]>> rows = new ArrayList<>(vectorsByHash.entrySet());
        rows.sort(Map.Entry.comparingByKey());
        int n = rows.size();
        byte[][] hashes = new byte[n][];
        byte[][] vectors = new byte[n][];
        for (int i = 0; i < n; i++) {
            hashes[i] = HalfFloats.hashBytes(rows.get(i).getKey());
            vectors[i] = HalfFloats.encode(rows.get(i).getValue());
        }
        Instant now = clock.instant();
        int inserted = db.autocommit("storing embeddings in the cache", c -> {
            Array hashArray = c.createArrayOf("bytea", hashes);
            Array vectorArray = c.createArrayOf("bytea", vectors);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO embedding_cache (model, text_hash, vector, last_used) "
                    + "SELECT ?, h, v, ? FROM unnest(?::bytea[], ?::bytea[]) WITH ORDINALITY AS t(h, v, i) ORDER BY i "
                    + "ON CONFLICT DO NOTHING")) {
                ps.setString(1, modelId);
                PostgresJobRows.bindInstant(ps, 2, now);
                ps.setArray(3, hashArray);
                ps.setArray(4, vectorArray);
                return ps.executeUpdate();
            } finally {
                hashArray.free();
                vectorArray.free();
            }
        });
        if (cap.trimDueAfter(inserted)) {
            trim();
        }
    }

    @Override
    public long size() {
        return db.autocommit("counting cached embeddings", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM embedding_cache");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Deletes the least recently used entries beyond the cap. Rows locked by a concurrent trim or touch are skipped
     * (SKIP LOCKED), so housekeeping never waits on, or deadlocks with, another process; at worst it overshoots.
     */
    private void trim() {
        db.autocommit("evicting cached embeddings", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM embedding_cache WHERE ctid IN ("
                    + "SELECT ctid FROM embedding_cache ORDER BY last_used "
                    + "LIMIT greatest(0, (SELECT count(*) FROM embedding_cache) - ?) FOR UPDATE SKIP LOCKED)")) {
                ps.setLong(1, cap.maxEntries());
                return ps.executeUpdate();
            }
        });
    }

    private void touch(String modelId, byte[][] hashes, Instant now) {
        db.autocommit("refreshing cached embeddings", c -> {
            Array array = c.createArrayOf("bytea", hashes);
            // Advisory: rows another process holds (a trim deleting them) are skipped rather than waited for.
            try (PreparedStatement ps = c.prepareStatement("UPDATE embedding_cache SET last_used = ? WHERE ctid IN ("
                    + "SELECT ctid FROM embedding_cache WHERE model = ? AND text_hash = ANY(?) FOR UPDATE SKIP LOCKED)")) {
                PostgresJobRows.bindInstant(ps, 1, now);
                ps.setString(2, modelId);
                ps.setArray(3, array);
                return ps.executeUpdate();
            } finally {
                array.free();
            }
        });
    }
}
