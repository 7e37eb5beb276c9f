package dev.trent.core.secrets;

import dev.trent.core.kms.Tag;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Secrets Manager's rules for secret names and tags. */
final class SecretNames {
    static final int MAX_TAGS = 50;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@\\-]{1,512}");

    private SecretNames() {}

    static void check(String name) {
        if (!NAME.matcher(name).matches()) {
            throw SecretsErrors.of(
                    "ValidationException",
                    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following:"
                            + " -/_+=.@!");
        }
    }

    static void checkTags(List<Tag> tags) {
        if (tags.size() > MAX_TAGS) {
            throw SecretsErrors.of("LimitExceededException", "The request exceeds the maximum of 50 tags.");
        }
        for (Tag t : tags) {
            if (t.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw SecretsErrors.invalidParameter("Tag keys can't start with the reserved prefix aws:.");
            }
        }
    }
}
