package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grant's encryption-context constraint ({@code GrantConstraints}): the grant allows an operation that takes an
 * encryption context only when the request's context includes every pair of {@code encryptionContextSubset}, or
 * is exactly {@code encryptionContextEquals}. At most one of the two is set (AWS: "More than one constraint
 * supplied"). As AWS documents for grant constraints, the key of each pair matches without regard to case and
 * the value exactly.
 *
 * <p>{@link #allows} reads the request's context straight from the validated request body, without copying it:
 * it runs on event-loop threads.
 */
public record GrantConstraints(
        Map<String, String> encryptionContextSubset, Map<String, String> encryptionContextEquals) {

    public GrantConstraints {
        if (encryptionContextSubset != null && encryptionContextEquals != null) {
            throw new IllegalArgumentException("a grant has one constraint at most");
        }
        if (encryptionContextSubset == null && encryptionContextEquals == null) {
            throw new IllegalArgumentException("a constraint needs a context");
        }
        encryptionContextSubset = sorted(encryptionContextSubset);
        encryptionContextEquals = sorted(encryptionContextEquals);
    }

    public static GrantConstraints subset(Map<String, String> pairs) {
        return new GrantConstraints(pairs, null);
    }

    public static GrantConstraints equalTo(Map<String, String> pairs) {
        return new GrantConstraints(null, pairs);
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return m == null ? null : Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /** The constraint's pairs, whichever kind it is. */
    public Map<String, String> pairs() {
        return encryptionContextSubset != null ? encryptionContextSubset : encryptionContextEquals;
    }

    public boolean isSubset() {
        return encryptionContextSubset != null;
    }

    /** The wire name of the constraint's kind ({@code kms:GrantConstraintType}'s values). */
    public String type() {
        return isSubset() ? "EncryptionContextSubset" : "EncryptionContextEquals";
    }

    /**
     * Whether a request whose encryption context is {@code context} (a JSON object of strings; null or missing
     * for none) satisfies the constraint.
     */
    public boolean allows(JsonNode context) {
        JsonNode ctx = context == null || !context.isObject() ? null : context;
        int requestSize = ctx == null ? 0 : ctx.size();
        Map<String, String> pairs = pairs();
        if (!isSubset() && requestSize != pairs.size()) return false;
        for (Map.Entry<String, String> p : pairs.entrySet()) {
            if (ctx == null || !contains(ctx, p.getKey(), p.getValue())) return false;
        }
        if (!isSubset()) {
            // Same size and every constraint pair present; with keys that differ only in case on one side, also
            // check the other way round so that {"a":"1","A":"1"} never equals {"a":"1","b":"2"}.
            Iterator<Map.Entry<String, JsonNode>> it = ctx == null ? null : ctx.fields();
            while (it != null && it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!containsPair(pairs, e.getKey(), e.getValue().asText())) return false;
            }
        }
        return true;
    }

    /** The same as {@link #allows(JsonNode)}, for a context held as a map. */
    public boolean allows(Map<String, String> context) {
        Map<String, String> ctx = context == null ? Map.of() : context;
        Map<String, String> pairs = pairs();
        if (!isSubset() && ctx.size() != pairs.size()) return false;
        for (Map.Entry<String, String> p : pairs.entrySet()) {
            if (!containsPair(ctx, p.getKey(), p.getValue())) return false;
        }
        if (!isSubset()) {
            for (Map.Entry<String, String> e : ctx.entrySet()) {
                if (!containsPair(pairs, e.getKey(), e.getValue())) return false;
            }
        }
        return true;
    }

    /**
     * Whether a grant with constraint {@code child} (null for none) is at least as strict as one with {@code
     * parent} (null for none): what a grantee who holds CreateGrant through a grant with a constraint may create
     * ("equally strict or stricter"). Under a subset constraint, the child's context must include the parent's
     * pairs; under an equals constraint, the child must require exactly the same context.
     */
    public static boolean atLeastAsStrict(GrantConstraints child, GrantConstraints parent) {
        if (parent == null) return true;
        if (child == null) return false;
        if (parent.isSubset()) {
            for (Map.Entry<String, String> p : parent.pairs().entrySet()) {
                if (!containsPair(child.pairs(), p.getKey(), p.getValue())) return false;
            }
            return true;
        }
        return !child.isSubset() && child.allows(parent.pairs());
    }

    private static boolean contains(JsonNode ctx, String key, String value) {
        Iterator<Map.Entry<String, JsonNode>> it = ctx.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(key) && value.equals(e.getValue().asText())) return true;
        }
        return false;
    }

    private static boolean containsPair(Map<String, String> m, String key, String value) {
        String exact = m.get(key);
        if (exact != null && exact.equals(value)) return true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue().equals(value)) return true;
        }
        return false;
    }
}
