package dev.trent.core.auth;

import dev.trent.core.RequestContext;
import dev.trent.core.kms.KmsKey;

/** The grants of KMS keys, as authorization asks about them. Reads memory only; must not block. */
@FunctionalInterface
public interface GrantAccess {
    /**
     * The id of a grant on {@code key} that allows {@code ctx}'s caller (its grantee principal) to perform {@code
     * action}, with the grant's constraints satisfied by the request's encryption context (read from {@code
     * ctx.request()}); grants named by the request's {@code GrantTokens} count even before they are visible
     * everywhere. Null when no grant allows it.
     */
    String allowingGrant(RequestContext ctx, String action, KmsKey key);

    GrantAccess NONE = (ctx, action, key) -> null;
}
