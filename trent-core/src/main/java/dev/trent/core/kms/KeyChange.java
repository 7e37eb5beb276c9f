package dev.trent.core.kms;

import java.util.Map;
import java.util.Objects;

/**
 * One write to a key: its new record, and material versions to add (for rotation and import), written together
 * in one store batch.
 */
public record KeyChange(KmsKey key, Map<Integer, KeyMaterial> addedMaterial) {
    public KeyChange {
        Objects.requireNonNull(key, "key");
        addedMaterial = Map.copyOf(addedMaterial);
    }

    /** A rewrite of the key record alone. */
    public static KeyChange of(KmsKey key) {
        return new KeyChange(key, Map.of());
    }

    /** A rewrite of the key record that also adds material {@code version}. */
    public static KeyChange withMaterial(KmsKey key, int version, KeyMaterial material) {
        return new KeyChange(key, Map.of(version, material));
    }
}
