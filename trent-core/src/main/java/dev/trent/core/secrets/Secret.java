package dev.trent.core.secrets;

import dev.trent.core.kms.Tag;
import java.time.Instant;
import java.util.List;

/**
 * A secret with its versions (oldest first) and tags, stored as one record under {@code
 * secretsmanager/secrets/<account>/<region>/<name>}.
 *
 * @param kmsKeyId the key as CreateSecret or UpdateSecret named it, or null for the AWS managed key
 * @param deletedDate when DeleteSecret marked it (null when not marked)
 * @param deletionDate when the scheduler deletes it for good (null when not marked)
 * @param policy the resource policy JSON, or null
 */
public record Secret(
        String accountId,
        String region,
        String name,
        String arn,
        String description,
        String kmsKeyId,
        List<Tag> tags,
        List<SecretVersion> versions,
        Instant created,
        Instant lastChanged,
        Instant lastAccessed,
        Instant deletedDate,
        Instant deletionDate,
        String policy) {
    public Secret {
        tags = List.copyOf(tags);
        versions = List.copyOf(versions);
    }

    /** The version carrying {@code stage}, or null. */
    public SecretVersion staged(String stage) {
        for (SecretVersion v : versions) if (v.stages().contains(stage)) return v;
        return null;
    }

    public SecretVersion version(String id) {
        for (SecretVersion v : versions) if (v.versionId().equals(id)) return v;
        return null;
    }

    public boolean markedForDeletion() {
        return deletedDate != null;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A changed copy. */
    public static final class Builder {
        private String description;
        private String kmsKeyId;
        private List<Tag> tags;
        private List<SecretVersion> versions;
        private Instant lastChanged;
        private Instant lastAccessed;
        private Instant deletedDate;
        private Instant deletionDate;
        private String policy;
        private final Secret s;

        Builder(Secret s) {
            this.s = s;
            description = s.description;
            kmsKeyId = s.kmsKeyId;
            tags = s.tags;
            versions = s.versions;
            lastChanged = s.lastChanged;
            lastAccessed = s.lastAccessed;
            deletedDate = s.deletedDate;
            deletionDate = s.deletionDate;
            policy = s.policy;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder kmsKeyId(String v) {
            kmsKeyId = v;
            return this;
        }

        public Builder tags(List<Tag> v) {
            tags = v;
            return this;
        }

        public Builder versions(List<SecretVersion> v) {
            versions = v;
            return this;
        }

        public Builder lastChanged(Instant v) {
            lastChanged = v;
            return this;
        }

        public Builder lastAccessed(Instant v) {
            lastAccessed = v;
            return this;
        }

        public Builder deletion(Instant deleted, Instant due) {
            deletedDate = deleted;
            deletionDate = due;
            return this;
        }

        public Builder policy(String v) {
            policy = v;
            return this;
        }

        public Secret build() {
            return new Secret(
                    s.accountId,
                    s.region,
                    s.name,
                    s.arn,
                    description,
                    kmsKeyId,
                    tags,
                    versions,
                    s.created,
                    lastChanged,
                    lastAccessed,
                    deletedDate,
                    deletionDate,
                    policy);
        }
    }
}
