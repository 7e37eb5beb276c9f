package dev.trent.server.protocol;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the {@code pattern} constraints of a service model into {@link Pattern}s.
 *
 * <p>AWS services check these patterns with Java regular expressions against the whole value
 * (a value of {@code "\"t\""} fails {@code [a-zA-Z0-9_.-]+}): callers must use
 * {@link java.util.regex.Matcher#matches()}, never {@code find()}. The model text is kept verbatim
 * for the error message; only the compiled form is adapted.
 *
 * <p>Model patterns are written for Java in practice, so a pattern that compiles is used as is. A
 * pattern that does not compile is given a second chance with the ECMAScript spellings that Java
 * lacks rewritten: <code>&#92;u{XXXX}</code> becomes <code>&#92;x{XXXX}</code>, {@code [^]} matches any character,
 * {@code []} matches nothing, and inside a character class an unescaped {@code [} is a literal
 * bracket and {@code &&} two literal ampersands (Java reads them as nested class and intersection).
 */
final class ModelPatterns {

    private ModelPatterns() {}

    /**
     * Compiles a model pattern.
     *
     * @throws IllegalArgumentException if the pattern does not compile even after adaptation
     */
    static Pattern compile(String modelPattern) {
        try {
            return Pattern.compile(modelPattern);
        } catch (PatternSyntaxException first) {
            String adapted = adaptEcmaScript(modelPattern);
            try {
                return Pattern.compile(adapted);
            } catch (PatternSyntaxException second) {
                IllegalArgumentException e =
                        new IllegalArgumentException("unsupported model pattern: " + modelPattern, second);
                e.addSuppressed(first);
                throw e;
            }
        }
    }

    /** Rewrites ECMAScript-only regex spellings into their Java equivalents. */
    static String adaptEcmaScript(String p) {
        StringBuilder out = new StringBuilder(p.length() + 8);
        boolean inClass = false;
        int n = p.length();
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = p.charAt(i + 1);
                if (next == 'u' && i + 2 < n && p.charAt(i + 2) == '{') {
                    out.append("\\x");
                    i += 1; // the '{...}' is copied by the following iterations
                    continue;
                }
                out.append(c).append(next);
                i++;
                continue;
            }
            if (!inClass) {
                if (c == '[') {
                    if (p.startsWith("[^]", i)) {
                        out.append("[\\s\\S]");
                        i += 2;
                        continue;
                    }
                    if (p.startsWith("[]", i)) {
                        out.append("(?!)");
                        i += 1;
                        continue;
                    }
                    inClass = true;
                    out.append(c);
                    if (i + 1 < n && p.charAt(i + 1) == '^') {
                        out.append('^');
                        i++;
                    }
                    continue;
                }
                out.append(c);
                continue;
            }
            // inside a character class
            if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '[') {
                out.append("\\[");
            } else if (c == '&' && i + 1 < n && p.charAt(i + 1) == '&') {
                out.append("&\\&");
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
