package dev.trent.core.auth.policy;

/**
 * A policy document that is not valid in the policy language. The message names what is wrong in words a person
 * can act on (the service adds its own error code: KMS {@code MalformedPolicyDocumentException}, IAM {@code
 * MalformedPolicyDocument}).
 */
public final class MalformedPolicyException extends Exception {
    public MalformedPolicyException(String message) {
        super(message, null, false, false);
    }
}
