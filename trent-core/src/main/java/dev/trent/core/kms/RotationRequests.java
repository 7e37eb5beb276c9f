package dev.trent.core.kms;

import java.time.Instant;

/** The typed requests and results of {@link KeyRotations}. Absent optional members are null. */
public final class RotationRequests {
    private RotationRequests() {}

    public record EnableKeyRotation(String keyId, Integer rotationPeriodInDays) {}

    public record DisableKeyRotation(String keyId) {}

    public record GetKeyRotationStatus(String keyId) {}

    public record RotateKeyOnDemand(String keyId) {}

    /** {@code includeKeyMaterial}: ALL_KEY_MATERIAL or ROTATIONS_ONLY (the default) or null. */
    public record ListKeyRotations(String keyId, String includeKeyMaterial, Integer limit, String marker) {}

    /**
     * GetKeyRotationStatus's answer: period and next date only while automatic rotation is on (and the key not
     * pending deletion); the start date only while an on-demand rotation is in progress.
     */
    public record RotationStatus(
            String keyArn,
            boolean keyRotationEnabled,
            Integer rotationPeriodInDays,
            Instant nextRotationDate,
            Instant onDemandRotationStartDate) {}

    /** {@code KeyMaterialState}. */
    public enum MaterialState {
        CURRENT,
        NON_CURRENT,
        PENDING_ROTATION,
        PENDING_MULTI_REGION_IMPORT_AND_ROTATION
    }

    /** One entry of ListKeyRotations: a material record with its state (and, for imported material, its import). */
    public record Rotation(String keyId, KeyMaterialInfo material, MaterialState state) {}
}
