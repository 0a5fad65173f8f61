package dev.codebasemcp.mcp;

import dev.codebasemcp.InvalidInputException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed access to a tool call's arguments; every wrong type or range is an {@link InvalidInputException}. */
final class Args {
    private final String tool;
    private final Map<String, Object> values;

    Args(String tool, Map<String, Object> values, Set<String> allowed) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
        for (String k : this.values.keySet()) {
            if (!allowed.contains(k)) {
                throw new InvalidInputException(tool + " does not take an argument '" + abbreviate(k) + "'; valid arguments: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
            }
        }
    }

    String required(String name) {
        String v = optional(name);
        if (v == null || v.isBlank()) {
            throw new InvalidInputException(tool + " needs '" + name + "' (a non-empty string)");
        }
        return v;
    }

    String optional(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new InvalidInputException("'" + name + "' must be a string, not " + typeOf(v));
        }
        if (s.indexOf('\0') >= 0) {
            throw new InvalidInputException("'" + name + "' must not contain NUL characters");
        }
        return s;
    }

    /** An optional string where an empty value means "not given". */
    String optionalNonBlank(String name) {
        String v = optional(name);
        return v == null || v.isBlank() ? null : v;
    }

    boolean bool(String name, boolean def) {
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidInputException("'" + name + "' must be true or false, not " + typeOf(v));
    }

    int integer(String name, int def, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        long n;
        if (v instanceof Number num) {
            double d = num.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new InvalidInputException("'" + name + "' must be a whole number between " + min + " and " + max + ", not " + v);
            }
            n = num.longValue();
        } else if (v instanceof String s && s.strip().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.strip());
        } else {
            throw new InvalidInputException("'" + name + "' must be a whole number between " + min + " and " + max + ", not " + typeOf(v));
        }
        if (n < min || n > max) {
            throw new InvalidInputException("'" + name + "' must be between " + min + " and " + max + ", not " + n);
        }
        return (int) n;
    }

    private static String typeOf(Object v) {
        return switch (v) {
            case String s -> "the string \"" + abbreviate(s) + "\"";
            case Boolean b -> "a boolean";
            case Number n -> "the number " + n;
            case Map<?, ?> m -> "an object";
            case java.util.List<?> l -> "an array";
            default -> v.getClass().getSimpleName();
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
