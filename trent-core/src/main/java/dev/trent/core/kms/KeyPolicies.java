package dev.trent.core.kms;

import dev.trent.core.Caller;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.policy.MalformedPolicyException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.auth.policy.PolicyKind;

/**
 * Key policy documents: the default one, and the checks a new one (CreateKey's Policy, PutKeyPolicy) must pass:
 * the policy grammar AWS enforces (the policy engine's, {@link PolicyDocument}), then the policy lockout safety check
 * ({@link PolicyLockout}) unless the request sets {@code BypassPolicyLockoutSafetyCheck}. Every refusal is {@code
 * MalformedPolicyDocumentException}.
 */
public final class KeyPolicies {
    /** The only key policy name. */
    public static final String DEFAULT_NAME = "default";

    /** AWS's message when the new policy would not let the caller change it again (seen verbatim from AWS KMS). */
    static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";

    private KeyPolicies() {}

    /** The default key policy AWS attaches when CreateKey has no Policy: the account root may do kms:*. */
    public static String defaultPolicy(Caller caller) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:" + caller.partition() + ":iam::" + caller.accountId()
                + ":root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    static void checkName(String policyName) {
        if (policyName != null && !DEFAULT_NAME.equals(policyName)) {
            throw ServiceException.notFound("No such policy exists: the only key policy name is 'default'.");
        }
    }

    /**
     * The key policy {@code policy}, compiled, if it is well-formed in the policy language (with the rules of key
     * policies: every statement has a Principal or NotPrincipal); {@code MalformedPolicyDocumentException} naming
     * what is wrong else. The lockout check comes after ({@link PolicyLockout}).
     */
    static PolicyDocument grammar(String policy) {
        try {
            return PolicyDocument.parse(policy, PolicyKind.RESOURCE);
        } catch (MalformedPolicyException e) {
            throw malformed(e.getMessage());
        }
    }

    static ServiceException malformed(String message) {
        return new ServiceException("MalformedPolicyDocumentException", 400, message);
    }
}
