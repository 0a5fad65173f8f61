package dev.codebasemcp.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an assistant without a code index does: drop stopwords, grep each remaining word case-insensitively
 * (ripgrep-style substring hits per line) and open the 30-line windows where the most distinct words occur.
 * A window starts {@value #LEAD} lines above a hit line; a window's score is the number of distinct query words in
 * it, ties broken by the number of hit lines. Windows of one file do not overlap.
 */
public final class KeywordBaseline implements Retriever {
    static final int WINDOW = 30;
    static final int LEAD = 10;
    static final Set<String> STOPWORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has",
            "have", "if", "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "then", "there", "these",
            "this", "to", "was", "were", "will", "with", "which", "when", "where", "who", "whether", "not", "no", "any", "all",
            "can", "may", "must", "should", "would", "could", "does", "do", "than", "such", "so", "but", "also", "only", "other",
            "same", "some", "each", "one", "two", "used", "use", "using", "given", "returns", "return", "new");

    private final Map<String, Map<String, String[]>> linesByLanguage;

    /** {@code files}: per language, path to the (blanked) file text. */
    public KeywordBaseline(Map<String, Map<String, String>> files) {
        this.linesByLanguage = new java.util.HashMap<>();
        files.forEach((lang, byPath) -> {
            Map<String, String[]> lines = new java.util.TreeMap<>();
            byPath.forEach((p, text) -> lines.put(p, text.toLowerCase(Locale.ROOT).split("\n", -1)));
            linesByLanguage.put(lang, lines);
        });
    }

    /** The words an assistant would grep for: lower case, 3+ characters, no stopwords, first occurrence order. */
    static List<String> words(String query) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : query.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+")) {
            if (w.length() >= 3 && !STOPWORDS.contains(w)) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    private record Window(String path, int start, int end, int distinct, int hitLines) {}

    @Override
    public List<Hit> search(String language, String query, int limit) {
        Map<String, String[]> files = linesByLanguage.getOrDefault(language, Map.of());
        List<String> words = words(query);
        if (words.isEmpty()) {
            return List.of();
        }
        List<Window> all = new ArrayList<>();
        for (Map.Entry<String, String[]> f : files.entrySet()) {
            all.addAll(windows(f.getKey(), f.getValue(), words));
        }
        all.sort(Comparator.comparingInt(Window::distinct).reversed().thenComparing(Comparator.comparingInt(Window::hitLines).reversed())
                .thenComparing(Window::path).thenComparingInt(Window::start));
        List<Hit> out = new ArrayList<>(limit);
        for (Window w : all) {
            if (out.size() == limit) {
                break;
            }
            out.add(new Hit(w.path(), w.start(), w.end()));
        }
        return out;
    }

    /** The best non-overlapping windows of one file, best first. */
    static List<Window> windows(String path, String[] lines, List<String> words) {
        int n = lines.length;
        long[] mask = new long[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            for (int w = 0; w < words.size() && w < 64; w++) {
                if (lines[i].contains(words.get(w))) {
                    mask[i] |= 1L << w;
                    any = true;
                }
            }
        }
        if (!any) {
            return List.of();
        }
        List<Window> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (mask[i] == 0) {
                continue;
            }
            int start = Math.max(0, i - LEAD);
            int end = Math.min(n - 1, start + WINDOW - 1);
            long union = 0;
            int hitLines = 0;
            for (int k = start; k <= end; k++) {
                union |= mask[k];
                hitLines += mask[k] != 0 ? 1 : 0;
            }
            candidates.add(new Window(path, start + 1, end + 1, Long.bitCount(union), hitLines));
        }
        candidates.sort(Comparator.comparingInt(Window::distinct).reversed()
                .thenComparing(Comparator.comparingInt(Window::hitLines).reversed()).thenComparingInt(Window::start));
        List<Window> chosen = new ArrayList<>();
        for (Window c : candidates) {
            if (chosen.stream().noneMatch(o -> o.start() <= c.end() && c.start() <= o.end())) {
                chosen.add(c);
            }
        }
        return chosen;
    }
}
