package dev.trent.core.kms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy lockout safety check of CreateKey and PutKeyPolicy: the new key policy must allow the caller to call
 * PutKeyPolicy on the key later ("This reduces the risk that the KMS key becomes unmanageable").
 *
 * <p>Until key policies are evaluated this is a structural check: some statement must
 *
 * <ul>
 *   <li>have {@code "Effect": "Allow"};
 *   <li>name the caller in its Principal: {@code "*"}, {@code {"AWS": "*"}}, the account id, the account root
 *       {@code arn:<partition>:iam::<account>:root} (which delegates to IAM, as the default key policy does), the
 *       caller's own principal ARN, or, for an assumed-role session, the role's ARN;
 *   <li>cover {@code kms:PutKeyPolicy} with an Action (wildcards {@code *} and {@code ?}, case-insensitive, as
 *       IAM matches actions: {@code *}, {@code kms:*}, {@code kms:Put*}) or leave it out of a NotAction;
 *   <li>have a Resource or NotResource: AWS documents that a key policy statement without Resource "has no
 *       effect".
 * </ul>
 *
 * Conditions are not evaluated (a statement with a Condition counts), and Deny statements are not weighed yet.
 */
final class PolicyLockout {
    private static final String PUT_KEY_POLICY = "kms:putkeypolicy";

    private PolicyLockout() {}

    static boolean allowsPutKeyPolicy(JsonNode policy, Caller caller) {
        for (JsonNode s : statements(policy.get("Statement"))) {
            if (allows(s, caller)) return true;
        }
        return false;
    }

    private static boolean allows(JsonNode s, Caller caller) {
        if (!"Allow".equals(text(s.get("Effect")))) return false;
        if (!s.has("Resource") && !s.has("NotResource")) return false;
        return coversCaller(s.get("Principal"), caller) && coversPutKeyPolicy(s);
    }

    private static boolean coversCaller(JsonNode principal, Caller caller) {
        if (principal == null) return false;
        if (principal.isTextual()) return "*".equals(principal.asText());
        if (!principal.isObject()) return false;
        for (String p : strings(principal.get("AWS"))) {
            if (names(p, caller)) return true;
        }
        return false;
    }

    private static boolean names(String principal, Caller caller) {
        String account = caller.accountId();
        return principal.equals("*")
                || principal.equals(account)
                || principal.equals("arn:" + caller.partition() + ":iam::" + account + ":root")
                || principal.equals(caller.principalArn())
                || principal.equals(roleOfSession(caller.principalArn()));
    }

    /**
     * {@code arn:P:iam::A:role/R} for an assumed-role session {@code arn:P:sts::A:assumed-role/R/S}, else null.
     * (A role with a path cannot be told from its session ARN; name such a role's session, or the account.)
     */
    private static String roleOfSession(String principalArn) {
        if (principalArn == null) return null;
        String[] parts = principalArn.split(":", 6);
        if (parts.length != 6 || !"sts".equals(parts[2]) || !parts[5].startsWith("assumed-role/")) return null;
        String[] rest = parts[5].split("/");
        if (rest.length != 3) return null;
        return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + rest[1];
    }

    private static boolean coversPutKeyPolicy(JsonNode s) {
        if (s.has("Action")) {
            for (String a : strings(s.get("Action"))) {
                if (matches(a.toLowerCase(Locale.ROOT), PUT_KEY_POLICY)) return true;
            }
            return false;
        }
        if (s.has("NotAction")) {
            for (String a : strings(s.get("NotAction"))) {
                if (matches(a.toLowerCase(Locale.ROOT), PUT_KEY_POLICY)) return false;
            }
            return true;
        }
        return false;
    }

    /** IAM wildcard matching: {@code *} any run of characters, {@code ?} any one. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    private static List<JsonNode> statements(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node == null) return out;
        if (node.isArray()) node.forEach(out::add);
        else out.add(node);
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) return out;
        if (node.isTextual()) out.add(node.asText());
        else if (node.isArray()) {
            for (JsonNode n : node) if (n.isTextual()) out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
