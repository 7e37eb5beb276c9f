package dev.trent.server.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.Tag;
import dev.trent.core.ssm.Parameter;
import dev.trent.core.ssm.ParameterVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * DescribeParameters' {@code Filters} and {@code ParameterFilters}, and GetParametersByPath's {@code
 * ParameterFilters}, as one predicate over parameters, with SSM's refusals ({@code InvalidFilterKey}, {@code
 * InvalidFilterOption}, {@code InvalidFilterValue}).
 */
final class ParameterFilters {
    private static final Set<String> BY_PATH_KEYS = Set.of("Type", "KeyId", "Label", "DataType");

    private ParameterFilters() {}

    /** DescribeParameters: {@code Filters} (Name, Type, KeyId) or {@code ParameterFilters}, not both. */
    static Predicate<Parameter> describe(JsonNode in) {
        JsonNode legacy = in.get("Filters");
        JsonNode filters = in.get("ParameterFilters");
        boolean hasLegacy = legacy != null && !legacy.isEmpty();
        boolean hasNew = filters != null && !filters.isEmpty();
        if (hasLegacy && hasNew) {
            throw ServiceException.validation("You can use either Filters or ParameterFilters in a single request.");
        }
        Predicate<Parameter> all = p -> true;
        if (hasLegacy) {
            for (JsonNode f : legacy) {
                String key = f.path("Key").asText();
                List<String> values = values(f);
                all = all.and(
                        key.equals("Name")
                                ? p -> values.stream().anyMatch(v -> p.name().startsWith(v))
                                : match(key, "Equals", values));
            }
        }
        if (hasNew) {
            for (JsonNode f : filters) {
                String key = f.path("Key").asText();
                if (key.equals("Label")) throw invalidKey(key);
                all = all.and(filter(f));
            }
        }
        return all;
    }

    /** GetParametersByPath's {@code ParameterFilters}: Type, KeyId, Label, DataType and tags only. */
    static Predicate<Parameter> byPath(JsonNode in) {
        Predicate<Parameter> all = p -> true;
        JsonNode filters = in.get("ParameterFilters");
        if (filters == null) return all;
        for (JsonNode f : filters) {
            String key = f.path("Key").asText();
            if (!BY_PATH_KEYS.contains(key) && !key.startsWith("tag:")) throw invalidKey(key);
            all = all.and(filter(f));
        }
        return all;
    }

    private static Predicate<Parameter> filter(JsonNode f) {
        String key = f.path("Key").asText();
        String option = f.path("Option").asText("Equals");
        List<String> values = values(f);
        if (key.equals("Path")) {
            if (!option.equals("Recursive") && !option.equals("OneLevel")) throw invalidOption(option, key);
            return p -> values.stream().anyMatch(v -> under(p.name(), v, option.equals("Recursive")));
        }
        if (key.equals("Name")) {
            if (!Set.of("Equals", "BeginsWith", "Contains").contains(option)) throw invalidOption(option, key);
            return p -> values.stream().anyMatch(v -> text(p.name(), v, option));
        }
        if (key.startsWith("tag:")) {
            String tagKey = key.substring(4);
            if (!Set.of("Equals", "BeginsWith", "Contains").contains(option)) throw invalidOption(option, key);
            return p -> {
                for (Tag t : p.tags()) {
                    if (t.key().equals(tagKey)
                            && (values.isEmpty() || values.stream().anyMatch(v -> text(t.value(), v, option))))
                        return true;
                }
                return false;
            };
        }
        if (!option.equals("Equals") && !(key.equals("KeyId") && option.equals("BeginsWith"))) {
            throw invalidOption(option, key);
        }
        if (values.isEmpty()) {
            throw new ServiceException(
                    "InvalidFilterValue",
                    400,
                    "The following filter values are missing : null for filter key " + key + ".");
        }
        return match(key, option, values);
    }

    private static Predicate<Parameter> match(String key, String option, List<String> values) {
        return p -> {
            ParameterVersion v = p.current();
            return switch (key) {
                case "Type" -> values.contains(v.type().wireName());
                case "KeyId" -> v.keyId() != null && values.stream().anyMatch(x -> text(v.keyId(), x, option));
                case "Tier" -> values.contains(v.tier());
                case "DataType" -> values.contains(v.dataType());
                case "Label" ->
                    p.versions().stream().anyMatch(pv -> pv.labels().stream().anyMatch(values::contains));
                default -> throw invalidKey(key);
            };
        };
    }

    private static boolean text(String actual, String wanted, String option) {
        return switch (option) {
            case "BeginsWith" -> actual.startsWith(wanted);
            case "Contains" -> actual.contains(wanted);
            default -> actual.equals(wanted);
        };
    }

    /** Whether {@code name} sits under {@code path}: directly, or at any depth when {@code recursive}. */
    static boolean under(String name, String path, boolean recursive) {
        String prefix = path.endsWith("/") ? path : path + "/";
        if (!name.startsWith(prefix) || name.length() == prefix.length()) return false;
        return recursive || name.indexOf('/', prefix.length()) < 0;
    }

    private static List<String> values(JsonNode f) {
        List<String> out = new ArrayList<>();
        f.path("Values").forEach(v -> out.add(v.asText()));
        return out;
    }

    private static ServiceException invalidKey(String key) {
        return new ServiceException("InvalidFilterKey", 400, "The following filter key is not valid: " + key + ".");
    }

    private static ServiceException invalidOption(String option, String key) {
        return new ServiceException(
                "InvalidFilterOption",
                400,
                "The filter option \"" + option + "\" is not valid for key \"" + key + "\".");
    }
}
