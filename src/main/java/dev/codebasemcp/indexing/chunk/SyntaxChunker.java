package dev.codebasemcp.indexing.chunk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
    private int scopes;

    SyntaxChunker(Grammar grammar, SourceText src, LineSplitter splitter) {
        this.grammar = grammar;
        this.src = src;
        this.splitter = splitter;
    }

    List<Piece> chunk(SyntaxNode root) {
        int last = src.lastLine();
        List<Item> items = items(members(root, false), last);
        fillGaps(items, 0, last);
        level(items, new Context(null, false, "module", null, scopes++));
        return out;
    }

    private record Context(String prefix, boolean inType, String codeKind, String codeSymbol, int scope) {
    }

    /** A member node and its type. */
    private record Member(SyntaxNode node, String type) {
    }

    /** Member nodes of a level, looking through namespaces, preprocessor conditionals and the like. */
    private List<Member> members(SyntaxNode node, boolean inline) {
        List<Member> result = new ArrayList<>();
        List<Nodes.Child> children = inline ? Nodes.childrenWithFields(node) : Nodes.namedChildrenOf(node);
        for (Nodes.Child c : children) {
            SyntaxNode n = c.node();
            if (inline && !n.isNamed()) {
                continue;
            }
            if (inline && "body".equals(c.field())) {
                result.addAll(members(n, false));
            } else if (!inline || c.field() == null) {
                String type = n.getType();
                SyntaxNode through = grammar.lookThrough(n, type);
                if (through != null) {
                    result.addAll(members(through, false));
                } else {
                    result.add(new Member(n, type));
                }
            }
        }
        return result;
    }

    private List<Item> items(List<Member> members, int hi) {
        List<Item> items = new ArrayList<>();
        List<Item> pending = new ArrayList<>();
        for (Member member : members) {
            SyntaxNode m = member.node();
            int startByte = m.getStartByte();
            int endByte = m.getEndByte();
            long rows = src.rowsOfBytes(startByte, endByte);
            int start = SourceText.startOf(rows);
            if (start > hi) {
                break;
            }
            if (grammar.isLeading(member.type())) {
                Item comment = new Item(start, Math.min(SourceText.endOf(rows), hi), m, null);
                comment.comment = true;
                Item last = items.isEmpty() ? null : items.getLast();
                if (pending.isEmpty() && last != null && start <= last.end) {
                    last.absorb(comment);
                } else if (src.startsLine(startByte, start)) {
                    pending.add(comment);
                } else {
                    // after code on its line (e.g. "}  // namespace ns"): not the doc of what follows
                    pending.forEach(p -> add(items, p));
                    pending.clear();
                    add(items, comment);
                }
                continue;
            }
            Peel peel = peel(m, SourceText.endOf(rows), endByte);
            Definition def = grammar.define(m, member.type(), src);
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
            for (SyntaxNode t : peel.trailing) {
                long trailingRows = src.rows(t);
                if (SourceText.startOf(trailingRows) <= hi) {
                    Item comment = new Item(SourceText.startOf(trailingRows),
                            Math.min(SourceText.endOf(trailingRows), hi), t, null);
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

    /**
     * Trailing comments on later lines that a grammar put inside the node (they belong to what follows), and the
     * last row of the node's own code, ignoring them and zero-width tokens (Scala's indentation grammar ends a
     * block where the next line's code starts).
     */
    private record Peel(int coreEnd, List<SyntaxNode> trailing) {
    }

    private Peel peel(SyntaxNode node, int end, int endByte) {
        if (!src.endsAfterCode(endByte)) {
            return new Peel(end, List.of());
        }
        List<SyntaxNode> trailing = new ArrayList<>();
        int coreEnd = end;
        SyntaxNode n = node;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            int i = n.getChildCount() - 1;
            SyntaxNode last = null;
            while (i >= 0) {
                last = n.getChild(i);
                if (last.getStartByte() == last.getEndByte()) {
                    i--;
                    continue;
                }
                if (!grammar.isComment(last)) {
                    break;
                }
                trailing.add(last);
                i--;
            }
            if (i < 0) {
                break;
            }
            coreEnd = src.endRow(last);
            n = last;
        }
        final int core = coreEnd;
        List<SyntaxNode> kept = new ArrayList<>();
        for (SyntaxNode t : trailing) {
            if (src.startRow(t) > core) {
                kept.add(t);
            }
        }
        kept.sort(Comparator.comparingInt(src::startRow));
        return new Peel(Math.min(core, end), kept);
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
        BoundaryCosts costs = new BoundaryCosts(grammar, src, from, to);
        for (Item it : run) {
            for (SyntaxNode n : it.nodes) {
                costs.walk(n, 1);
            }
        }
        for (int[] part : splitter.split(from, to, costs.finish())) {
            out.add(new Piece(part[0], part[1], false, ctx.codeKind, ctx.codeSymbol, ctx.scope, false, false));
        }
        run.clear();
    }

    private void definition(Item it, Context ctx) {
        Definition def = it.def;
        String kind = ctx.inType && def.kind().equals("function") ? "method" : def.kind();
        String symbol = def.name() == null ? ctx.prefix
                : ctx.prefix == null ? def.name() : ctx.prefix + grammar.separator + def.name();
        if (splitter.fits(it.start, it.end)) {
            out.add(new Piece(it.start, it.end, true, kind, symbol, ctx.scope, false, false));
        } else if (!def.type() || def.members() == null || !container(it, def, kind, symbol)) {
            split(it, it.start, it.end, kind, symbol, ctx.scope, false);
        }
    }

    /** A type too big for one chunk: its header, then its members as a level of their own. */
    private boolean container(Item it, Definition def, String kind, String symbol) {
        List<Item> items = items(members(def.members(), def.inline()), it.end);
        int declRow = src.startRow(it.node);
        while (!items.isEmpty() && items.getFirst().start <= declRow) {
            items.removeFirst();
        }
        if (items.stream().noneMatch(m -> m.def != null)) {
            return false;
        }
        int headerEnd = items.getFirst().start - 1;
        fillGaps(items, headerEnd + 1, it.end);
        int scope = scopes++;
        split(it, it.start, headerEnd, kind, symbol, scope, true);
        level(items, new Context(symbol, true, "block", symbol, scope));
        return true;
    }

    /** Lines {@code from..to} of a definition item, cut between statements when too big. */
    private void split(Item it, int from, int to, String kind, String symbol, int scope, boolean header) {
        BoundaryCosts costs = new BoundaryCosts(grammar, src, from, to);
        int nodeStart = src.startRow(it.node);
        costs.walk(it.node, 0);
        costs.unsplittable(from, nodeStart - 1);
        List<int[]> parts = splitter.split(from, to, costs.finish());
        for (int i = 0; i < parts.size(); i++) {
            int[] part = parts.get(i);
            boolean last = i == parts.size() - 1;
            out.add(new Piece(part[0], part[1], true, kind, symbol, scope, header && last, parts.size() > 1));
        }
    }

    /** Lines {@code start..end} of one level: member nodes with their leading comments, or uncovered lines. */
    private static final class Item {
        int start;
        int end;
        SyntaxNode node;
        Definition def;
        boolean comment;
        final List<SyntaxNode> nodes = new ArrayList<>();

        Item(int start, int end, SyntaxNode node, Definition def) {
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
