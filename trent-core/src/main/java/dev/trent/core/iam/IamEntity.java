package dev.trent.core.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM identity that has policies and tags: a user or a role. The common part lets inline policies, attached
 * managed policies and tags be managed the same way for both.
 */
public sealed interface IamEntity permits IamUser, IamRole {
    String accountId();

    String name();

    /** The path, {@code /} or {@code /division/team/}. */
    String path();

    /** IAM's unique id ({@code AIDA...} for a user, {@code AROA...} for a role). */
    String id();

    Instant createDate();

    /** {@code arn:aws:iam::<account>:user<path><name>} or {@code ...:role<path><name>}. */
    String arn();

    /** The tags, in the order they were added (keys are unique case-insensitively). */
    Map<String, String> tags();

    /** The inline policies by name, in the order they were added. */
    Map<String, InlinePolicy> inlinePolicies();

    /** The ARNs of the managed policies attached, in the order they were attached. */
    List<String> attachedPolicies();

    /** {@code user} or {@code role}, as in ARNs and messages. */
    String kind();

    IamEntity withTags(Map<String, String> tags);

    IamEntity withInlinePolicies(Map<String, InlinePolicy> inlinePolicies);

    IamEntity withAttachedPolicies(List<String> attachedPolicies);
}
