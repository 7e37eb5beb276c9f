package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.auth.Authorizer;
import java.util.List;
import java.util.UUID;

/**
 * Resolution of key references against the view, with AWS's rules and messages: key ids, key ARNs, alias names
 * and alias ARNs, in the caller's account and Region; then the {@link Authorizer} (behind a same-account rule when it
 * does not weigh key policies across accounts).
 */
final class KeyResolver {
    private final KeyView view;
    private final Authorizer authorizer;

    KeyResolver(KeyView view, Authorizer authorizer) {
        this.view = view;
        this.authorizer = authorizer;
    }

    KeyEntry resolve(RequestContext ctx, String action, String keyRef, boolean allowAlias) {
        if (keyRef == null || keyRef.isEmpty()) throw ServiceException.validation("KeyId is required.");
        String account = ctx.accountId();
        String region = ctx.region();
        String resource = keyRef;
        if (keyRef.startsWith("arn:")) {
            String[] parts = keyRef.split(":", 6);
            // The partition must be the caller's: a key of aws-cn cannot be named from aws, and no other string
            // (arn:evil:kms:...) names a key at all.
            if (parts.length != 6
                    || !ctx.partition().equals(parts[1])
                    || !"kms".equals(parts[2])
                    || parts[3].isEmpty()
                    || parts[4].isEmpty()) {
                throw ServiceException.notFound("Invalid arn " + keyRef);
            }
            region = parts[3];
            account = parts[4];
            resource = parts[5];
            if (!region.equals(ctx.region())) {
                // AWS answers an ARN of another Region this way: the key can only be used in its own Region.
                throw ServiceException.notFound("Invalid arn " + region);
            }
            if (!resource.startsWith("key/") && !resource.startsWith("alias/")) {
                throw ServiceException.notFound("Invalid arn " + keyRef);
            }
            if (resource.startsWith("key/")) resource = resource.substring(4);
        }
        KeyEntry e;
        if (resource.startsWith("alias/")) {
            if (!allowAlias) throw ServiceException.notFound("Invalid keyId '" + keyRef + "'");
            KeyView.AliasEntry a = view.alias(new AliasAddress(account, region, resource));
            if (a == null) {
                throw ServiceException.notFound("Alias arn:" + ctx.partition() + ":kms:" + region + ":" + account + ":"
                        + resource + " is not found.");
            }
            e = view.key(a.alias().targetAddress());
            if (e == null) {
                throw ServiceException.notFound("Alias " + a.alias().arn(ctx.partition()) + " is not found.");
            }
        } else {
            KeyId id = KeyId.tryParse(resource);
            if (id == null) throw ServiceException.notFound("Invalid keyId '" + keyRef + "'");
            e = view.key(new KeyAddress(account, region, id));
            if (e == null) {
                throw ServiceException.notFound("Key 'arn:" + ctx.partition() + ":kms:" + region + ":" + account
                        + ":key/" + resource + "' does not exist");
            }
        }
        return authorized(ctx, action, e, "kms:*");
    }

    /**
     * The key a ciphertext names by UUID, in the caller's Region: null if there is none there; {@code
     * AccessDeniedException} if it belongs to another account.
     */
    KeyEntry resolveCiphertextKey(RequestContext ctx, String action, UUID keyId, boolean multiRegion) {
        List<KeyAddress> addresses = view.addressesOf(keyId, multiRegion);
        if (addresses == null) return null;
        KeyEntry elsewhere = null;
        for (KeyAddress a : addresses) {
            if (!a.region().equals(ctx.region())) continue;
            KeyEntry e = view.key(a);
            if (e == null) continue;
            if (a.accountId().equals(ctx.accountId())) return authorized(ctx, action, e, "kms:Decrypt");
            elsewhere = e;
        }
        if (elsewhere != null) return authorized(ctx, action, elsewhere, "kms:Decrypt");
        return null;
    }

    /**
     * The authorizer decides; one that does not weigh key policies across accounts ({@link
     * Authorizer#decidesCrossAccount()} false, such as {@link Authorizer#ALLOW_ALL}) gets same-account access only
     * (the denial names the action the way this server always has).
     */
    private KeyEntry authorized(RequestContext ctx, String action, KeyEntry e, String deniedAction) {
        if (!authorizer.decidesCrossAccount() && !e.key().accountId().equals(ctx.accountId())) {
            throw new ServiceException(
                    "AccessDeniedException",
                    400,
                    "User: " + ctx.caller().principalArn()
                            + " is not authorized to perform: " + deniedAction + " on resource: "
                            + e.key().arn()
                            + " because no resource-based policy allows the " + deniedAction + " action");
        }
        authorizer.authorize(ctx, action, e.key());
        return e;
    }
}
