package dev.trent.core.ssm;

import dev.trent.core.kms.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The tag rules Parameter Store enforces: at most 50 per resource, no {@code aws:} keys, no duplicate keys. */
final class Tags {
    private Tags() {}

    static void check(List<Tag> tags) {
        if (tags.size() > ParameterNames.MAX_TAGS) {
            throw SsmErrors.of(
                    "TooManyTagsError",
                    "The Tags parameter contains too many tags. A resource can have at most 50 tags.");
        }
        Set<String> keys = new HashSet<>();
        for (Tag t : tags) {
            if (t.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw SsmErrors.validation("Tag keys can't start with the reserved prefix aws:.");
            }
            if (!keys.add(t.key())) {
                throw SsmErrors.validation("Duplicate tag keys are not allowed: " + t.key());
            }
        }
    }
}
