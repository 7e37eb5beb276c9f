package dev.trent.server.access;

import dev.trent.core.RequestContext;
import dev.trent.server.pipeline.OperationSpec;
import java.util.Set;

/**
 * Where AWS KMS takes identity-based policies alone: the actions that name no key ({@code CreateKey},
 * {@code ListKeys}, {@code ListAliases}, {@code GenerateRandom}, {@code ListRetirableGrants}, the custom key store
 * operations: resource {@code *}), and the alias half of the alias operations ({@code CreateAlias},
 * {@code UpdateAlias}, {@code DeleteAlias} need the action on the alias ARN in an IAM policy, and on the key in its
 * key policy, which the key registry checks). Everything else names a key and is decided with its key policy.
 */
public final class KmsAccessRules implements AccessRules {
    private static final Set<String> NO_RESOURCE = Set.of(
            "CreateKey",
            "ListKeys",
            "ListAliases",
            "GenerateRandom",
            "ListRetirableGrants",
            "CreateCustomKeyStore",
            "DescribeCustomKeyStores");
    private static final Set<String> ON_ALIAS = Set.of("CreateAlias", "UpdateAlias", "DeleteAlias");

    @Override
    public String identityResource(RequestContext ctx, OperationSpec op) {
        String name = op.name();
        if (NO_RESOURCE.contains(name)) return "*";
        if (ON_ALIAS.contains(name)) {
            String alias = ctx.request().path("AliasName").asText("");
            if (!alias.startsWith("alias/")) return null; // the operation answers the malformed name itself
            return "arn:" + ctx.partition() + ":kms:" + ctx.region() + ":" + ctx.accountId() + ":" + alias;
        }
        return null;
    }
}
