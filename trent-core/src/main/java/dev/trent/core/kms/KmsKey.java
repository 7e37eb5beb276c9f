package dev.trent.core.kms;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The metadata of a KMS key: an immutable snapshot. Changes produce a new snapshot ({@code with...}),
 * written through to the store before it replaces the old one in memory. Key material is kept apart.
 */
public record KmsKey(
        UUID id,
        String accountId,
        String region,
        String partition,
        Instant creationDate,
        String description,
        KeyState state,
        Instant deletionDate,
        Integer pendingWindowDays,
        String keySpec,
        String keyUsage,
        String origin,
        String policy,
        List<Tag> tags,
        List<KeyMaterialInfo> materials) {

    public KmsKey {
        tags = List.copyOf(tags);
        materials = List.copyOf(materials);
    }

    public String keyId() {
        return id.toString();
    }

    public String arn() {
        return "arn:" + partition + ":kms:" + region + ":" + accountId + ":key/" + id;
    }

    public boolean enabled() {
        return state == KeyState.Enabled;
    }

    public KeyMaterialInfo currentMaterial() {
        return materials.get(materials.size() - 1);
    }

    public KmsKey withState(KeyState newState, Instant newDeletionDate, Integer newWindow) {
        return new KmsKey(
                id,
                accountId,
                region,
                partition,
                creationDate,
                description,
                newState,
                newDeletionDate,
                newWindow,
                keySpec,
                keyUsage,
                origin,
                policy,
                tags,
                materials);
    }

    public KmsKey withDescription(String newDescription) {
        return new KmsKey(
                id,
                accountId,
                region,
                partition,
                creationDate,
                newDescription,
                state,
                deletionDate,
                pendingWindowDays,
                keySpec,
                keyUsage,
                origin,
                policy,
                tags,
                materials);
    }

    public KmsKey withPolicy(String newPolicy) {
        return new KmsKey(
                id,
                accountId,
                region,
                partition,
                creationDate,
                description,
                state,
                deletionDate,
                pendingWindowDays,
                keySpec,
                keyUsage,
                origin,
                newPolicy,
                tags,
                materials);
    }

    public KmsKey withTags(List<Tag> newTags) {
        return new KmsKey(
                id,
                accountId,
                region,
                partition,
                creationDate,
                description,
                state,
                deletionDate,
                pendingWindowDays,
                keySpec,
                keyUsage,
                origin,
                policy,
                newTags,
                materials);
    }
}
