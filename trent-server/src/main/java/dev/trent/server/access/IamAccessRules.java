package dev.trent.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.ServiceException;
import dev.trent.core.iam.Iam;
import dev.trent.core.iam.IdentityStore;
import dev.trent.server.pipeline.OperationSpec;

/**
 * IAM's resources for identity-based policies: the user ({@code UserName}; for the operations that default to the
 * caller's own user, the caller), the role ({@code RoleName}) or the managed policy ({@code PolicyArn}, or the
 * one {@code CreatePolicy} would make), each with its path as IAM names it; {@code *} for listings. An account's
 * root user is always allowed; IAM users and roles need an identity policy, as on AWS.
 */
public final class IamAccessRules implements AccessRules {
    private final IdentityStore identities;

    public IamAccessRules(IdentityStore identities) {
        this.identities = identities;
    }

    @Override
    public String identityResource(RequestContext ctx, OperationSpec op) {
        JsonNode r = ctx.request();
        String account = ctx.accountId();
        String user = r.path("UserName").asText("");
        if (!user.isEmpty()) return entityArn(account, "user", user, true);
        String role = r.path("RoleName").asText("");
        if (!role.isEmpty()) return entityArn(account, "role", role, false);
        String policyArn = r.path("PolicyArn").asText("");
        if (!policyArn.isEmpty()) return policyArn;
        if (op.name().equals("CreatePolicy")) {
            return Iam.arn(
                    account,
                    "policy",
                    r.path("Path").asText("/"),
                    r.path("PolicyName").asText(""));
        }
        Caller caller = ctx.caller();
        if (caller.type() == Caller.PrincipalType.IAM_USER && defaultsToCaller(op.name())) {
            return caller.identityArn();
        }
        return "*";
    }

    /** Operations whose {@code UserName} defaults to the caller's own user. */
    private static boolean defaultsToCaller(String operation) {
        return switch (operation) {
            case "GetUser", "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey" -> true;
            default -> false;
        };
    }

    /** The ARN of a user or role with its path; without a path when it does not exist (the operation says so). */
    private String entityArn(String account, String kind, String name, boolean user) {
        try {
            return user
                    ? identities.users().get(account, name).arn()
                    : identities.roles().get(account, name).arn();
        } catch (ServiceException missing) {
            return Iam.arn(account, kind, "/", name);
        }
    }
}
