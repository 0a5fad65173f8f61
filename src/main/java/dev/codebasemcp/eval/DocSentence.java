package dev.codebasemcp.eval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw doc comment (Javadoc, JSDoc, Go {@code //} lines, a Python docstring) into the plain first sentence
 * used as a query: comment markers, inline tags, HTML, reStructuredText roles and backticks removed.
 */
final class DocSentence {
    private static final Pattern CODE_TAG = Pattern.compile("\\{@(?:code|literal)\\s+([^}]*)}");
    private static final Pattern LINK_TAG = Pattern.compile("\\{@link(?:plain)?\\s+([^}\\s(]+(?:\\([^)]*\\))?)(?:\\s+([^}]*))?}");
    private static final Pattern OTHER_TAG = Pattern.compile("\\{@\\w+\\s*([^}]*)}");
    private static final Pattern JSDOC_LINK = Pattern.compile("\\{@link\\s+([^}|\\s]+)(?:[|\\s]+([^}]*))?}");
    private static final Pattern HTML = Pattern.compile("</?[a-zA-Z][^>]*>");
    private static final Pattern RST_ROLE = Pattern.compile(":[a-z]+(?::[a-z]+)?:`~?([^`]*)`");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)");
    private static final List<String> ABBREVIATIONS = List.of("e.g", "i.e", "etc", "vs", "approx", "incl", "resp", "cf");

    private DocSentence() {
    }

    /** {@code /** ... *}{@code /} (Javadoc, JSDoc): the first sentence of the description. */
    static String fromBlockComment(String raw) {
        String body = raw.strip();
        body = body.startsWith("/**") ? body.substring(3) : body.startsWith("/*") ? body.substring(2) : body;
        body = body.endsWith("*/") ? body.substring(0, body.length() - 2) : body;
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            String l = line.strip();
            while (l.startsWith("*")) {
                l = l.substring(1);
            }
            text.append(l.strip()).append('\n');
        }
        return firstSentence(text.toString());
    }

    /** Go-style {@code //} comment lines (or one {@code /* *}{@code /} block). */
    static String fromLineComments(List<String> comments) {
        StringBuilder text = new StringBuilder();
        for (String c : comments) {
            String s = c.strip();
            if (s.startsWith("/*")) {
                return fromBlockComment(s);
            }
            s = s.startsWith("//") ? s.substring(2) : s;
            text.append(s.strip()).append('\n');
        }
        return firstSentence(text.toString());
    }

    /** A Python string literal used as a docstring, with its prefix and quotes. */
    static String fromDocstring(String literal) {
        String s = literal.strip();
        int q = 0;
        while (q < s.length() && Character.isLetter(s.charAt(q))) {
            q++;
        }
        s = s.substring(q);
        for (String quote : List.of("\"\"\"", "'''", "\"", "'")) {
            if (s.startsWith(quote) && s.endsWith(quote) && s.length() >= 2 * quote.length()) {
                s = s.substring(quote.length(), s.length() - quote.length());
                break;
            }
        }
        return firstSentence(s);
    }

    /**
     * The first sentence of the first paragraph: stops at a blank line, a block tag ({@code @param}), a
     * docstring section ({@code Args:}, {@code :param}) or a period followed by a space.
     */
    static String firstSentence(String text) {
        StringBuilder para = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                if (para.isEmpty()) {
                    continue;
                }
                break;
            }
            if (l.startsWith("@") || l.startsWith(":param") || l.startsWith(":return") || l.startsWith(":raises")
                    || l.matches("(Args|Arguments|Returns|Raises|Parameters|Example|Examples|Usage|Note):?")) {
                break;
            }
            para.append(l).append(' ');
        }
        String s = para.toString();
        s = CODE_TAG.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        s = LINK_TAG.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(2) != null && !m.group(2).isBlank() ? m.group(2) : linkTarget(m.group(1))));
        s = JSDOC_LINK.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(2) != null && !m.group(2).isBlank() ? m.group(2) : linkTarget(m.group(1))));
        s = OTHER_TAG.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        s = HTML.matcher(s).replaceAll("");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", " ").replace("&amp;", "&");
        s = RST_ROLE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        s = s.replace("`", "").replaceAll("\\s+", " ").strip();
        Matcher end = SENTENCE_END.matcher(s);
        while (end.find()) {
            String before = s.substring(0, end.start()).toLowerCase(Locale.ROOT);
            if (ABBREVIATIONS.stream().noneMatch(a -> before.endsWith(" " + a) || before.equals(a) || before.endsWith("(" + a))
                    && !before.matches(".*\\b[a-z]$")) {
                return s.substring(0, end.start()).strip();
            }
        }
        return s;
    }

    /** {@code Foo#bar(int)} reads as {@code bar}; {@code java.util.List} as {@code List}. */
    private static String linkTarget(String target) {
        String t = target;
        int paren = t.indexOf('(');
        if (paren >= 0) {
            t = t.substring(0, paren);
        }
        int hash = t.indexOf('#');
        if (hash >= 0) {
            t = t.substring(hash + 1);
        } else {
            int dot = t.lastIndexOf('.');
            if (dot >= 0 && dot < t.length() - 1) {
                t = t.substring(dot + 1);
            }
        }
        return t;
    }
}
