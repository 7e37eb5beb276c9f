package dev.trent.core.iam;

import dev.trent.core.Caller;
import dev.trent.core.RequestContext;
import dev.trent.core.auth.IdentityDirectory;
import dev.trent.core.auth.policy.EvaluationContext;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An STS request as a policy sees it (the trust policy of a role, the caller's identity policies): the action
 * ({@code sts:AssumeRole}, {@code sts:TagSession}), the role's ARN as the resource, the caller, and the condition keys
 * IAM documents for AssumeRole: the global ones ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, {@code
 * aws:PrincipalType}, {@code aws:userid}, {@code aws:username}, {@code aws:PrincipalTag/<k>}, {@code
 * aws:RequestTag/<k>}, {@code aws:TagKeys}, {@code aws:SourceIp}, {@code aws:SecureTransport}, {@code
 * aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:RequestedRegion}) and STS's ({@code sts:ExternalId}, {@code
 * sts:RoleSessionName}, {@code sts:TransitiveTagKeys}, {@code sts:SourceIdentity}). Keys are matched
 * case-insensitively; tag keys in {@code aws:PrincipalTag/} and {@code aws:RequestTag/} too.
 */
final class StsRequestContext implements EvaluationContext {
    private final String action;
    private final String resource;
    private final Caller caller;
    private final Map<String, List<String>> values;

    private StsRequestContext(String action, String resource, Caller caller, Map<String, List<String>> values) {
        this.action = action;
        this.resource = resource;
        this.caller = caller;
        this.values = values;
    }

    /** The condition keys of an AssumeRole request; {@link #forAction} gives the context of each action. */
    static StsRequestContext assumeRole(
            RequestContext ctx,
            IdentityDirectory directory,
            String roleArn,
            String sessionName,
            String externalId,
            Map<String, String> requestTags,
            List<String> transitiveTagKeys,
            String sourceIdentity) {
        Caller c = ctx.caller();
        Map<String, List<String>> v = new HashMap<>();
        put(v, "aws:PrincipalArn", c.identityArn());
        put(v, "aws:PrincipalAccount", c.accountId());
        put(v, "aws:PrincipalType", principalType(c));
        put(v, "aws:userid", c.principalId());
        if (c.type() == Caller.PrincipalType.IAM_USER) {
            put(v, "aws:username", c.principalArn().substring(c.principalArn().lastIndexOf('/') + 1));
        }
        Map<String, String> principalTags = new LinkedHashMap<>(directory.principalTags(c.identityArn()));
        c.sessionTags().forEach((k, val) -> {
            principalTags.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
            principalTags.put(k, val);
        });
        principalTags.forEach((k, val) -> put(v, "aws:PrincipalTag/" + k, val));
        if (!requestTags.isEmpty()) {
            requestTags.forEach((k, val) -> put(v, "aws:RequestTag/" + k, val));
            v.put(key("aws:TagKeys"), List.copyOf(requestTags.keySet()));
        }
        if (!transitiveTagKeys.isEmpty()) v.put(key("sts:TransitiveTagKeys"), List.copyOf(transitiveTagKeys));
        if (externalId != null) put(v, "sts:ExternalId", externalId);
        put(v, "sts:RoleSessionName", sessionName);
        if (sourceIdentity != null) put(v, "sts:SourceIdentity", sourceIdentity);
        if (!ctx.sourceIp().isEmpty()) put(v, "aws:SourceIp", ctx.sourceIp());
        put(v, "aws:SecureTransport", Boolean.toString(ctx.secureTransport()));
        put(v, "aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(ctx.receivedAt()));
        put(v, "aws:EpochTime", Long.toString(ctx.receivedAt().getEpochSecond()));
        put(v, "aws:RequestedRegion", ctx.region());
        put(v, "aws:ViaAWSService", "false");
        return new StsRequestContext("sts:AssumeRole", roleArn, c, v);
    }

    /** The same request for another action ({@code sts:TagSession}). */
    StsRequestContext forAction(String otherAction) {
        return new StsRequestContext(otherAction, resource, caller, values);
    }

    private static String principalType(Caller c) {
        return switch (c.type()) {
            case ROOT -> "Account";
            case IAM_USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
        };
    }

    private static void put(Map<String, List<String>> v, String k, String value) {
        v.put(key(k), List.of(value));
    }

    private static String key(String k) {
        return k.toLowerCase(Locale.ROOT);
    }

    @Override
    public String action() {
        return action;
    }

    @Override
    public String resource() {
        return resource;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public List<String> values(String conditionKey) {
        return values.get(key(conditionKey));
    }
}
