package dev.trent.core.kms;

import java.util.List;

/** The typed requests of {@link KeyLifecycle}. Absent optional members are null. */
public final class LifecycleRequests {
    private LifecycleRequests() {}

    public record CreateKey(
            String description,
            KeyUsage keyUsage,
            KeySpec keySpec,
            KeySpec customerMasterKeySpec,
            Origin origin,
            String policy,
            List<Tag> tags,
            Boolean multiRegion,
            String customKeyStoreId,
            String xksKeyId,
            Boolean bypassPolicyLockoutSafetyCheck) {
        /** Without BypassPolicyLockoutSafetyCheck: a Policy must let the caller change it again. */
        public CreateKey(
                String description,
                KeyUsage keyUsage,
                KeySpec keySpec,
                KeySpec customerMasterKeySpec,
                Origin origin,
                String policy,
                List<Tag> tags,
                Boolean multiRegion,
                String customKeyStoreId,
                String xksKeyId) {
            this(
                    description,
                    keyUsage,
                    keySpec,
                    customerMasterKeySpec,
                    origin,
                    policy,
                    tags,
                    multiRegion,
                    customKeyStoreId,
                    xksKeyId,
                    null);
        }

        /** A symmetric encryption key with only a description: CreateKey's defaults. */
        public static CreateKey withDescription(String description) {
            return new CreateKey(description, null, null, null, null, null, List.of(), null, null, null);
        }
    }

    public record DescribeKey(String keyId) {}

    public record ListKeys(Integer limit, String marker) {}

    public record EnableKey(String keyId) {}

    public record DisableKey(String keyId) {}

    public record ScheduleKeyDeletion(String keyId, Integer pendingWindowInDays) {}

    public record CancelKeyDeletion(String keyId) {}

    public record UpdateKeyDescription(String keyId, String description) {}
}
