package dev.trent.core.auth;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.kms.KmsKey;

/**
 * The decision point for access to a key: asked by the key registry after it has resolved a key id, ARN or
 * alias and before the key reaches an operation. The authorization issue plugs in identity policies, key
 * policies and grants here; until then {@link #ALLOW_ALL} is used.
 *
 * <p>Contract: returns normally when {@code ctx} may perform {@code action} (an IAM action such as
 * {@code kms:Encrypt}) on {@code key}; otherwise throws a {@link ServiceException} with the code AWS uses
 * ({@code AccessDeniedException}) and AWS's message. Must not block: it runs on event-loop threads for the
 * cryptographic operations.
 */
@FunctionalInterface
public interface Authorizer {
    void authorize(RequestContext ctx, String action, KmsKey key);

    /** Allows everything the key registry lets through (same-account access only). */
    Authorizer ALLOW_ALL = (ctx, action, key) -> {};
}
