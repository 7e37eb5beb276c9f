package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/** The rules for tags on a key (TagResource, UntagResource, CreateKey's Tags). */
final class TagRules {
    static final int MAX_TAGS = 50;

    private TagRules() {}

    /** The tags of one request: complete, not reserved, no key twice, at most {@link #MAX_TAGS}. */
    static void check(List<Tag> tags) {
        Set<String> seen = new HashSet<>();
        for (Tag t : tags) {
            if (t.key() == null || t.value() == null) {
                throw new ServiceException("TagException", 400, "Each tag needs a TagKey and a TagValue.");
            }
            checkKeyNotReserved(t.key());
            if (!seen.add(t.key())) {
                throw new ServiceException("TagException", 400, "Duplicate tag key '" + t.key() + "'.");
            }
        }
        if (tags.size() > MAX_TAGS) throw tooMany();
    }

    static void checkKeyNotReserved(String tagKey) {
        if (tagKey.startsWith("aws:")) {
            throw new ServiceException("TagException", 400, "Tag keys beginning with 'aws:' are reserved.");
        }
    }

    /** {@code existing} with {@code added} set (a new value replaces an old one in place), within the limit. */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>();
        for (Tag t : existing) merged.put(t.key(), t.value());
        for (Tag t : added) merged.put(t.key(), t.value());
        if (merged.size() > MAX_TAGS) throw tooMany();
        return merged.entrySet().stream()
                .map(e -> new Tag(e.getKey(), e.getValue()))
                .toList();
    }

    private static ServiceException tooMany() {
        return new ServiceException("TagException", 400, "Cannot have more than " + MAX_TAGS + " tags on a KMS key.");
    }
}
