package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.treesitter.TSNode;

/**
 * Cuts one parsed file into pieces: definitions (with the comments and attributes directly above them), the code
 * between them, and the parts of whatever is too big.
 *
 * <p>Each level (the file, the body of a type) is a list of items: member nodes with their leading comments, in
 * line order, never sharing a line (items on one line are fused). Lines no member covers (a closing brace, an
 * {@code #endif}) become items too, so no line is lost. A run of non-definition items is cut by the
 * {@link LineSplitter} at its cheapest boundaries; a definition that fits is one piece; a type that does not fit
 * becomes its header (declaration, doc comment) plus a nested level for its members; anything else that does not
 * fit is cut at the boundaries between its statements (costed by syntax depth). One instance per file.
 */
final class SyntaxChunker {
    private static final int MAX_DEPTH = 40;

    private final Grammar grammar;
    private final SourceText src;
    private final LineSplitter splitter;
    private final List<Piece> out = new ArrayList<>();

    SyntaxChunker(Grammar grammar, SourceText src, LineSplitter splitter) {
        this.grammar = grammar;
        this.src = src;
        this.splitter = splitter;
    }

    List<Piece> chunk(TSNode root) {
        int last = src.lastLine();
        List<Item> items = items(members(root, false), last);
        fillGaps(items, 0, last);
        level(items, new Context(null, false, "module", null));
        return out;
    }

    private record Context(String prefix, boolean inType, String codeKind, String codeSymbol) {
    }

    /** Member nodes of a level, looking through namespaces, preprocessor conditionals and the like. */
    private List<TSNode> members(TSNode node, boolean inline) {
        List<TSNode> result = new ArrayList<>();
        for (Nodes.Child c : Nodes.children(node)) {
            TSNode n = c.node();
            if (!n.isNamed()) {
                continue;
            }
            if (inline && "body".equals(c.field())) {
                result.addAll(members(n, false));
            } else if (!inline || c.field() == null) {
                TSNode through = grammar.lookThrough(n);
                if (through != null) {
                    result.addAll(members(through, false));
                } else {
                    result.add(n);
                }
            }
        }
        return result;
    }

    private List<Item> items(List<TSNode> members, int hi) {
        List<Item> items = new ArrayList<>();
        List<Item> pending = new ArrayList<>();
        for (TSNode m : members) {
            int start = Nodes.startRow(m);
            if (start > hi) {
                break;
            }
            if (grammar.isLeading(m.getType())) {
                Item comment = new Item(start, Math.min(Nodes.endRow(m), hi), m, null);
                comment.comment = true;
                Item last = items.isEmpty() ? null : items.getLast();
                if (pending.isEmpty() && last != null && start <= last.end) {
                    last.absorb(comment);
                } else if (m.getStartPoint().getColumn() == src.leadingWhitespace(start)) {
                    pending.add(comment);
                } else {
                    // after code on its line (e.g. "}  // namespace ns"): not the doc of what follows
                    pending.forEach(p -> add(items, p));
                    pending.clear();
                    add(items, comment);
                }
                continue;
            }
            Peel peel = peel(m);
            Definition def = grammar.define(m, src);
            int attachFrom = pending.size();
            if (def != null) {
                int next = start;
                for (int i = pending.size() - 1; i >= 0 && pending.get(i).end >= next - 1; i--) {
                    attachFrom = i;
                    next = pending.get(i).start;
                }
            }
            for (int i = 0; i < attachFrom; i++) {
                add(items, pending.get(i));
            }
            Item item = new Item(start, Math.min(peel.coreEnd, hi), m, def);
            for (int i = pending.size() - 1; i >= attachFrom; i--) {
                item.start = pending.get(i).start;
                item.nodes.addFirst(pending.get(i).nodes.getFirst());
            }
            pending.clear();
            add(items, item);
            for (TSNode t : peel.trailing) {
                if (Nodes.startRow(t) <= hi) {
                    Item comment = new Item(Nodes.startRow(t), Math.min(Nodes.endRow(t), hi), t, null);
                    comment.comment = true;
                    pending.add(comment);
                }
            }
        }
        for (Item p : pending) {
            add(items, p);
        }
        return items;
    }

    private static void add(List<Item> items, Item item) {
        Item last = items.isEmpty() ? null : items.getLast();
        if (last != null && item.start <= last.end) {
            last.absorb(item);
        } else {
            items.add(item);
        }
    }

    /** Trailing comments on later lines that a grammar put inside the node (they belong to what follows). */
    private record Peel(int coreEnd, List<TSNode> trailing) {
    }

    private Peel peel(TSNode node) {
        int end = Nodes.endRow(node);
        List<TSNode> trailing = new ArrayList<>();
        int coreEnd = end;
        TSNode n = node;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            int i = n.getChildCount() - 1;
            TSNode last = null;
            while (i >= 0) {
                last = n.getChild(i);
                if (!grammar.isComment(last.getType())) {
                    break;
                }
                trailing.add(last);
                i--;
            }
            if (i < 0) {
                break;
            }
            coreEnd = Nodes.endRow(last);
            n = last;
        }
        final int core = coreEnd;
        List<TSNode> kept = new ArrayList<>();
        for (TSNode t : trailing) {
            if (Nodes.startRow(t) > core) {
                kept.add(t);
            }
        }
        if (kept.isEmpty()) {
            return new Peel(end, List.of());
        }
        kept.sort(Comparator.comparingInt(Nodes::startRow));
        return new Peel(core, kept);
    }

    /** Adds an item for every stretch of non-blank lines in {@code lo..hi} that no item covers. */
    private void fillGaps(List<Item> items, int lo, int hi) {
        List<Item> gaps = new ArrayList<>();
        int line = lo;
        for (Item it : items) {
            addGap(gaps, line, it.start - 1);
            line = Math.max(line, it.end + 1);
        }
        addGap(gaps, line, hi);
        if (!gaps.isEmpty()) {
            items.addAll(gaps);
            items.sort(Comparator.comparingInt(it -> it.start));
        }
    }

    private void addGap(List<Item> gaps, int from, int to) {
        int s = src.firstNonBlank(from, to);
        if (s >= 0) {
            gaps.add(new Item(s, src.lastNonBlank(from, to), null, null));
        }
    }

    private void level(List<Item> items, Context ctx) {
        List<Item> run = new ArrayList<>();
        for (Item it : items) {
            if (it.def != null) {
                code(run, ctx);
                definition(it, ctx);
            } else {
                run.add(it);
            }
        }
        code(run, ctx);
    }

    private void code(List<Item> run, Context ctx) {
        if (run.isEmpty()) {
            return;
        }
        int from = run.getFirst().start;
        int to = run.getLast().end;
        Costs costs = new Costs(from, to);
        for (Item it : run) {
            for (TSNode n : it.nodes) {
                costs.walk(n, 1);
            }
        }
        for (int[] part : splitter.split(from, to, costs.finish())) {
            out.add(new Piece(part[0], part[1], false, ctx.codeKind, ctx.codeSymbol));
        }
        run.clear();
    }

    private void definition(Item it, Context ctx) {
        Definition def = it.def;
        String kind = ctx.inType && def.kind().equals("function") ? "method" : def.kind();
        String symbol = def.name() == null ? ctx.prefix
                : ctx.prefix == null ? def.name() : ctx.prefix + grammar.separator + def.name();
        if (splitter.fits(it.start, it.end)) {
            out.add(new Piece(it.start, it.end, true, kind, symbol));
        } else if (!def.type() || def.members() == null || !container(it, def, kind, symbol)) {
            split(it, it.start, it.end, kind, symbol);
        }
    }

    /** A type too big for one chunk: its header, then its members as a level of their own. */
    private boolean container(Item it, Definition def, String kind, String symbol) {
        List<Item> items = items(members(def.members(), def.inline()), it.end);
        int declRow = Nodes.startRow(it.node);
        while (!items.isEmpty() && items.getFirst().start <= declRow) {
            items.removeFirst();
        }
        if (items.stream().noneMatch(m -> m.def != null)) {
            return false;
        }
        int headerEnd = items.getFirst().start - 1;
        fillGaps(items, headerEnd + 1, it.end);
        split(it, it.start, headerEnd, kind, symbol);
        level(items, new Context(symbol, true, "block", symbol));
        return true;
    }

    /** Lines {@code from..to} of a definition item, cut between statements when too big. */
    private void split(Item it, int from, int to, String kind, String symbol) {
        Costs costs = new Costs(from, to);
        int nodeStart = Nodes.startRow(it.node);
        costs.walk(it.node, 0);
        costs.unsplittable(from, nodeStart - 1);
        for (int[] part : splitter.split(from, to, costs.finish())) {
            out.add(new Piece(part[0], part[1], true, kind, symbol));
        }
    }

    /** Boundary costs for the lines {@code from..to}: the deeper the syntax spanning a boundary, the dearer. */
    private final class Costs {
        private final int from;
        private final int to;
        private final int[] depth;
        private final boolean[] commentEnds;

        Costs(int from, int to) {
            this.from = from;
            this.to = to;
            depth = new int[Math.max(0, to - from)];
            commentEnds = new boolean[depth.length];
        }

        void walk(TSNode node, int level) {
            int start = Nodes.startRow(node);
            int end = Nodes.endRow(node);
            if (end < from || start > to) {
                return;
            }
            String type = node.getType();
            if (grammar.isLeading(type) && end >= from && end < to) {
                commentEnds[end - from] = true;
            }
            if (end <= start) {
                return;
            }
            boolean atomic = grammar.isAtomic(type);
            int cost = atomic ? LineSplitter.UNSPLITTABLE : Math.min(level, MAX_DEPTH) * 4;
            for (int b = Math.max(start, from); b <= Math.min(end - 1, to - 1); b++) {
                depth[b - from] = Math.max(depth[b - from], cost);
            }
            if (!atomic && level < MAX_DEPTH) {
                for (Nodes.Child c : Nodes.children(node)) {
                    walk(c.node(), level + 1);
                }
            }
        }

        void unsplittable(int a, int b) {
            for (int line = Math.max(a, from); line <= Math.min(b, to - 1); line++) {
                depth[line - from] = LineSplitter.UNSPLITTABLE;
            }
        }

        int[] finish() {
            for (int i = 0; i < depth.length; i++) {
                int line = from + i;
                boolean nearBlank = src.isBlank(line) || src.isBlank(line + 1);
                depth[i] += (nearBlank ? 0 : 1) + (commentEnds[i] && !nearBlank ? 2 : 0);
            }
            return depth;
        }
    }

    /** Lines {@code start..end} of one level: member nodes with their leading comments, or uncovered lines. */
    private static final class Item {
        int start;
        int end;
        TSNode node;
        Definition def;
        boolean comment;
        final List<TSNode> nodes = new ArrayList<>();

        Item(int start, int end, TSNode node, Definition def) {
            this.start = start;
            this.end = end;
            this.node = node;
            this.def = def;
            if (node != null) {
                nodes.add(node);
            }
        }

        /** Fuses an item sharing a line with this one; unless it is a comment, the result is plain code. */
        void absorb(Item other) {
            end = Math.max(end, other.end);
            nodes.addAll(other.nodes);
            if (!other.comment) {
                def = null;
            }
        }
    }
}
