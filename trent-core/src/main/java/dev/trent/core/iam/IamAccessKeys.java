package dev.trent.core.iam;

import dev.trent.core.Caller;

/**
 * IAM's access-key operations (CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey) for the user a
 * request names, or without a {@code UserName} for the caller itself: the root user's keys for a root caller, the
 * user's own for an IAM user. A role session has no access keys of its own: it must name a user.
 */
public final class IamAccessKeys {
    private final IdentityStore identities;
    private final IamView view;

    IamAccessKeys(IdentityStore identities, IamView view) {
        this.identities = identities;
        this.view = view;
    }

    /** CreateAccessKey. */
    public AccessKey create(Caller caller, String userName) {
        return identities.createAccessKey(principal(caller, userName));
    }

    /** ListAccessKeys: the keys of the principal, oldest first. */
    public IamPage<AccessKey> list(Caller caller, String userName, String marker, Integer maxItems) {
        var keys = identities.accessKeys(principal(caller, userName));
        return IamPage.of(keys, k -> String.format("%04d", keys.indexOf(k)), marker, maxItems);
    }

    /** UpdateAccessKey. */
    public AccessKey update(Caller caller, String userName, String accessKeyId, boolean active) {
        requireOwned(principal(caller, userName), accessKeyId);
        return identities.updateAccessKey(accessKeyId, active);
    }

    /** DeleteAccessKey. */
    public AccessKey delete(Caller caller, String userName, String accessKeyId) {
        requireOwned(principal(caller, userName), accessKeyId);
        return identities.deleteAccessKey(accessKeyId);
    }

    private void requireOwned(String principalArn, String accessKeyId) {
        AccessKey k = view.accessKeys.get(accessKeyId);
        if (k == null || !k.principalArn().equals(principalArn)) throw IamErrors.noSuchAccessKey(accessKeyId);
    }

    /** The ARN of the principal whose keys a request addresses. */
    private String principal(Caller caller, String userName) {
        if (userName != null) {
            IamUser u = view.users.get(Iam.entityId(caller.accountId(), userName));
            if (u == null) throw IamErrors.noSuchEntity("user", userName);
            return u.arn();
        }
        return switch (caller.type()) {
            case ROOT -> IdentityStore.rootArn(caller.accountId());
            case IAM_USER -> caller.identityArn();
            case ASSUMED_ROLE ->
                throw IamErrors.validation("Must specify userName when calling with non-User credentials");
        };
    }
}
