package dev.trent.core.ssm;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parameter Store's naming rules and limits: names (letters, digits, {@code . - _}, and {@code /} between the levels
 * of a hierarchy, which must then be fully qualified, starting with {@code /}), at most 15 levels, no {@code aws} or
 * {@code ssm} prefix, at most 1011 characters; labels; the ARN of a parameter; the tier limits.
 */
public final class ParameterNames {
    public static final int MAX_LEVELS = 15;
    public static final int MAX_NAME = 1011;
    public static final int MAX_VERSIONS = 100;
    public static final int MAX_LABELS_PER_VERSION = 10;
    public static final int STANDARD_MAX_VALUE = 4096;
    public static final int ADVANCED_MAX_VALUE = 8192;
    public static final int MAX_STANDARD_PARAMETERS = 10_000;
    public static final int MAX_ADVANCED_PARAMETERS = 100_000;
    public static final int MAX_TAGS = 50;

    private static final Pattern SEGMENT = Pattern.compile("[a-zA-Z0-9_.\\-]+");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9_.\\-]{1,100}");

    static final String NAME_RULES = "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If"
            + " formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a"
            + " mix of letters, numbers and the following 3 symbols .-_";

    private ParameterNames() {}

    /** Checks a name for a new parameter (PutParameter). */
    public static void check(String name) {
        if (name.length() > MAX_NAME) {
            throw SsmErrors.validation(
                    "Parameter name: The parameter name exceeds the maximum length of " + MAX_NAME + " characters.");
        }
        String bare = name.startsWith("/") ? name.substring(1) : name;
        if (name.contains("/") && !name.startsWith("/")) {
            throw SsmErrors.validation("Parameter name must be a fully qualified name.");
        }
        String lower = bare.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ssm")) throw SsmErrors.validation(NAME_RULES);
        checkLevels(bare);
    }

    /** Each level of {@code bare} (a name or path without its leading slash) well formed, at most 15 of them. */
    private static void checkLevels(String bare) {
        String[] levels = bare.split("/", -1);
        for (String s : levels) {
            if (!SEGMENT.matcher(s).matches()) throw SsmErrors.validation(NAME_RULES);
        }
        if (levels.length > MAX_LEVELS) {
            throw SsmErrors.of(
                    "HierarchyLevelLimitExceededException",
                    "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and"
                            + " constraints for parameter names in the AWS Systems Manager User Guide.");
        }
    }

    /** Checks a path (GetParametersByPath): {@code /} or a fully qualified hierarchy. */
    public static void checkPath(String path) {
        if (!path.startsWith("/")) {
            throw SsmErrors.validation("The parameter doesn't meet the parameter name requirements. The parameter"
                    + " name must begin with a forward slash \"/\".");
        }
        String bare = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        if (!bare.isEmpty()) checkLevels(bare);
    }

    /** Whether {@code label} is a valid label (else LabelParameterVersion lists it among InvalidLabels). */
    public static boolean validLabel(String label) {
        if (!LABEL.matcher(label).matches()) return false;
        if (Character.isDigit(label.charAt(0))) return false;
        String lower = label.toLowerCase(Locale.ROOT);
        return !lower.startsWith("aws") && !lower.startsWith("ssm");
    }

    /** The ARN of parameter {@code name}: {@code arn:aws:ssm:<region>:<account>:parameter/<name without leading />}. */
    public static String arn(String partition, String region, String accountId, String name) {
        return "arn:" + partition + ":ssm:" + region + ":" + accountId + ":parameter"
                + (name.startsWith("/") ? name : "/" + name);
    }

    /**
     * The parameter name a request names: the name itself, or the name inside a parameter ARN of the caller's
     * account and Region (else null: not a parameter this account can reach).
     */
    public static String nameOf(String ref, String partition, String region, String accountId) {
        if (!ref.startsWith("arn:")) return ref;
        String prefix = "arn:" + partition + ":ssm:" + region + ":" + accountId + ":parameter";
        if (!ref.startsWith(prefix + "/")) return null;
        String rest = ref.substring(prefix.length());
        // a hierarchical name keeps its leading slash; a plain one does not have one
        return rest.indexOf('/', 1) > 0 ? rest : rest.substring(1);
    }
}
