package dev.trent.core.auth;

import dev.trent.core.ServiceException;

/**
 * One authorization decision and why it was made: which policy statement or grant allowed the request, or what
 * was missing or denied it. Made for every request the {@link KmsAuthorizer} decides and handed to its decision
 * sink (logged at DEBUG by default, for the audit trail later); the denial message the caller sees is derived from
 * it ({@link #message()}), in AWS's shape.
 *
 * @param allowed whether the request may proceed
 * @param reason which rule decided
 * @param principal the caller as AWS names it in a denial ({@code arn:aws:iam::111122223333:user/alice}, an
 *     assumed-role session ARN, or a root ARN)
 * @param action the IAM action, e.g. {@code kms:Encrypt}
 * @param resource the resource ARN (a key ARN), or null for an action on no resource
 * @param keyPolicy the key policy statement that allowed or denied the request, or through which the key policy
 *     delegated to the account's identity policies; null when no key policy statement applied
 * @param identityPolicy the identity-based policy statement that allowed or denied the request, or null
 * @param grantId the grant that allowed the request, or null
 */
public record Decision(
        boolean allowed,
        Reason reason,
        String principal,
        String action,
        String resource,
        Evidence keyPolicy,
        Evidence identityPolicy,
        String grantId) {

    /** A statement of a policy: the policy (the key policy, an inline policy, a managed policy ARN) and which one. */
    public record Evidence(String policy, String sid, int statement) {
        @Override
        public String toString() {
            return policy + " statement " + statement + (sid == null || sid.isEmpty() ? "" : " (Sid \"" + sid + "\")");
        }
    }

    /** The rule that decided. */
    public enum Reason {
        /** The key policy allows the caller itself (its user, role, session, or {@code *}). */
        KEY_POLICY(true, "the key policy allows the caller"),
        /** The key policy allows the caller's account, and the caller is that account's root user. */
        ACCOUNT_ROOT(true, "the key policy allows the caller's account and the caller is its root user"),
        /**
         * The key policy allows the caller's account (or, across accounts, the caller), and an identity-based policy
         * of the caller allows the action on the key.
         */
        IDENTITY_POLICY(
                true, "the key policy allows the caller's account and an identity-based policy allows the caller"),
        /** A grant on the key allows the caller the operation. */
        GRANT(true, "a grant allows the caller"),
        /** An action on no key, by an account's root user (identity policies do not apply to it). */
        ROOT_USER(true, "the caller is the account's root user"),
        /** A resource with its own resource-based policy (a secret), which allows the caller. */
        RESOURCE_POLICY(true, "the resource-based policy allows the caller"),
        /** An action on no key, allowed by an identity-based policy. */
        ACCOUNT_IDENTITY_POLICY(true, "an identity-based policy allows the caller"),
        /** A Deny statement of the key policy applies. */
        EXPLICIT_DENY_KEY_POLICY(false, "an explicit deny in the key policy"),
        /** A Deny statement of an identity-based policy applies. */
        EXPLICIT_DENY_IDENTITY_POLICY(false, "an explicit deny in an identity-based policy"),
        /** Neither the key policy (directly or through the account) nor a grant allows the caller. */
        NO_KEY_POLICY_ALLOW(false, "no key policy statement and no grant allows the caller"),
        /** The key policy delegates to the caller's account (or names it across accounts), but no identity policy allows. */
        NO_IDENTITY_POLICY_ALLOW(false, "no identity-based policy allows the caller");

        private final boolean allows;
        private final String description;

        Reason(boolean allows, String description) {
            this.allows = allows;
            this.description = description;
        }

        public boolean allows() {
            return allows;
        }

        public String description() {
            return description;
        }
    }

    public Decision {
        if (allowed != reason.allows())
            throw new IllegalArgumentException(reason + " does not " + (allowed ? "allow" : "deny"));
    }

    /**
     * AWS's message for a denial: {@code User: <principal> is not authorized to perform: <action> on resource:
     * <resource> because no identity-based policy allows the <action> action} (or {@code ... because no
     * resource-based policy allows ...}, {@code ... with an explicit deny in an identity-based policy}, {@code ...
     * with an explicit deny in a resource-based policy}); null when allowed.
     */
    public String message() {
        if (allowed) return null;
        StringBuilder m = new StringBuilder(160)
                .append("User: ")
                .append(principal)
                .append(" is not authorized to perform: ")
                .append(action);
        if (resource != null) m.append(" on resource: ").append(resource);
        switch (reason) {
            case EXPLICIT_DENY_KEY_POLICY -> m.append(" with an explicit deny in a resource-based policy");
            case EXPLICIT_DENY_IDENTITY_POLICY -> m.append(" with an explicit deny in an identity-based policy");
            case NO_KEY_POLICY_ALLOW ->
                m.append(" because no resource-based policy allows the ")
                        .append(action)
                        .append(" action");
            default ->
                m.append(" because no identity-based policy allows the ")
                        .append(action)
                        .append(" action");
        }
        return m.toString();
    }

    /** The denial as the error the caller receives: {@code AccessDeniedException} (HTTP 400, as AWS KMS). */
    public ServiceException toException() {
        return new ServiceException("AccessDeniedException", 400, message());
    }

    /** One line for the log: the outcome, the request, and what decided it. */
    public String explain() {
        StringBuilder b = new StringBuilder(200)
                .append(allowed ? "ALLOW " : "DENY ")
                .append(action)
                .append(" on ")
                .append(resource == null ? "*" : resource)
                .append(" for ")
                .append(principal)
                .append(": ")
                .append(reason.description());
        if (keyPolicy != null) b.append("; key policy: ").append(keyPolicy);
        if (identityPolicy != null) b.append("; identity policy: ").append(identityPolicy);
        if (grantId != null) b.append("; grant ").append(grantId);
        return b.toString();
    }
}
