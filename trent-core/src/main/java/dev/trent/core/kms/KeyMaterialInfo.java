package dev.trent.core.kms;

import java.time.Instant;

/**
 * What is known about one version of a key's material, without the secret itself.
 *
 * @param version the material version a ciphertext names
 * @param materialId the KeyMaterialId on the wire (64 lower-case hex digits)
 * @param createdAt when this material was made, imported first, or rotated in (the RotationDate of a rotation)
 * @param rotationType how it became current: null for the first material (and imported material not yet rotated
 *     in), else AUTOMATIC or ON_DEMAND
 * @param pendingRotation imported material waiting for RotateKeyOnDemand to make it current (PENDING_ROTATION)
 * @param imported for keys with imported material (Origin EXTERNAL): whether the material is imported now,
 *     its expiration and description; null for other keys
 */
public record KeyMaterialInfo(
        int version,
        String materialId,
        Instant createdAt,
        RotationType rotationType,
        boolean pendingRotation,
        Imported imported) {

    /** How a material became current ({@code RotationType}). */
    public enum RotationType {
        AUTOMATIC,
        ON_DEMAND
    }

    /** {@code ImportState}. */
    public enum ImportState {
        IMPORTED,
        PENDING_IMPORT
    }

    /** {@code ExpirationModelType}. */
    public enum ExpirationModel {
        KEY_MATERIAL_EXPIRES,
        KEY_MATERIAL_DOES_NOT_EXPIRE
    }

    /** The import state of one imported material. */
    public record Imported(ImportState state, ExpirationModel expirationModel, Instant validTo, String description) {
        /** Not imported (yet, or any more): expiration and description stay as the last import set them. */
        public Imported deleted() {
            return new Imported(ImportState.PENDING_IMPORT, expirationModel, validTo, description);
        }

        public boolean isImported() {
            return state == ImportState.IMPORTED;
        }
    }

    /** Material made by Trent at key creation. */
    public KeyMaterialInfo(int version, String materialId, Instant createdAt) {
        this(version, materialId, createdAt, null, false, null);
    }

    /** This material's record once an import or rotation changed it. */
    public KeyMaterialInfo withImported(Imported i) {
        return new KeyMaterialInfo(version, materialId, createdAt, rotationType, pendingRotation, i);
    }

    /** The material made current by a rotation at {@code when}. */
    public KeyMaterialInfo rotatedIn(RotationType type, Instant when) {
        return new KeyMaterialInfo(version, materialId, when, type, false, imported);
    }
}
