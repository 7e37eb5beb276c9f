package dev.trent.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.kms.Tag;
import dev.trent.core.secrets.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * ListSecrets' and BatchGetSecretValue's {@code Filters}: {@code name}, {@code tag-key}, {@code tag-value} (prefix,
 * case-sensitive), {@code description} (prefix, not case-sensitive), {@code primary-region}, {@code
 * owning-service} and {@code all} (any of those); a value starting with {@code !} negates it. The values of one
 * filter are alternatives; the filters must all match.
 */
final class SecretFilters {
    private SecretFilters() {}

    static Predicate<Secret> of(JsonNode filters) {
        Predicate<Secret> all = s -> true;
        if (filters == null) return all;
        for (JsonNode f : filters) {
            String key = f.path("Key").asText();
            List<String> values = new ArrayList<>();
            f.path("Values").forEach(v -> values.add(v.asText()));
            Predicate<Secret> any = s -> false;
            for (String v : values) {
                boolean negate = v.startsWith("!");
                String value = negate ? v.substring(1) : v;
                Predicate<Secret> one = s -> matches(s, key, value);
                any = any.or(negate ? one.negate() : one);
            }
            all = all.and(any);
        }
        return all;
    }

    private static boolean matches(Secret s, String key, String value) {
        return switch (key) {
            case "name" -> s.name().startsWith(value);
            case "description" ->
                s.description() != null
                        && s.description().toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT));
            case "tag-key" -> s.tags().stream().map(Tag::key).anyMatch(k -> k.startsWith(value));
            case "tag-value" -> s.tags().stream().map(Tag::value).anyMatch(v -> v.startsWith(value));
            case "primary-region" -> s.region().equals(value);
            case "owning-service" -> false;
            default -> // all
                matches(s, "name", value)
                        || matches(s, "description", value)
                        || matches(s, "tag-key", value)
                        || matches(s, "tag-value", value);
        };
    }
}
