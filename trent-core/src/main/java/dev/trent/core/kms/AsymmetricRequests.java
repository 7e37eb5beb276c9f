package dev.trent.core.kms;

import java.util.List;
import java.util.Map;

/** The typed requests and results of the asymmetric and HMAC operations. Absent optional members are null. */
public final class AsymmetricRequests {
    private AsymmetricRequests() {}

    /** {@code MessageType} of Sign and Verify. */
    public enum MessageType {
        RAW,
        DIGEST,
        EXTERNAL_MU;

        public static MessageType fromWire(String wireName) {
            return valueOf(wireName);
        }
    }

    public record PublicKeyInfo(
            String keyArn,
            byte[] publicKey,
            KeySpec keySpec,
            KeyUsage keyUsage,
            List<EncryptionAlgorithm> encryptionAlgorithms,
            List<SigningAlgorithm> signingAlgorithms,
            List<KeyAgreementAlgorithm> keyAgreementAlgorithms) {}

    public record Sign(
            String keyId, byte[] message, MessageType messageType, SigningAlgorithm signingAlgorithm, boolean dryRun) {}

    public record Signed(String keyArn, byte[] signature, SigningAlgorithm signingAlgorithm) {}

    public record Verify(
            String keyId,
            byte[] message,
            MessageType messageType,
            byte[] signature,
            SigningAlgorithm signingAlgorithm,
            boolean dryRun) {}

    /** A valid signature (an invalid one is KMSInvalidSignatureException). */
    public record Verified(String keyArn, SigningAlgorithm signingAlgorithm) {}

    public record GenerateMac(String keyId, byte[] message, MacAlgorithm macAlgorithm, boolean dryRun) {}

    public record Mac(String keyArn, byte[] mac, MacAlgorithm macAlgorithm) {}

    public record VerifyMac(String keyId, byte[] message, MacAlgorithm macAlgorithm, byte[] mac, boolean dryRun) {}

    public record DeriveSharedSecret(
            String keyId, KeyAgreementAlgorithm keyAgreementAlgorithm, byte[] publicKey, boolean dryRun) {}

    public record SharedSecret(String keyArn, byte[] sharedSecret, KeyAgreementAlgorithm algorithm, Origin origin) {}

    /** {@code DataKeyPairSpec}. */
    public enum DataKeyPairSpec {
        RSA_2048(KeySpec.RSA_2048),
        RSA_3072(KeySpec.RSA_3072),
        RSA_4096(KeySpec.RSA_4096),
        ECC_NIST_P256(KeySpec.ECC_NIST_P256),
        ECC_NIST_P384(KeySpec.ECC_NIST_P384),
        ECC_NIST_P521(KeySpec.ECC_NIST_P521),
        ECC_SECG_P256K1(KeySpec.ECC_SECG_P256K1),
        SM2(KeySpec.SM2),
        ECC_NIST_EDWARDS25519(KeySpec.ECC_NIST_EDWARDS25519);

        private final KeySpec keySpec;

        DataKeyPairSpec(KeySpec keySpec) {
            this.keySpec = keySpec;
        }

        public KeySpec keySpec() {
            return keySpec;
        }

        public static DataKeyPairSpec fromWire(String wireName) {
            return valueOf(wireName);
        }
    }

    public record GenerateDataKeyPair(
            String keyId, Map<String, String> encryptionContext, DataKeyPairSpec keyPairSpec, boolean dryRun) {}

    /** A data key pair: the private key plaintext is null when asked for without it. */
    public record DataKeyPair(
            byte[] privateKeyCiphertextBlob,
            byte[] privateKeyPlaintext,
            byte[] publicKey,
            String keyArn,
            DataKeyPairSpec keyPairSpec,
            String keyMaterialId) {}
}
