package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.auth.Authorizer;
import dev.trent.core.auth.policy.PolicyDocument;

/**
 * The policy lockout safety check of CreateKey and PutKeyPolicy: the new key policy must allow the caller to call
 * PutKeyPolicy on the key later ("This reduces the risk that the KMS key becomes unmanageable"), unless the request
 * sets {@code BypassPolicyLockoutSafetyCheck}.
 *
 * <p>The question goes to the {@link Authorizer} with the key as it would be under the new policy: the policy
 * engine evaluates {@code kms:PutKeyPolicy} for the caller, with its conditions, Deny statements, and (where the
 * policy allows the caller's account rather than the caller) the caller's identity-based policies. An authorizer
 * that knows no identities assumes those would allow. A statement without Resource has no effect in a key policy,
 * so it cannot keep the caller in.
 */
final class PolicyLockout {
    private PolicyLockout() {}

    /** Refuses with AWS's {@code MalformedPolicyDocumentException} when {@code policy} would lock the caller out. */
    static void check(
            RequestContext ctx, KmsKey underNewPolicy, PolicyDocument policy, Boolean bypass, Authorizer authorizer) {
        if (Boolean.TRUE.equals(bypass)) return;
        if (!authorizer.allowsPutKeyPolicy(ctx, underNewPolicy, policy))
            throw KeyPolicies.malformed(KeyPolicies.LOCKOUT);
    }
}
