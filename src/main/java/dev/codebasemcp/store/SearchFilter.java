package dev.codebasemcp.store;

import dev.codebasemcp.InvalidInputException;
import java.util.Locale;

/**
 * Filters a search leg. Every field is optional (null = no filter).
 *
 * @param repositoryId exact repository id
 * @param language     language id as recorded on chunks ({@code java}, {@code python}, ...), lowercase
 * @param fileExtension file extension without the dot, lowercase ({@code py}, {@code ts})
 * @param pathPrefix   repo-relative directory; matches whole path segments ({@code src/main} matches
 *                     {@code src/main/A.java}, not {@code src/mainframe/B.java}); mutually exclusive with pathRegex
 * @param pathRegex    a regular expression over the whole repo-relative path compiled from a glob by {@link #of};
 *                     uses only constructs that Lucene RegExp, java.util.regex and PostgreSQL {@code ~} share
 */
public record SearchFilter(String repositoryId, String language, String fileExtension, String pathPrefix, String pathRegex) {

    public static final SearchFilter NONE = new SearchFilter(null, null, null, null, null);

    /**
     * Builds a filter from user input. {@code directory} containing any of {@code * ? [} is a glob
     * ({@code *} and {@code ?} stay within a segment, {@code **} crosses segments); otherwise a segment prefix.
     */
    public static SearchFilter of(String repositoryId, String language, String fileType, String directory) {
        String lang = blankToNull(language) == null ? null : language.trim().toLowerCase(Locale.ROOT);
        String ext = null;
        if (blankToNull(fileType) != null) {
            ext = fileType.trim().toLowerCase(Locale.ROOT);
            if (ext.startsWith("*.")) {
                ext = ext.substring(2);
            } else if (ext.startsWith(".")) {
                ext = ext.substring(1);
            }
            if (ext.isEmpty() || !ext.matches("[a-z0-9_+\\-]{1,16}")) {
                throw new InvalidInputException("file_type '" + fileType + "' is not a file extension; use e.g. 'py', '.ts' or 'java'");
            }
        }
        String prefix = null;
        String regex = null;
        String dir = blankToNull(directory);
        if (dir != null) {
            dir = dir.trim().replace('\\', '/');
            if (dir.startsWith("/") || dir.matches("^[A-Za-z]:.*")) {
                throw new InvalidInputException("directory '" + directory + "' must be relative to the repository root, e.g. 'src/main' or 'src/**/*.py'");
            }
            while (dir.startsWith("./")) {
                dir = dir.substring(2);
            }
            for (String seg : dir.split("/")) {
                if (seg.equals("..")) {
                    throw new InvalidInputException("directory '" + directory + "' must not contain '..'");
                }
            }
            if (dir.length() > 1000) {
                throw new InvalidInputException("directory filter is too long (max 1000 characters)");
            }
            if (dir.indexOf('*') >= 0 || dir.indexOf('?') >= 0 || dir.indexOf('[') >= 0) {
                regex = globToRegex(dir, directory);
            } else {
                while (dir.endsWith("/")) {
                    dir = dir.substring(0, dir.length() - 1);
                }
                prefix = dir.isEmpty() || dir.equals(".") ? null : dir;
            }
        }
        return new SearchFilter(blankToNull(repositoryId), lang, ext, prefix, regex);
    }

    /** Whether a repo-relative path passes the path parts of this filter (prefix, glob, extension). */
    public boolean matchesPath(String path) {
        if (pathPrefix != null && !(path.equals(pathPrefix) || path.startsWith(pathPrefix + "/"))) {
            return false;
        }
        if (pathRegex != null && !path.matches(pathRegex)) {
            return false;
        }
        return fileExtension == null || path.toLowerCase(Locale.ROOT).endsWith("." + fileExtension);
    }

    public boolean isEmpty() {
        return repositoryId == null && language == null && fileExtension == null && pathPrefix == null && pathRegex == null;
    }

    static String globToRegex(String glob, String original) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        boolean endsWithSlash = glob.endsWith("/");
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    // "**/" matches zero or more whole segments; a bare "**" matches anything.
                    re.append(slashAfter ? "(.*/)?" : ".*");
                    i += slashAfter ? 3 : 2;
                    continue;
                }
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    throw new InvalidInputException("directory glob '" + original + "' has an unclosed '['");
                }
                String body = glob.substring(i + 1, close);
                boolean negate = body.startsWith("!") || body.startsWith("^");
                if (negate) {
                    body = body.substring(1);
                }
                if (body.isEmpty()) {
                    throw new InvalidInputException("directory glob '" + original + "' has an empty character class");
                }
                re.append('[').append(negate ? "^" : "");
                for (char b : body.toCharArray()) {
                    if (Character.isLetterOrDigit(b) || b == '-' || b == '_' || b == '.') {
                        re.append(b);
                    } else {
                        re.append('\\').append(b);
                    }
                }
                re.append(']');
                i = close;
            } else if (Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-') {
                re.append(c);
            } else {
                re.append('\\').append(c);
            }
            i++;
        }
        // A glob naming directories ("src/*/test" or "src/**/") also matches everything beneath them.
        if (!endsWithSlash) {
            re.append("(/.*)?");
        } else {
            re.append(".*");
        }
        try {
            java.util.regex.Pattern.compile(re.toString());
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new InvalidInputException("directory glob '" + original + "' is not valid (" + e.getDescription()
                    + "); use a glob such as 'src/**/*.py' or a character class like [a-z]");
        }
        return re.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
