package dev.trent.core.kms;

import java.util.List;
import java.util.Objects;

/**
 * The multi-Region set a key belongs to, as every key of the set records it (rewritten together whenever a
 * replica comes or goes or the primary moves): this key's role, the primary's Region and the replicas' Regions.
 * The keys of a set share account and key id ({@code mrk-...}); their ARNs follow from the Regions.
 */
public record MultiRegionConfig(Type type, String primaryRegion, List<String> replicaRegions) {
    /** {@code MultiRegionKeyType}. */
    public enum Type {
        PRIMARY,
        REPLICA
    }

    public MultiRegionConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(primaryRegion, "primaryRegion");
        replicaRegions = List.copyOf(replicaRegions);
    }

    /** The same set seen from the key in {@code region}. */
    public MultiRegionConfig seenFrom(String region) {
        return new MultiRegionConfig(
                region.equals(primaryRegion) ? Type.PRIMARY : Type.REPLICA, primaryRegion, replicaRegions);
    }

    /** Every Region of the set, the primary's first. */
    public List<String> regions() {
        List<String> all = new java.util.ArrayList<>();
        all.add(primaryRegion);
        all.addAll(replicaRegions);
        return all;
    }
}
