package dev.trent.core.kms;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The metadata of a KMS key: an immutable snapshot. A change makes a new snapshot ({@link #toBuilder()} ...
 * {@link Builder#build()}), which the registry writes to the store before it replaces the old one in memory.
 * Key material is kept apart ({@link KeyMaterials}); {@link #materials()} describes its versions. {@code
 * awsManaged} marks an AWS managed key ({@code KeyManager} {@code AWS}: made by a service such as Parameter Store
 * on first use, see {@link AwsManagedKeys}); every other key is a customer managed one.
 */
public record KmsKey(
        KeyId id,
        String accountId,
        String region,
        String partition,
        Instant creationDate,
        String description,
        KeyState state,
        Instant deletionDate,
        Integer pendingWindowDays,
        KeySpec keySpec,
        KeyUsage keyUsage,
        Origin origin,
        String policy,
        List<Tag> tags,
        List<KeyMaterialInfo> materials,
        KeyRotation rotation,
        MultiRegionConfig multiRegion,
        boolean awsManaged) {

    public KmsKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(keyUsage, "keyUsage");
        Objects.requireNonNull(origin, "origin");
        tags = List.copyOf(tags);
        materials = List.copyOf(materials);
        if (rotation == null) rotation = KeyRotation.NONE;
    }

    /** The key id as on the wire. */
    public String keyId() {
        return id.value();
    }

    public String arn() {
        return "arn:" + partition + ":kms:" + region + ":" + accountId + ":key/" + id.value();
    }

    public KeyAddress address() {
        return new KeyAddress(accountId, region, id);
    }

    public boolean enabled() {
        return state == KeyState.Enabled;
    }

    /**
     * The material Encrypt uses: the newest one not waiting for an on-demand rotation; null for a key that has
     * none yet (imported material not imported). A short loop from the end, no allocation (the hot path).
     */
    public KeyMaterialInfo currentMaterial() {
        for (int i = materials.size() - 1; i >= 0; i--) {
            KeyMaterialInfo m = materials.get(i);
            if (!m.pendingRotation()) return m;
        }
        return null;
    }

    /** The record of material {@code version}, or null. */
    public KeyMaterialInfo material(int version) {
        for (KeyMaterialInfo m : materials) {
            if (m.version() == version) return m;
        }
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .accountId(accountId)
                .region(region)
                .partition(partition)
                .creationDate(creationDate)
                .description(description)
                .state(state)
                .deletionDate(deletionDate)
                .pendingWindowDays(pendingWindowDays)
                .keySpec(keySpec)
                .keyUsage(keyUsage)
                .origin(origin)
                .policy(policy)
                .tags(tags)
                .materials(materials)
                .rotation(rotation)
                .multiRegion(multiRegion)
                .awsManaged(awsManaged);
    }

    /** Builds a {@link KmsKey}; a new key's lists default to empty. */
    public static final class Builder {
        private KeyId id;
        private String accountId;
        private String region;
        private String partition;
        private Instant creationDate;
        private String description;
        private KeyState state;
        private Instant deletionDate;
        private Integer pendingWindowDays;
        private KeySpec keySpec;
        private KeyUsage keyUsage;
        private Origin origin;
        private String policy;
        private List<Tag> tags = List.of();
        private List<KeyMaterialInfo> materials = List.of();
        private KeyRotation rotation = KeyRotation.NONE;
        private MultiRegionConfig multiRegion;
        private boolean awsManaged;

        private Builder() {}

        /** Whether the key is an AWS managed key ({@code KeyManager} {@code AWS}). */
        public Builder awsManaged(boolean awsManaged) {
            this.awsManaged = awsManaged;
            return this;
        }

        public Builder rotation(KeyRotation rotation) {
            this.rotation = rotation;
            return this;
        }

        /** The multi-Region set this key belongs to; null for a single-Region key. */
        public Builder multiRegion(MultiRegionConfig multiRegion) {
            this.multiRegion = multiRegion;
            return this;
        }

        public Builder id(KeyId id) {
            this.id = id;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder partition(String partition) {
            this.partition = partition;
            return this;
        }

        public Builder creationDate(Instant creationDate) {
            this.creationDate = creationDate;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder state(KeyState state) {
            this.state = state;
            return this;
        }

        public Builder deletionDate(Instant deletionDate) {
            this.deletionDate = deletionDate;
            return this;
        }

        public Builder pendingWindowDays(Integer pendingWindowDays) {
            this.pendingWindowDays = pendingWindowDays;
            return this;
        }

        /** The state with its deletion date and waiting period (both null unless pending deletion). */
        public Builder state(KeyState state, Instant deletionDate, Integer pendingWindowDays) {
            return state(state).deletionDate(deletionDate).pendingWindowDays(pendingWindowDays);
        }

        public Builder keySpec(KeySpec keySpec) {
            this.keySpec = keySpec;
            return this;
        }

        public Builder keyUsage(KeyUsage keyUsage) {
            this.keyUsage = keyUsage;
            return this;
        }

        public Builder origin(Origin origin) {
            this.origin = origin;
            return this;
        }

        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        public Builder tags(List<Tag> tags) {
            this.tags = tags;
            return this;
        }

        public Builder materials(List<KeyMaterialInfo> materials) {
            this.materials = materials;
            return this;
        }

        public KmsKey build() {
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
                    tags,
                    materials,
                    rotation,
                    multiRegion,
                    awsManaged);
        }
    }
}
