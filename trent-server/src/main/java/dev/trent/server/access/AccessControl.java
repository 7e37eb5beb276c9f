package dev.trent.server.access;

import dev.trent.core.RequestContext;
import dev.trent.core.auth.Authorizer;
import dev.trent.server.pipeline.Exchange;
import dev.trent.server.pipeline.OperationSpec;
import dev.trent.server.pipeline.Stages;
import java.util.Map;

/**
 * The pipeline's access stage: the identity-level decision for operations that AWS authorizes with IAM policies
 * alone ({@link AccessRules} per service, by signing name), taken by the same {@link Authorizer} that decides key
 * access, so one policy engine and one explanation format serve every service.
 */
public final class AccessControl implements Stages.Access {
    private final Authorizer authorizer;
    private final Map<String, AccessRules> rules;

    /** @param rules the access rules of each service, by SigV4 signing name; a service not listed decides alone */
    public AccessControl(Authorizer authorizer, Map<String, AccessRules> rules) {
        this.authorizer = authorizer;
        this.rules = Map.copyOf(rules);
    }

    @Override
    public void check(Exchange exchange) {
        AccessRules r = rules.get(exchange.service().signingName());
        if (r == null) return;
        OperationSpec op = exchange.operation();
        RequestContext ctx = exchange.context();
        String resource = r.identityResource(ctx, op);
        if (resource != null) authorizer.authorizeAccount(ctx, op.iamAction(), resource);
    }
}
