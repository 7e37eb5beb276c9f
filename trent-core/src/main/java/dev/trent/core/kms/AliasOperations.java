package dev.trent.core.kms;

import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CreateAlias, UpdateAlias, DeleteAlias, ListAliases. Aliases live in the caller's account and Region; ListAliases
 * also lists AWS's predefined aliases there ({@link PredefinedAliases}).
 */
public final class AliasOperations {
    private final KeyRegistry registry;
    private final Clock clock;

    public AliasOperations(KeyRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public Alias createAlias(RequestContext ctx, AliasRequests.CreateAlias req) {
        checkAliasName(req.aliasName());
        KmsKey target = registry.resolveKey(ctx, KmsActions.CREATE_ALIAS, req.targetKeyId())
                .key();
        KeyStateRules.check(KmsActions.CREATE_ALIAS, target);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Alias alias = new Alias(ctx.accountId(), ctx.region(), req.aliasName(), target.id(), now, now);
        if (!registry.createAlias(alias)) {
            throw ServiceException.alreadyExists(
                    "An alias with the name " + aliasArn(ctx, req.aliasName()) + " already exists");
        }
        return alias;
    }

    public Alias updateAlias(RequestContext ctx, AliasRequests.UpdateAlias req) {
        String name = req.aliasName();
        checkAliasName(name);
        KmsKey target = registry.resolveKey(ctx, KmsActions.UPDATE_ALIAS, req.targetKeyId())
                .key();
        KeyStateRules.check(KmsActions.UPDATE_ALIAS, target);
        return registry.updateAlias(new AliasAddress(ctx.accountId(), ctx.region(), name), old -> {
            if (old == null) throw aliasNotFound(ctx, name);
            KeyEntry current = registry.entry(old.targetAddress());
            if (current != null
                    && (current.key().keyUsage() != target.keyUsage()
                            || current.key().keySpec() != target.keySpec())) {
                throw ServiceException.validation(
                        "Alias " + aliasArn(ctx, name)
                                + " can only be associated with a KMS key of the same key spec and key usage as its current key.");
            }
            return new Alias(
                    old.accountId(),
                    old.region(),
                    old.name(),
                    target.id(),
                    old.creationDate(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
        });
    }

    public void deleteAlias(RequestContext ctx, AliasRequests.DeleteAlias req) {
        checkAliasName(req.aliasName());
        if (!registry.deleteAlias(new AliasAddress(ctx.accountId(), ctx.region(), req.aliasName()))) {
            throw aliasNotFound(ctx, req.aliasName());
        }
    }

    public Page<Alias> listAliases(RequestContext ctx, AliasRequests.ListAliases req) {
        KeyId filter = req.keyId() == null
                ? null
                : registry.resolveKey(ctx, KmsActions.LIST_ALIASES, req.keyId())
                        .key()
                        .id();
        int max = req.limit() == null ? 50 : Math.min(req.limit(), 100);
        List<Alias> listed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Alias a : registry.aliases(ctx.accountId(), ctx.region())) {
            names.add(a.name());
            if (filter == null || a.targetKeyId().equals(filter)) listed.add(a);
        }
        if (filter == null) {
            // AWS lists its predefined aliases too, without a key; a KeyId filter leaves them out (they have none).
            for (Alias p : PredefinedAliases.in(ctx.accountId(), ctx.region())) {
                if (!names.contains(p.name())) listed.add(p);
            }
        }
        // One order by name for all, as AWS (its predefined alias/aws/... sit among the customer aliases by name).
        listed.sort(Comparator.comparing(Alias::name));
        return Paging.after(listed, Alias::name, "a:", req.marker(), max);
    }

    private static String aliasArn(RequestContext ctx, String aliasName) {
        return "arn:" + ctx.partition() + ":kms:" + ctx.region() + ":" + ctx.accountId() + ":" + aliasName;
    }

    private static ServiceException aliasNotFound(RequestContext ctx, String aliasName) {
        return ServiceException.notFound("Alias " + aliasArn(ctx, aliasName) + " is not found.");
    }

    private static void checkAliasName(String aliasName) {
        if (aliasName == null) throw ServiceException.validation("AliasName is required.");
        if (!aliasName.startsWith("alias/")) {
            throw ServiceException.validation("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.length() <= "alias/".length()) {
            throw ServiceException.validation("Alias name must have at least one character after \"alias/\".");
        }
        if (aliasName.startsWith(PredefinedAliases.PREFIX)) {
            throw new ServiceException(
                    "NotAuthorizedException", 400, "The alias prefix alias/aws/ is reserved for AWS managed keys.");
        }
        // The model's pattern (^[a-zA-Z0-9:/_-]+$, checked before this) lets ':' through; the documented rule does
        // not: "It can contain only alphanumeric characters, forward slashes (/), underscores (_), and dashes (-)."
        for (int i = 0; i < aliasName.length(); i++) {
            if (!isAliasChar(aliasName.charAt(i))) {
                throw ServiceException.validation(aliasName + " contains invalid characters for an alias");
            }
        }
    }

    private static boolean isAliasChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '/'
                || c == '_'
                || c == '-';
    }
}
