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
     * The values of condition key {@code key} (matched case-insensitively, as IAM does), or null when the request
     * has no such key (the {@code Null} operator and {@code ...IfExists} see the difference).
     */
    List<String> values(String key);
}
