package dev.trent.core.auth;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.policy.PolicyDocument;
import dev.trent.core.kms.KmsKey;

/**
 * The decision point for access: asked by the key registry after it has resolved a key id, ARN or alias and before
 * the key reaches an operation ({@link #authorize}), and by operations that name no key ({@link #authorizeAccount}).
 * {@link KmsAuthorizer} decides as AWS KMS does (key policies, identity policies, grants); {@link #ALLOW_ALL} lets
 * every caller use the keys of its own account.
 *
 * <p>Contract: returns normally when {@code ctx} may perform {@code action} (an IAM action such as {@code
 * kms:Encrypt}); otherwise throws a {@link ServiceException} with the code AWS uses ({@code AccessDeniedException})
 * and AWS's message. Must not block: it runs on event-loop threads for the cryptographic operations.
 */
@FunctionalInterface
public interface Authorizer {
    void authorize(RequestContext ctx, String action, KmsKey key);

    /**
     * An action that names no key: CreateKey, ListKeys, ListAliases, GenerateRandom, and the IAM, STS and
     * Organizations actions. Only identity-based policies decide (an account's root user is always allowed).
     *
     * @param resourceArn the resource the action is on ({@code *} for none; AWS's denial then says {@code on
     *     resource: *}), or null to leave the resource out of the denial message
     */
    default void authorizeAccount(RequestContext ctx, String action, String resourceArn) {}

    /**
     * Whether this authorizer decides access to keys of other accounts itself (from key policies). When false, the
     * key registry refuses every key of another account before asking.
     */
    default boolean decidesCrossAccount() {
        return false;
    }

    /**
     * The policy lockout safety check: whether the caller of {@code ctx} could still call {@code kms:PutKeyPolicy} on
     * {@code key} if {@code policy} were its key policy. By default the key policy alone decides, and a statement
     * that allows the caller's account counts as allowing its users and roles (as if their IAM policies allowed).
     */
    default boolean allowsPutKeyPolicy(RequestContext ctx, KmsKey key, PolicyDocument policy) {
        return KmsAuthorizer.keyPolicyOnly().allowsPutKeyPolicy(ctx, key, policy);
    }

    /** Allows everything the key registry lets through (same-account access only). */
    Authorizer ALLOW_ALL = (ctx, action, key) -> {};
}
