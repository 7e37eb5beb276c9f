package dev.trent.core.ssm;

import dev.trent.core.kms.Tag;
import java.util.List;

/**
 * A parameter with its kept versions (oldest first, at most {@link ParameterNames#MAX_VERSIONS}) and its tags.
 * Stored as one record, so a new version, a label move or a tag change is one compare-and-set write.
 */
public record Parameter(String accountId, String region, String name, List<ParameterVersion> versions, List<Tag> tags) {
    public Parameter {
        versions = List.copyOf(versions);
        tags = List.copyOf(tags);
    }

    public ParameterVersion current() {
        return versions.get(versions.size() - 1);
    }

    /** The kept version {@code v}, or null. */
    public ParameterVersion version(long v) {
        for (ParameterVersion p : versions) if (p.version() == v) return p;
        return null;
    }

    /** The version carrying {@code label}, or null. */
    public ParameterVersion labelled(String label) {
        for (ParameterVersion p : versions) if (p.labels().contains(label)) return p;
        return null;
    }

    public Parameter withVersions(List<ParameterVersion> v) {
        return new Parameter(accountId, region, name, v, tags);
    }

    public Parameter withTags(List<Tag> t) {
        return new Parameter(accountId, region, name, versions, t);
    }

    public String arn(String partition) {
        return ParameterNames.arn(partition, region, accountId, name);
    }
}
