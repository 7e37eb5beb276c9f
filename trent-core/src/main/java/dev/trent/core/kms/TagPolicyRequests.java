package dev.trent.core.kms;

import java.util.List;

/** The typed requests and results of {@link TagsAndPolicies}. Absent optional members are null. */
public final class TagPolicyRequests {
    private TagPolicyRequests() {}

    public record TagResource(String keyId, List<Tag> tags) {}

    public record UntagResource(String keyId, List<String> tagKeys) {}

    public record ListResourceTags(String keyId, Integer limit, String marker) {}

    public record GetKeyPolicy(String keyId, String policyName) {}

    public record PutKeyPolicy(String keyId, String policyName, String policy, Boolean bypassPolicyLockoutSafetyCheck) {
        /** Without BypassPolicyLockoutSafetyCheck: the new policy must let the caller change it again. */
        public PutKeyPolicy(String keyId, String policyName, String policy) {
            this(keyId, policyName, policy, null);
        }
    }

    public record ListKeyPolicies(String keyId, Integer limit, String marker) {}

    public record KeyPolicy(String policyName, String policy) {}
}
