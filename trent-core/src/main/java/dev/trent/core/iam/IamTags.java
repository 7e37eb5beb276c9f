package dev.trent.core.iam;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IAM's tag rules: at most {@value #MAX_TAGS} tags per entity, keys unique case-insensitively (a tag whose key
 * differs from an existing one only in case replaces it), values replaced by a new tag of the same key.
 */
final class IamTags {
    static final int MAX_TAGS = 50;

    private IamTags() {}

    /** {@code current} with {@code tags} added or replacing tags of the same key. */
    static Map<String, String> merge(Map<String, String> current, List<Map.Entry<String, String>> tags) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> t : tags) {
            if (!seen.add(Iam.nameKey(t.getKey()))) {
                throw IamErrors.invalidInput(
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        Map<String, String> out = new LinkedHashMap<>(current);
        for (Map.Entry<String, String> t : tags) {
            out.keySet().removeIf(k -> k.equalsIgnoreCase(t.getKey()));
            out.put(t.getKey(), t.getValue() == null ? "" : t.getValue());
        }
        if (out.size() > MAX_TAGS) {
            throw IamErrors.limit("The number of tags has reached the maximum limit.");
        }
        return out;
    }

    /** {@code current} without the tags {@code keys} name (case-insensitively); absent keys are ignored. */
    static Map<String, String> remove(Map<String, String> current, List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>(current);
        for (String k : keys) out.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
        return out;
    }
}
