package dev.trent.core.auth.policy;

import dev.trent.core.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Principal (or NotPrincipal) of a statement, compiled. Matching a caller answers how it is named:
 *
 * <ul>
 *   <li>{@link #DIRECT}: {@code "*"}, {@code {"AWS": "*"}}, the caller's own user ARN, its role's ARN (a role ARN
 *       names every session of the role), its assumed-role session ARN, or, for the account's root user, the account
 *       (id or root ARN);
 *   <li>{@link #ACCOUNT}: only the caller's account (an account id or {@code arn:<partition>:iam::<account>:root}),
 *       which for a resource policy means "the account's identity policies decide";
 *   <li>{@link #NONE}: not named. Service, Federated and CanonicalUser principals never name a Trent caller.
 * </ul>
 */
final class Principals {
    static final int NONE = 0;
    static final int ACCOUNT = 1;
    static final int DIRECT = 2;

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern IAM_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):(iam|sts)::(\\d{12}):(.+)");
    private static final Pattern NAME_PATH = Pattern.compile("(/[\\x21-\\x7e&&[^*?]]*/|/)?([\\w+=,.@-]{1,128})");
    private static final Pattern SESSION = Pattern.compile("([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");

    private final boolean any;
    private final String[] exact;
    private final String[] sessionPrefixes;
    private final String[] accounts;
    /** The partition of each account entry, or null for a bare account id (any partition). */
    private final String[] accountPartitions;

    private Principals(
            boolean any, List<String> exact, List<String> prefixes, List<String> accounts, List<String> partitions) {
        this.any = any;
        this.exact = exact.toArray(String[]::new);
        this.sessionPrefixes = prefixes.toArray(String[]::new);
        this.accounts = accounts.toArray(String[]::new);
        this.accountPartitions = partitions.toArray(String[]::new);
    }

    /** Collects the entries of one Principal element. */
    static final class Builder {
        private boolean any;
        private final List<String> exact = new ArrayList<>();
        private final List<String> prefixes = new ArrayList<>();
        private final List<String> accounts = new ArrayList<>();
        private final List<String> partitions = new ArrayList<>();

        void everyone() {
            any = true;
        }

        /** Adds an {@code "AWS"} entry; false if it is not a valid AWS principal. */
        boolean aws(String value) {
            if ("*".equals(value)) {
                any = true;
                return true;
            }
            if (ACCOUNT_ID.matcher(value).matches()) {
                accounts.add(value);
                partitions.add(null);
                return true;
            }
            Matcher m = IAM_ARN.matcher(value);
            if (!m.matches()) return false;
            String partition = m.group(1);
            boolean iam = "iam".equals(m.group(2));
            String account = m.group(3);
            String resource = m.group(4);
            if (iam && "root".equals(resource)) {
                accounts.add(account);
                partitions.add(partition);
                return true;
            }
            if (iam && resource.startsWith("user/")) {
                if (!NAME_PATH.matcher(resource.substring(4)).matches()) return false;
                exact.add(value);
                return true;
            }
            if (iam && resource.startsWith("role/")) {
                Matcher r = NAME_PATH.matcher(resource.substring(4));
                if (!r.matches()) return false;
                exact.add(value);
                prefixes.add("arn:" + partition + ":sts::" + account + ":assumed-role/" + r.group(2) + "/");
                return true;
            }
            if (!iam && resource.startsWith("assumed-role/")) {
                if (!SESSION.matcher(resource.substring("assumed-role/".length()))
                        .matches()) return false;
                exact.add(value);
                return true;
            }
            if (!iam && resource.startsWith("federated-user/")) {
                exact.add(value);
                return resource.length() > "federated-user/".length();
            }
            return false;
        }

        Principals build() {
            if (any) return new Principals(true, List.of(), List.of(), List.of(), List.of());
            return new Principals(false, exact, prefixes, accounts, partitions);
        }
    }

    /** How {@code caller} is named: {@link #DIRECT}, {@link #ACCOUNT} or {@link #NONE}. */
    int match(Caller caller) {
        if (any) return DIRECT;
        String identity = caller.identityArn();
        String principal = caller.principalArn();
        for (String e : exact) {
            if (e.equals(identity) || e.equals(principal)) return DIRECT;
        }
        for (String p : sessionPrefixes) {
            if (principal.startsWith(p) && principal.indexOf('/', p.length()) < 0) return DIRECT;
        }
        for (int i = 0; i < accounts.length; i++) {
            if (accounts[i].equals(caller.accountId())
                    && (accountPartitions[i] == null || accountPartitions[i].equals(caller.partition()))) {
                return caller.isRoot() ? DIRECT : ACCOUNT;
            }
        }
        return NONE;
    }
}
