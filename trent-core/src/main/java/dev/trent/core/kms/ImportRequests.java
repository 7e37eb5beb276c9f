package dev.trent.core.kms;

import java.time.Instant;

/** The typed requests and results of {@link KeyImport}. Absent optional members are null; enums by wire name. */
public final class ImportRequests {
    private ImportRequests() {}

    public record GetParametersForImport(String keyId, String wrappingAlgorithm, String wrappingKeySpec) {}

    /** The wrapping public key (X.509 DER) and the import token that goes with it, both valid until {@code validTo}. */
    public record ImportParameters(String keyArn, byte[] importToken, byte[] publicKey, Instant validTo) {}

    public record ImportKeyMaterial(
            String keyId,
            byte[] importToken,
            byte[] encryptedKeyMaterial,
            Instant validTo,
            String expirationModel,
            String importType,
            String keyMaterialDescription,
            String keyMaterialId) {}

    public record DeleteImportedKeyMaterial(String keyId, String keyMaterialId) {}

    /** ImportKeyMaterial's and DeleteImportedKeyMaterial's answer. */
    public record MaterialResult(String keyArn, String keyMaterialId) {}
}
