package dev.trent.core.iam;

import dev.trent.core.auth.policy.PolicyDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM role: an identity without long-term credentials that trusted principals assume ({@code sts:AssumeRole}),
 * with its trust policy (compiled once, as a {@link dev.trent.core.auth.policy.PolicyKind#TRUST} policy), a maximum
 * session duration, inline and attached managed policies, and tags. Immutable.
 *
 * @param roleId IAM's unique id, {@code AROA} and 17 more characters
 * @param trustPolicy the trust policy ({@code AssumeRolePolicyDocument}) as it was given
 * @param trust the trust policy compiled
 * @param maxSessionDuration the longest session AssumeRole may give, in seconds (3600 to 43200)
 */
public record IamRole(
        String accountId,
        String name,
        String path,
        String roleId,
        Instant createDate,
        String description,
        int maxSessionDuration,
        String trustPolicy,
        PolicyDocument trust,
        Map<String, String> tags,
        Map<String, InlinePolicy> inlinePolicies,
        List<String> attachedPolicies)
        implements IamEntity {

    /** The session duration of a role created without {@code MaxSessionDuration}: one hour. */
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    public IamRole {
        tags = Iam.copy(tags);
        inlinePolicies = Iam.copy(inlinePolicies);
        attachedPolicies = List.copyOf(attachedPolicies);
    }

    @Override
    public String id() {
        return roleId;
    }

    @Override
    public String arn() {
        return Iam.arn(accountId, "role", path, name);
    }

    @Override
    public String kind() {
        return "role";
    }

    @Override
    public IamRole withTags(Map<String, String> newTags) {
        return new IamRole(
                accountId,
                name,
                path,
                roleId,
                createDate,
                description,
                maxSessionDuration,
                trustPolicy,
                trust,
                newTags,
                inlinePolicies,
                attachedPolicies);
    }

    @Override
    public IamRole withInlinePolicies(Map<String, InlinePolicy> policies) {
        return new IamRole(
                accountId,
                name,
                path,
                roleId,
                createDate,
                description,
                maxSessionDuration,
                trustPolicy,
                trust,
                tags,
                policies,
                attachedPolicies);
    }

    @Override
    public IamRole withAttachedPolicies(List<String> arns) {
        return new IamRole(
                accountId,
                name,
                path,
                roleId,
                createDate,
                description,
                maxSessionDuration,
                trustPolicy,
                trust,
                tags,
                inlinePolicies,
                arns);
    }

    /** The same role with another trust policy (UpdateAssumeRolePolicy). */
    public IamRole withTrust(String document, PolicyDocument compiled) {
        return new IamRole(
                accountId,
                name,
                path,
                roleId,
                createDate,
                description,
                maxSessionDuration,
                document,
                compiled,
                tags,
                inlinePolicies,
                attachedPolicies);
    }

    /** The same role with another description and maximum session duration (UpdateRole). */
    public IamRole withSettings(String newDescription, int newMaxSessionDuration) {
        return new IamRole(
                accountId,
                name,
                path,
                roleId,
                createDate,
                newDescription,
                newMaxSessionDuration,
                trustPolicy,
                trust,
                tags,
                inlinePolicies,
                attachedPolicies);
    }
}
