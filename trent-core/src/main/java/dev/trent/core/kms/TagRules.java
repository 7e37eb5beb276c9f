package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for tags on a key (TagResource, UntagResource, CreateKey's Tags), with AWS's {@code TagException}
 * messages. The texts are the ones AWS KMS sends, as recorded against AWS by LocalStack's AWS-validated KMS
 * tests (duplicate keys in one request, more than 50 tags in one request, a key beginning with {@code aws:} in
 * any case); the model has no text for them and the API reference names only the exception.
 */
final class TagRules {
    static final int MAX_TAGS = 50;

    static final String DUPLICATE_KEYS = "Duplicate tag keys";
    static final String TOO_MANY = "Too many tags";
    static final String RESERVED_PREFIX = "Tags beginning with aws: are reserved";

    private TagRules() {}

    /**
     * The tags of one request, checked in AWS's order: no key twice, at most {@link #MAX_TAGS}, then each tag
     * complete and not under the reserved {@code aws:} prefix.
     */
    static void check(List<Tag> tags) {
        Set<String> seen = new HashSet<>();
        for (Tag t : tags) {
            if (t.key() != null && !seen.add(t.key())) throw tagException(DUPLICATE_KEYS);
        }
        if (tags.size() > MAX_TAGS) throw tagException(TOO_MANY);
        for (Tag t : tags) {
            if (t.key() == null || t.value() == null) {
                throw tagException("Each tag needs a TagKey and a TagValue.");
            }
            checkKeyNotReserved(t.key());
        }
    }

    /** Tag keys beginning with {@code aws:}, in any case ({@code AWS:}, {@code Aws:}), are AWS's. */
    static void checkKeyNotReserved(String tagKey) {
        if (tagKey.toLowerCase(Locale.ROOT).startsWith("aws:")) throw tagException(RESERVED_PREFIX);
    }

    /**
     * {@code existing} with {@code added} set (a new value replaces an old one in place), within the limit of
     * {@link #MAX_TAGS} on a key.
     */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        LinkedHashMap<String, String> merged = new LinkedHashMap<>();
        for (Tag t : existing) merged.put(t.key(), t.value());
        for (Tag t : added) merged.put(t.key(), t.value());
        // AWS's text for a request over the limit; the same quota, so the same answer when the key would be.
        if (merged.size() > MAX_TAGS) throw tagException(TOO_MANY);
        return merged.entrySet().stream()
                .map(e -> new Tag(e.getKey(), e.getValue()))
                .toList();
    }

    private static ServiceException tagException(String message) {
        return new ServiceException("TagException", 400, message);
    }
}
