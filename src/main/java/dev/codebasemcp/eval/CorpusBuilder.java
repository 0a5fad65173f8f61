package dev.codebasemcp.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a {@link CorpusSlice} from one language's source tree: writes the blanked copy (only files whose content
 * changed are rewritten, files no longer in the source are removed, so an index of it stays incremental), collects
 * the candidates, drops unfair and duplicate sentences, and samples the queries with a seeded shuffle.
 */
public final class CorpusBuilder {

    private CorpusBuilder() {
    }

    public static CorpusSlice build(String language, Path sourceRoot, Path blankedRoot, int maxQueries, long seed) {
        if (!Files.isDirectory(sourceRoot)) {
            throw new IllegalArgumentException("No corpus for " + language + " at " + sourceRoot
                    + ": run scripts/eval-fetch-corpora.sh first (or pass --corpora)");
        }
        Map<String, String> files = new TreeMap<>();
        List<DocQuery> candidates = new ArrayList<>();
        try {
            Files.createDirectories(blankedRoot);
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(sourceRoot)) {
                sources = walk.filter(Files::isRegularFile).filter(p -> !hidden(sourceRoot.relativize(p))).sorted().toList();
            }
            for (Path p : sources) {
                String rel = sourceRoot.relativize(p).toString().replace('\\', '/');
                byte[] raw = Files.readAllBytes(p);
                String text = utf8(raw);
                byte[] out = raw;
                if (text != null) {
                    DocExtractor.Extraction x = DocExtractor.extract(rel, text);
                    files.put(rel, x.blanked());
                    if (DocExtractor.languageOf(rel) != null && DocExtractor.languageOf(rel).equals(language)) {
                        candidates.addAll(x.candidates());
                    }
                    out = x.blanked().getBytes(StandardCharsets.UTF_8);
                }
                writeIfChanged(blankedRoot.resolve(rel), out);
            }
            removeOthers(blankedRoot, files.keySet(), sources.stream().map(s -> sourceRoot.relativize(s).toString().replace('\\', '/')).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Preparing the " + language + " corpus failed: " + e.getMessage(), e);
        }
        return select(language, blankedRoot, files, candidates, maxQueries, seed);
    }

    /** Filters, de-duplicates and samples candidates; deterministic for a seed. */
    static CorpusSlice select(String language, Path blankedRoot, Map<String, String> files, List<DocQuery> candidates,
                              int maxQueries, long seed) {
        Map<String, Integer> rejected = new TreeMap<>();
        Map<String, Integer> keyCount = new HashMap<>();
        List<DocQuery> fair = new ArrayList<>();
        for (DocQuery c : candidates) {
            DocQuery q = new DocQuery(c.language(), c.path(), c.symbol(), c.startLine(), c.endLine(), QueryFilter.capped(c.query()));
            String why = QueryFilter.rejection(q);
            if (why != null) {
                rejected.merge(why, 1, Integer::sum);
                continue;
            }
            keyCount.merge(QueryFilter.key(q.query()), 1, Integer::sum);
            fair.add(q);
        }
        List<DocQuery> unique = new ArrayList<>();
        for (DocQuery q : fair) {
            if (keyCount.get(QueryFilter.key(q.query())) > 1) {
                rejected.merge("duplicate", 1, Integer::sum);
            } else {
                unique.add(q);
            }
        }
        Comparator<DocQuery> order = Comparator.comparing(DocQuery::path).thenComparingInt(DocQuery::startLine);
        unique.sort(order);
        Collections.shuffle(unique, new Random(seed));
        List<DocQuery> sample = new ArrayList<>(unique.subList(0, Math.min(maxQueries, unique.size())));
        sample.sort(order);
        return new CorpusSlice(language, blankedRoot, files, sample, candidates.size(), rejected);
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void writeIfChanged(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.write(target, content);
    }

    private static void removeOthers(Path root, Set<String> keep, List<String> sources) throws IOException {
        Set<String> all = new HashSet<>(keep);
        all.addAll(sources);
        List<Path> stale;
        try (Stream<Path> walk = Files.walk(root)) {
            stale = walk.filter(Files::isRegularFile)
                    .filter(p -> !all.contains(root.relativize(p).toString().replace('\\', '/'))).toList();
        }
        for (Path p : stale) {
            Files.delete(p);
        }
    }
}
