package dev.trent.core.iam;

import dev.trent.core.RequestContext;
import dev.trent.core.auth.IdentityDirectory;
import dev.trent.core.auth.NamedPolicy;
import dev.trent.core.auth.policy.EvaluationContext;
import dev.trent.core.auth.policy.Match;

/**
 * The identity-based half of an authorization decision outside KMS (AssumeRole's "the caller's own policies must
 * allow sts:AssumeRole on the role"): what the caller's identity policies say about {@code request}. Injectable so
 * the server can use the same account-level check as the KMS authorizer; {@link #policies} is the default.
 */
@FunctionalInterface
public interface IdentityPolicyCheck {
    /** {@code DENY} if an identity policy denies the request, else {@code ALLOW} if one allows it, else {@code NONE}. */
    Match.Effect evaluate(RequestContext ctx, EvaluationContext request);

    /**
     * The caller's identity policies as {@code directory} has them: an account's root user is allowed (it has every
     * permission in its account); a user or role session needs an Allow and no Deny in its policies.
     */
    static IdentityPolicyCheck policies(IdentityDirectory directory) {
        return (ctx, request) -> {
            if (ctx.caller().isRoot()) return Match.Effect.ALLOW;
            Match.Effect effect = Match.Effect.NONE;
            for (NamedPolicy p : directory.identityPolicies(ctx.caller().identityArn())) {
                Match m = p.document().evaluate(request);
                if (m.effect() == Match.Effect.DENY) return Match.Effect.DENY;
                if (m.effect() == Match.Effect.ALLOW) effect = Match.Effect.ALLOW;
            }
            return effect;
        };
    }
}
