package dev.trent.server.secrets;

import dev.trent.core.RequestContext;
import dev.trent.server.access.AccessRules;
import dev.trent.server.pipeline.OperationSpec;
import java.util.Set;

/**
 * Secrets Manager in the access stage: the actions on no secret ({@code ListSecrets}, {@code GetRandomPassword},
 * {@code BatchGetSecretValue}: resource {@code *}) are decided there by identity-based policies; every action on a
 * secret is decided by the service once the secret is resolved, with its resource policy ({@link SecretAccess}).
 */
public final class SecretsAccessRules implements AccessRules {
    private static final Set<String> NO_RESOURCE = Set.of("ListSecrets", "GetRandomPassword", "BatchGetSecretValue");

    @Override
    public String identityResource(RequestContext ctx, OperationSpec op) {
        return NO_RESOURCE.contains(op.name()) ? "*" : null;
    }
}
