package dev.trent.core.iam;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** IAM's naming rules shared by the identity model: ARNs, unique ids, case-insensitive names. */
public final class Iam {
    /** The owner part of AWS managed policies' ARNs ({@code arn:aws:iam::aws:policy/...}). */
    public static final String AWS_OWNER = "aws";

    private static final String PREFIX = "arn:aws:iam::";
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Iam() {}

    /** {@code arn:aws:iam::<account>:<kind><path><name>}. */
    public static String arn(String accountId, String kind, String path, String name) {
        return PREFIX + accountId + ":" + kind + path + name;
    }

    /**
     * An IAM ARN taken apart: {@code arn:aws:iam::<account>:<kind><path><name>}.
     *
     * @param path {@code /} or {@code /a/b/}
     */
    public record ParsedArn(String accountId, String kind, String path, String name) {
        public String arn() {
            return Iam.arn(accountId, kind, path, name);
        }
    }

    /** Takes an IAM ARN of a user, role or policy apart, or returns null if {@code arn} is not one. */
    public static ParsedArn parse(String arn) {
        if (arn == null || !arn.startsWith(PREFIX)) return null;
        int colon = arn.indexOf(':', PREFIX.length());
        if (colon < 0) return null;
        String account = arn.substring(PREFIX.length(), colon);
        if (!IdentityStore.isAccountId(account) && !AWS_OWNER.equals(account)) return null;
        String resource = arn.substring(colon + 1);
        int slash = resource.indexOf('/');
        int last = resource.lastIndexOf('/');
        if (slash <= 0 || last == resource.length() - 1) return null;
        return new ParsedArn(
                account,
                resource.substring(0, slash),
                resource.substring(slash, last + 1),
                resource.substring(last + 1));
    }

    /** The key of a name that IAM treats case-insensitively (user, role and managed policy names). */
    public static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The store id of an account's named entity: {@code <account>/<lower-case name>}. */
    static String entityId(String accountId, String name) {
        return accountId + "/" + nameKey(name);
    }

    /** A unique id as IAM makes them: {@code prefix} ({@code AIDA}, {@code AROA}, {@code ANPA}) and 17 characters. */
    static String uniqueId(String prefix, SecureRandom random) {
        StringBuilder sb = new StringBuilder(21).append(prefix);
        while (sb.length() < 21) sb.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
        return sb.toString();
    }

    /** An unmodifiable copy that keeps the order. */
    static <K, V> Map<K, V> copy(Map<K, V> m) {
        if (m == null || m.isEmpty()) return Map.of();
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** The number of characters of {@code document} that are not white space (how IAM measures policy size). */
    public static int policySize(String document) {
        int n = 0;
        for (int i = 0; i < document.length(); i++) {
            if (!Character.isWhitespace(document.charAt(i))) n++;
        }
        return n;
    }
}
