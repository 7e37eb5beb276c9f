package dev.trent.core.store;

/** Helpers for stores that keep keys in a SQL table ordered by code point (SQLite's and PostgreSQL's "C" order). */
public final class KeyRange {
    private KeyRange() {}

    /**
     * The least string above every string that starts with {@code prefix} in code point order (the order of UTF-8
     * bytes), or null when there is none: the prefix with its last incrementable code point incremented.
     */
    public static String upperBound(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) next = Character.MAX_SURROGATE + 1;
            if (next <= Character.MAX_CODE_POINT) return new String(cps, 0, i) + Character.toString(next);
        }
        return null;
    }
}
