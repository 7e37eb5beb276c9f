package dev.trent.core.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM user: a long-term identity of an account, with access keys (kept apart, in {@link AccessKey} records),
 * inline and attached managed policies, and tags. Immutable; every change makes a new instance.
 *
 * @param userId IAM's unique id, {@code AIDA} and 17 more characters
 */
public record IamUser(
        String accountId,
        String name,
        String path,
        String userId,
        Instant createDate,
        Map<String, String> tags,
        Map<String, InlinePolicy> inlinePolicies,
        List<String> attachedPolicies)
        implements IamEntity {

    public IamUser {
        tags = Iam.copy(tags);
        inlinePolicies = Iam.copy(inlinePolicies);
        attachedPolicies = List.copyOf(attachedPolicies);
    }

    @Override
    public String id() {
        return userId;
    }

    @Override
    public String arn() {
        return Iam.arn(accountId, "user", path, name);
    }

    @Override
    public String kind() {
        return "user";
    }

    @Override
    public IamUser withTags(Map<String, String> newTags) {
        return new IamUser(accountId, name, path, userId, createDate, newTags, inlinePolicies, attachedPolicies);
    }

    @Override
    public IamUser withInlinePolicies(Map<String, InlinePolicy> policies) {
        return new IamUser(accountId, name, path, userId, createDate, tags, policies, attachedPolicies);
    }

    @Override
    public IamUser withAttachedPolicies(List<String> arns) {
        return new IamUser(accountId, name, path, userId, createDate, tags, inlinePolicies, arns);
    }

    /** The same user under another name and path (UpdateUser). */
    public IamUser renamed(String newName, String newPath) {
        return new IamUser(accountId, newName, newPath, userId, createDate, tags, inlinePolicies, attachedPolicies);
    }
}
