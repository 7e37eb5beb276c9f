package dev.trent.core.auth.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A Resource or condition value that may hold policy variables ({@code ${aws:username}}, {@code
 * ${aws:PrincipalTag/team, 'default'}}) and the escapes {@code ${*}}, {@code ${?}} and {@code ${$}}. Variables are
 * recognized only in policies of Version 2012-10-17; elsewhere the text is taken as written. A value without
 * variables is resolved once, at parse time; one with variables is resolved per request, and what a variable yields
 * is literal text (its {@code *} and {@code ?} are not wildcards). A variable with no value in the request and no
 * default leaves the template unresolved: it matches nothing.
 */
final class Template {
    /** One variable: the condition key (lower case) and its default, or null. */
    private record Variable(String key, String fallback) {}

    private final String source;
    /** Literal runs (String, wildcards active), escaped characters (Character, literal) and variables. */
    private final Object[] parts;

    private final String constantText;
    private final BitSet constantLiteral;

    private Template(String source, Object[] parts) {
        this.source = source;
        this.parts = parts;
        boolean variables = false;
        for (Object p : parts) variables |= p instanceof Variable;
        if (variables) {
            constantText = null;
            constantLiteral = null;
        } else {
            StringBuilder text = new StringBuilder();
            BitSet literal = new BitSet();
            for (Object p : parts) append(text, literal, p, null);
            constantText = text.toString();
            constantLiteral = literal.isEmpty() ? null : literal;
        }
    }

    static Template of(String value, boolean variables) {
        if (!variables || !value.contains("${")) return new Template(value, new Object[] {value});
        List<Object> parts = new ArrayList<>();
        int i = 0;
        StringBuilder run = new StringBuilder();
        while (i < value.length()) {
            int open = value.indexOf("${", i);
            int close = open < 0 ? -1 : value.indexOf('}', open + 2);
            if (open < 0 || close < 0) {
                run.append(value, i, value.length());
                break;
            }
            run.append(value, i, open);
            String inner = value.substring(open + 2, close);
            Object part = variable(inner);
            if (part == null) {
                run.append(value, open, close + 1);
            } else {
                if (!run.isEmpty()) {
                    parts.add(run.toString());
                    run.setLength(0);
                }
                parts.add(part);
            }
            i = close + 1;
        }
        if (!run.isEmpty()) parts.add(run.toString());
        return new Template(value, parts.toArray());
    }

    /** The part for {@code ${inner}}, or null when {@code inner} is not a variable (kept as written). */
    private static Object variable(String inner) {
        switch (inner) {
            case "*":
                return '*';
            case "?":
                return '?';
            case "$":
                return '$';
            default:
                break;
        }
        String key = inner;
        String fallback = null;
        int comma = inner.indexOf(',');
        if (comma >= 0) {
            key = inner.substring(0, comma);
            String d = inner.substring(comma + 1).trim();
            if (d.length() < 2 || d.charAt(0) != '\'' || d.charAt(d.length() - 1) != '\'') return null;
            fallback = d.substring(1, d.length() - 1);
        }
        key = key.trim();
        if (key.isEmpty() || key.indexOf(':') <= 0) return null;
        return new Variable(key.toLowerCase(Locale.ROOT), fallback);
    }

    String source() {
        return source;
    }

    boolean constant() {
        return constantText != null;
    }

    /** The text with variables resolved (escapes as their characters), or null when a variable has no value. */
    String text(EvaluationContext request) {
        if (constantText != null) return constantText;
        StringBuilder text = new StringBuilder(source.length() + 16);
        for (Object p : parts) {
            if (!append(text, null, p, request)) return null;
        }
        return text.toString();
    }

    /** The resolved value as a wildcard pattern, or null when a variable has no value. */
    Glob glob(EvaluationContext request, boolean ignoreCase) {
        if (constantText != null) return Glob.of(constantText, constantLiteral, ignoreCase);
        StringBuilder text = new StringBuilder(source.length() + 16);
        BitSet literal = new BitSet();
        for (Object p : parts) {
            if (!append(text, literal, p, request)) return null;
        }
        return Glob.of(text.toString(), literal, ignoreCase);
    }

    /** A pattern compiled once for a constant template (null if it has variables). */
    Glob constantGlob(boolean ignoreCase) {
        return constantText == null ? null : Glob.of(constantText, constantLiteral, ignoreCase);
    }

    private static boolean append(StringBuilder text, BitSet literal, Object part, EvaluationContext request) {
        if (part instanceof String s) {
            text.append(s);
        } else if (part instanceof Character c) {
            if (literal != null) literal.set(text.length());
            text.append(c.charValue());
        } else {
            Variable v = (Variable) part;
            String value = resolve(v, request);
            if (value == null) return false;
            int start = text.length();
            text.append(value);
            if (literal != null) literal.set(start, text.length());
        }
        return true;
    }

    private static String resolve(Variable v, EvaluationContext request) {
        List<String> values = request == null ? null : request.values(v.key());
        if (values != null && values.size() == 1 && !values.get(0).isEmpty()) return values.get(0);
        return v.fallback();
    }

    @Override
    public String toString() {
        return source;
    }
}
