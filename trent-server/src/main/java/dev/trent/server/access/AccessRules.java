package dev.trent.server.access;

import dev.trent.core.RequestContext;
import dev.trent.server.pipeline.OperationSpec;

/**
 * A service's rule for the pipeline's access stage: which operations are decided by identity-based policies alone
 * there, and on which resource. Operations on a resource that has its own policy (a KMS key: key policy and
 * grants) are decided where the resource is resolved, and operations that decide for themselves (STS AssumeRole:
 * the role's trust policy) or need no permission (STS GetCallerIdentity) are left alone.
 */
@FunctionalInterface
public interface AccessRules {
    /**
     * The resource ARN to check {@code op}'s IAM action on with identity-based policies ({@code *} when the action
     * has no resource), or null when the access stage leaves the decision to the operation.
     */
    String identityResource(RequestContext ctx, OperationSpec op);

    /** Every operation decides for itself. */
    AccessRules NONE = (ctx, op) -> null;
}
