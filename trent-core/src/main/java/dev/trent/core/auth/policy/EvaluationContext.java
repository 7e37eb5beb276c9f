package dev.trent.core.auth.policy;

import dev.trent.core.Caller;
import java.util.List;

/** One request as a policy sees it: the action, the resource, the principal and the condition keys. */
public interface EvaluationContext {
    /** The IAM action, e.g. {@code kms:Encrypt}. */
    String action();

    /** The resource ARN, e.g. {@code arn:aws:kms:us-east-1:111122223333:key/...}; {@code *} when there is none. */
    String resource();

    /** The principal (matched against Principal/NotPrincipal, and the source of policy variables). */
    Caller caller();

    /**
     * The values of condition key {@code key}, or null (or an empty list) when the request has no such key (the
     * {@code Null} operator, {@code ...IfExists} and the set operators see the difference). Condition key names are
     * case-insensitive in IAM, so the engine asks with {@code key} in lower case ({@code aws:principaltag/team},
     * {@code kms:encryptioncontext:appname}); the part after a prefix (a tag key, an encryption context key) is
     * matched case-insensitively too. Called only when a condition or a policy variable needs the key, on the
     * request's thread: compute lazily, do not block.
     */
    List<String> values(String key);
}
