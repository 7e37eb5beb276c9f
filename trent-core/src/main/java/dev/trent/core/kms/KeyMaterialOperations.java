package dev.trent.core.kms;

import dev.trent.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The operations that change a key's material or where it lives, over the registry of a {@link KmsOperations}:
 * rotation ({@link KeyRotations}), imported material ({@link KeyImport}) and multi-Region keys ({@link
 * MultiRegionKeys}). Their background steps run in {@link KeyMaintenanceScheduler}.
 *
 * @param store the (sealed) store the import tokens live in: the one the registry was loaded from
 */
public record KeyMaterialOperations(KeyRotations rotations, KeyImport imports, MultiRegionKeys multiRegion) {

    public static KeyMaterialOperations create(KmsOperations kms, Store store, Clock clock, SecureRandom random) {
        KeyRegistry registry = kms.registry();
        return new KeyMaterialOperations(
                new KeyRotations(registry, clock, random),
                new KeyImport(registry, store, clock, random),
                new MultiRegionKeys(registry, clock));
    }

    /**
     * One pass of the background steps, in order: replicas created and sets updated, imported material expired,
     * rotations due made. Returns how many keys changed.
     */
    public int runDue() {
        return multiRegion.settleDue() + imports.expireDue() + rotations.rotateDue();
    }
}
