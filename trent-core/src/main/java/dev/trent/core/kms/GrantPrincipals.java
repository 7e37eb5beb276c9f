package dev.trent.core.kms;

import dev.trent.core.ServiceException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which strings name a principal a grant can be given to or retired by: the principals AWS lists for
 * CreateGrant (an account's root, an IAM user or role, an assumed-role session, a federated user) by ARN in the
 * caller's partition, or an AWS service principal ({@code <service>.amazonaws.com}). Anything else is refused as
 * AWS refuses it: {@code InvalidArnException: ARN does not refer to a valid principal: <value>}.
 *
 * <p>AWS also refuses ARNs of principals that do not exist. Trent checks that through {@code exists} when it is
 * given one (the IAM identities); without one, any well-formed principal ARN is accepted.
 */
public final class GrantPrincipals {
    private static final Pattern IAM = Pattern.compile(
            "arn:[a-z-]+:iam::\\d{12}:(root|(user|role)/([\\w+=,.@-]+/)*[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+)");
    private static final Pattern STS = Pattern.compile(
            "arn:[a-z-]+:sts::\\d{12}:(assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+)");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?");

    /** Accepts every well-formed principal. */
    public static final GrantPrincipals SYNTAX_ONLY = new GrantPrincipals(arn -> true);

    private final Predicate<String> exists;

    /**
     * @param exists whether a well-formed principal ARN names a principal that exists (service principals are
     *     not asked about); must not block for long (it runs on a worker)
     */
    public GrantPrincipals(Predicate<String> exists) {
        this.exists = exists;
    }

    /** Whether {@code value} is a service principal ({@code <service>.amazonaws.com}). */
    static boolean isServicePrincipal(String value) {
        return SERVICE.matcher(value).matches();
    }

    /**
     * Checks {@code value} names a principal in {@code partition}; throws {@code InvalidArnException} otherwise.
     */
    void check(String value, String partition) {
        if (value == null) return;
        if (isServicePrincipal(value)) return;
        boolean wellFormed = (IAM.matcher(value).matches() || STS.matcher(value).matches())
                && value.startsWith("arn:" + partition + ":");
        if (!wellFormed || !exists.test(value)) {
            throw new ServiceException("InvalidArnException", 400, "ARN does not refer to a valid principal: " + value);
        }
    }

    /** The account of a principal ARN, or null for a service principal. */
    static String accountOf(String principal) {
        if (!principal.startsWith("arn:")) return null;
        String[] parts = principal.split(":", 6);
        return parts.length == 6 ? parts[4] : null;
    }
}
