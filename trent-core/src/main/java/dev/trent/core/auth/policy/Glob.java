package dev.trent.core.auth.policy;

import java.util.BitSet;

/**
 * IAM wildcard matching: {@code *} matches any run of characters (also none), {@code ?} exactly one. A pattern may
 * mark some of its {@code *} and {@code ?} as literal (they came from {@code ${*}}, {@code ${?}} or a policy
 * variable's value), so a tag value of {@code *} never widens a Resource. Iterative with one backtrack point: linear
 * in practice and never exponential, and it allocates nothing.
 */
final class Glob {
    private enum Shape {
        ANY,
        EXACT,
        PREFIX,
        GENERAL
    }

    private final String pattern;
    private final BitSet literal;
    private final boolean ignoreCase;
    private final Shape shape;

    private Glob(String pattern, BitSet literal, boolean ignoreCase) {
        this.pattern = pattern;
        this.literal = literal == null || literal.isEmpty() ? null : literal;
        this.ignoreCase = ignoreCase;
        this.shape = shapeOf(pattern, this.literal);
    }

    /** A pattern whose every {@code *} and {@code ?} is a wildcard. */
    static Glob of(String pattern, boolean ignoreCase) {
        return new Glob(pattern, null, ignoreCase);
    }

    /** A pattern whose {@code *} and {@code ?} at the positions set in {@code literal} stand for themselves. */
    static Glob of(String pattern, BitSet literal, boolean ignoreCase) {
        return new Glob(pattern, literal, ignoreCase);
    }

    String pattern() {
        return pattern;
    }

    /** Whether this pattern is a lone {@code *}, which matches every value. */
    boolean matchesEverything() {
        return shape == Shape.ANY;
    }

    private static Shape shapeOf(String p, BitSet literal) {
        int wild = 0;
        int firstWild = -1;
        for (int i = 0; i < p.length(); i++) {
            if (isWild(p, literal, i)) {
                if (firstWild < 0) firstWild = i;
                wild++;
            }
        }
        if (wild == 0) return Shape.EXACT;
        if (p.length() == 1 && p.charAt(0) == '*') return Shape.ANY;
        if (wild == 1 && firstWild == p.length() - 1 && p.charAt(firstWild) == '*') return Shape.PREFIX;
        return Shape.GENERAL;
    }

    private static boolean isWild(String p, BitSet literal, int i) {
        char c = p.charAt(i);
        return (c == '*' || c == '?') && (literal == null || !literal.get(i));
    }

    boolean matches(String value) {
        return switch (shape) {
            case ANY -> true;
            case EXACT -> ignoreCase ? pattern.equalsIgnoreCase(value) : pattern.equals(value);
            case PREFIX ->
                value.length() >= pattern.length() - 1
                        && value.regionMatches(ignoreCase, 0, pattern, 0, pattern.length() - 1);
            case GENERAL -> matches(pattern, 0, pattern.length(), literal, value, 0, value.length(), ignoreCase);
        };
    }

    /** Whether {@code value[vs, ve)} matches this pattern's {@code [ps, pe)} (ARN components). */
    boolean matchesRange(int ps, int pe, String value, int vs, int ve) {
        return matches(pattern, ps, pe, literal, value, vs, ve, ignoreCase);
    }

    static boolean matches(String p, int ps, int pe, BitSet literal, String v, int vs, int ve, boolean ignoreCase) {
        int pi = ps;
        int vi = vs;
        int star = -1;
        int mark = vs;
        while (vi < ve) {
            if (pi < pe) {
                char c = p.charAt(pi);
                boolean wild = literal == null || !literal.get(pi);
                if (wild && c == '*') {
                    star = pi++;
                    mark = vi;
                    continue;
                }
                if ((wild && c == '?') || same(c, v.charAt(vi), ignoreCase)) {
                    pi++;
                    vi++;
                    continue;
                }
            }
            if (star < 0) return false;
            pi = star + 1;
            vi = ++mark;
        }
        while (pi < pe && p.charAt(pi) == '*' && (literal == null || !literal.get(pi))) pi++;
        return pi == pe;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        if (a == b) return true;
        if (!ignoreCase) return false;
        return Character.toLowerCase(a) == Character.toLowerCase(b)
                || Character.toUpperCase(a) == Character.toUpperCase(b);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
