package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.CacheCap;
import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.HalfFloats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embedding cache in registry.db (table {@code embedding_cache}, migration V3), next to the job table.
 *
 * <p>Why the same file as the jobs: a put is one short {@code BEGIN IMMEDIATE} transaction per embedder batch
 * (measured about 1 ms for 32 vectors), made a few times a second at most while the model runs, so the job
 * table's heartbeats and progress writes wait at most that long; lookups are WAL reads that never block or are
 * blocked. A second file would need its own migrations, WAL and connections for no measurable gain.
 *
 * <p>Lookups bind a fixed number of keys per statement ({@value #LOOKUP_KEYS}, padding the last statement by
 * repeating a key) so each connection keeps one prepared statement and every lookup is a primary-key probe.
 */
final class SqliteEmbeddingCache implements EmbeddingCache {

    static final int LOOKUP_KEYS = 64;
    private static final String LOOKUP_SQL = "SELECT text_hash, vector, last_used FROM embedding_cache WHERE model = ? "
            + "AND text_hash IN (" + "?,".repeat(LOOKUP_KEYS - 1) + "?)";

    private final SqliteConnections connections;
    private final InstantSource clock;
    private final CacheCap cap;

    /** @param maxEntries entries kept; beyond it the least recently used are deleted (checked every few thousand puts) */
    SqliteEmbeddingCache(SqliteConnections connections, InstantSource clock, long maxEntries) {
        this.connections = connections;
        this.clock = clock;
        this.cap = new CacheCap(maxEntries);
    }

    @Override
    public Map<String, float[]> get(String modelId, List<String> textHashes) {
        Objects.requireNonNull(modelId, "modelId");
        if (textHashes.isEmpty()) {
            return Map.of();
        }
        List<byte[]> keys = textHashes.stream().distinct().map(HalfFloats::hashBytes).toList();
        long now = nowSeconds();
        List<byte[]> stale = new ArrayList<>();
        Map<String, float[]> found = connections.read(s -> {
            Map<String, float[]> out = new HashMap<>();
            PreparedStatement ps = s.prepare(LOOKUP_SQL);
            for (int from = 0; from < keys.size(); from += LOOKUP_KEYS) {
                ps.setString(1, modelId);
                for (int i = 0; i < LOOKUP_KEYS; i++) {
                    int k = Math.min(from + i, keys.size() - 1);
                    ps.setBytes(i + 2, keys.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] hash = rs.getBytes(1);
                        out.put(HalfFloats.hashHex(hash), HalfFloats.decode(rs.getBytes(2)));
                        if (now - rs.getLong(3) > CacheCap.TOUCH_AFTER_SECONDS) {
                            stale.add(hash);
                        }
                    }
                }
            }
            return out;
        });
        if (!stale.isEmpty()) {
            touch(modelId, stale, now);
        }
        return found;
    }

    @Override
    public void put(String modelId, Map<String, float[]> vectorsByHash) {
        Objects.requireNonNull(modelId, "modelId");
        if (vectorsByHash.isEmpty()) {
            return;
        }
        List<Map.Entry<byte[], byte[]>> rows = new ArrayList<>(vectorsByHash.size());
        vectorsByHash.forEach((hash, vector) -> rows.add(Map.entry(HalfFloats.hashBytes(hash), HalfFloats.encode(vector))));
        long now = nowSeconds();
        int inserted = connections.transaction(s -> {
            PreparedStatement ps = s.prepare("INSERT INTO embedding_cache (model, text_hash, vector, last_used) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
            int n = 0;
            for (Map.Entry<byte[], byte[]> row : rows) {
                ps.setString(1, modelId);
                ps.setBytes(2, row.getKey());
                ps.setBytes(3, row.getValue());
                ps.setLong(4, now);
                n += ps.executeUpdate();
            }
            return n;
        });
        if (cap.trimDueAfter(inserted)) {
            trim();
        }
    }

    @Override
    public long size() {
        return connections.read(s -> {
            try (ResultSet rs = s.prepare("SELECT count(*) FROM embedding_cache").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Deletes the least recently used entries beyond the cap. */
    private void trim() {
        connections.transaction(s -> {
            long excess;
            try (ResultSet rs = s.prepare("SELECT count(*) FROM embedding_cache").executeQuery()) {
                rs.next();
                excess = rs.getLong(1) - cap.maxEntries();
            }
            if (excess <= 0) {
                return 0;
            }
            PreparedStatement ps = s.prepare("DELETE FROM embedding_cache WHERE (model, text_hash) IN "
                    + "(SELECT model, text_hash FROM embedding_cache ORDER BY last_used LIMIT ?)");
            ps.setLong(1, excess);
            return ps.executeUpdate();
        });
    }

    private void touch(String modelId, List<byte[]> hashes, long now) {
        connections.transaction(s -> {
            PreparedStatement ps = s.prepare("UPDATE embedding_cache SET last_used = ? WHERE model = ? AND text_hash = ?");
            for (byte[] hash : hashes) {
                ps.setLong(1, now);
                ps.setString(2, modelId);
                ps.setBytes(3, hash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
