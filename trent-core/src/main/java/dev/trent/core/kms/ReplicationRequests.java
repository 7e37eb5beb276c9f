package dev.trent.core.kms;

import java.util.List;

/** The typed requests of {@link MultiRegionKeys}. Absent optional members are null. */
public final class ReplicationRequests {
    private ReplicationRequests() {}

    public record ReplicateKey(
            String keyId,
            String replicaRegion,
            String policy,
            Boolean bypassPolicyLockoutSafetyCheck,
            String description,
            List<Tag> tags) {}

    public record UpdatePrimaryRegion(String keyId, String primaryRegion) {}
}
