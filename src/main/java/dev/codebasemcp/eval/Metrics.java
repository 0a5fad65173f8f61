package dev.codebasemcp.eval;

import java.util.List;

/**
 * Accumulates ranking quality over queries. A hit answers at file level when its path is the answer's, at function
 * level when it also overlaps the answer's lines. MRR@10 is the mean of 1/rank of the first answering hit (0 when
 * none is in the top 10); Recall@k the share of queries answered within the top k. Result length is the mean line
 * count of all returned hits (top 10).
 */
public final class Metrics {
    public static final int CUTOFF = 10;

    /** Figures over a set of queries; all in [0, 1] except {@code meanLines} and {@code queries}. */
    public record Summary(int queries, double fileMrr, double fileR1, double fileR5, double fileR10, double fnMrr, double fnR1,
                          double fnR5, double fnR10, double meanLines) {}

    private int queries;
    private double fileRr;
    private double fnRr;
    private final int[] fileWithin = new int[CUTOFF + 1];
    private final int[] fnWithin = new int[CUTOFF + 1];
    private long hitLines;
    private long hits;

    /** 1-based rank of the first hit in the answer's file, or 0 when none within the cutoff. */
    static int fileRank(List<Hit> ranking, DocQuery answer) {
        for (int i = 0; i < Math.min(CUTOFF, ranking.size()); i++) {
            if (ranking.get(i).path().equals(answer.path())) {
                return i + 1;
            }
        }
        return 0;
    }

    /** 1-based rank of the first hit overlapping the answer's lines, or 0 when none within the cutoff. */
    static int functionRank(List<Hit> ranking, DocQuery answer) {
        for (int i = 0; i < Math.min(CUTOFF, ranking.size()); i++) {
            if (ranking.get(i).overlaps(answer)) {
                return i + 1;
            }
        }
        return 0;
    }

    public synchronized void add(DocQuery answer, List<Hit> ranking) {
        queries++;
        int f = fileRank(ranking, answer);
        int g = functionRank(ranking, answer);
        if (f > 0) {
            fileRr += 1.0 / f;
            fileWithin[f]++;
        }
        if (g > 0) {
            fnRr += 1.0 / g;
            fnWithin[g]++;
        }
        for (int i = 0; i < Math.min(CUTOFF, ranking.size()); i++) {
            hitLines += ranking.get(i).lines();
            hits++;
        }
    }

    public synchronized void addAll(Metrics other) {
        queries += other.queries;
        fileRr += other.fileRr;
        fnRr += other.fnRr;
        for (int i = 0; i <= CUTOFF; i++) {
            fileWithin[i] += other.fileWithin[i];
            fnWithin[i] += other.fnWithin[i];
        }
        hitLines += other.hitLines;
        hits += other.hits;
    }

    public synchronized Summary summary() {
        double n = Math.max(1, queries);
        return new Summary(queries, fileRr / n, within(fileWithin, 1) / n, within(fileWithin, 5) / n, within(fileWithin, 10) / n,
                fnRr / n, within(fnWithin, 1) / n, within(fnWithin, 5) / n, within(fnWithin, 10) / n,
                hits == 0 ? 0 : (double) hitLines / hits);
    }

    private static int within(int[] counts, int k) {
        int s = 0;
        for (int i = 1; i <= k; i++) {
            s += counts[i];
        }
        return s;
    }
}
