package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportState;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Imported key material (BYOK) through the AWS SDK for Java v2, the material wrapped with plain JCA as the AWS docs
 * describe (RSAES-OAEP, and RSA-OAEP plus AES key wrap with padding for private keys), on a server whose clock the
 * test moves for expiry.
 */
class ImportKeyMaterialSdkTest {
    @TempDir
    static Path dir;

    static final MutableClock clock = new MutableClock();
    static final SecureRandom random = new SecureRandom();
    static RunningTrent trent;
    static KmsClient kms;

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir, RunningTrent.testConfig(dir), clock);
        kms = trent.kms();
    }

    @AfterAll
    static void stop() {
        kms.close();
        trent.close();
    }

    record Params(SdkBytes token, PublicKey wrappingKey) {}

    static Params params(String keyId, AlgorithmSpec algorithm, WrappingKeySpec spec) throws Exception {
        GetParametersForImportResponse p = kms.getParametersForImport(
                b -> b.keyId(keyId).wrappingAlgorithm(algorithm).wrappingKeySpec(spec));
        assertThat(p.keyId()).endsWith(keyId);
        assertThat(p.parametersValidTo())
                .isCloseTo(Instant.now().plus(Duration.ofHours(24)), within(Duration.ofMinutes(1)));
        return new Params(
                p.importToken(),
                KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(p.publicKey().asByteArray())));
    }

    static byte[] oaep(PublicKey key, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(
                Cipher.ENCRYPT_MODE,
                key,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return c.doFinal(plain);
    }

    static byte[] rsaAes(PublicKey key, byte[] plain) throws Exception {
        byte[] aes = new byte[32];
        random.nextBytes(aes);
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"));
        byte[] tail = kwp.doFinal(plain);
        byte[] head = oaep(key, aes);
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    static String importSymmetric(String keyId, byte[] material, Instant validTo, ImportType type) throws Exception {
        Params p = params(keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
        byte[] wrapped = oaep(p.wrappingKey(), material);
        return kms.importKeyMaterial(b -> {
                    b.keyId(keyId).importToken(p.token()).encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped));
                    if (type != null) b.importType(type);
                    if (validTo == null) b.expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
                    else
                        b.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)
                                .validTo(validTo);
                })
                .keyMaterialId();
    }

    static KeyMetadata describe(String keyId) {
        return kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
    }

    @Test
    void importedMaterialExpiresAndTheSameMaterialComesBack() throws Exception {
        KeyMetadata created = kms.createKey(b -> b.origin(OriginType.EXTERNAL)).keyMetadata();
        String id = created.keyId();
        assertThat(created.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(created.currentKeyMaterialId()).isNull();
        byte[] material = new byte[32];
        random.nextBytes(material);
        Instant validTo = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        String materialId = importSymmetric(id, material, validTo, null);

        KeyMetadata m = describe(id);
        assertThat(m.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(m.origin()).isEqualTo(OriginType.EXTERNAL);
        assertThat(m.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
        assertThat(m.validTo()).isEqualTo(validTo);
        assertThat(m.currentKeyMaterialId()).isEqualTo(materialId);
        SdkBytes blob = kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("byok")))
                .ciphertextBlob();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(blob)).keyMaterialId()).isEqualTo(materialId);

        byte[] other = new byte[32];
        random.nextBytes(other);
        assertThatThrownBy(() -> importSymmetric(id, other, null, null))
                .isInstanceOf(IncorrectKeyMaterialException.class);

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        try {
            trent.server().keyMaintenance().runOnce();
        } finally {
            clock.reset();
        }
        assertThat(describe(id).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(blob))).isInstanceOf(KmsInvalidStateException.class);
        assertThat(kms.listKeyRotations(b -> b.keyId(id).includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL))
                        .rotations())
                .singleElement()
                .satisfies(r -> assertThat(r.importState()).isEqualTo(ImportState.PENDING_IMPORT));

        assertThat(importSymmetric(id, material, null, null)).isEqualTo(materialId);
        assertThat(describe(id).keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(describe(id).validTo()).isNull();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String())
                .isEqualTo("byok");
    }

    @Test
    void tokensAreBoundToTheirKeyAndUsedOnce() throws Exception {
        String a =
                kms.createKey(b -> b.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        String b2 =
                kms.createKey(b -> b.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        Params p = params(a, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
        byte[] wrapped = oaep(p.wrappingKey(), new byte[32]);
        assertThatThrownBy(() -> kms.importKeyMaterial(b -> b.keyId(b2)
                        .importToken(p.token())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)))
                .isInstanceOf(InvalidImportTokenException.class);
        kms.importKeyMaterial(b -> b.keyId(a)
                .importToken(p.token())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        assertThatThrownBy(() -> kms.importKeyMaterial(b -> b.keyId(a)
                        .importToken(p.token())
                        .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)))
                .isInstanceOf(InvalidImportTokenException.class);
    }

    @Test
    void newKeyMaterialRotatesAnImportedKeyOnDemand() throws Exception {
        String id =
                kms.createKey(b -> b.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        byte[] first = new byte[32];
        random.nextBytes(first);
        importSymmetric(id, first, null, null);
        SdkBytes old = kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("first")))
                .ciphertextBlob();
        byte[] second = new byte[32];
        random.nextBytes(second);
        String secondId = importSymmetric(id, second, null, ImportType.NEW_KEY_MATERIAL);
        assertThat(kms.listKeyRotations(b -> b.keyId(id).includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL))
                        .rotations())
                .extracting(r -> r.keyMaterialState())
                .containsExactly(KeyMaterialState.CURRENT, KeyMaterialState.PENDING_ROTATION);
        kms.rotateKeyOnDemand(b -> b.keyId(id));
        trent.server().keyMaintenance().runOnce();
        assertThat(describe(id).currentKeyMaterialId()).isEqualTo(secondId);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(old)).plaintext().asUtf8String())
                .isEqualTo("first");
    }

    @Test
    void anImportedEcSigningKeySignsWhatJcaVerifies() throws Exception {
        String id = kms.createKey(b -> b.origin(OriginType.EXTERNAL)
                        .keySpec(KeySpec.ECC_NIST_P256)
                        .keyUsage(KeyUsageType.SIGN_VERIFY))
                .keyMetadata()
                .keyId();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Params p = params(id, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_3072);
        byte[] wrapped = rsaAes(p.wrappingKey(), pair.getPrivate().getEncoded());
        kms.importKeyMaterial(b -> b.keyId(id)
                .importToken(p.token())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        assertThat(kms.getPublicKey(b -> b.keyId(id)).publicKey().asByteArray())
                .isEqualTo(pair.getPublic().getEncoded());
        byte[] sig = kms.sign(b -> b.keyId(id)
                        .message(SdkBytes.fromUtf8String("imported"))
                        .messageType(MessageType.RAW)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                .signature()
                .asByteArray();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(pair.getPublic());
        v.update("imported".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(v.verify(sig)).isTrue();
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), ChronoUnit.SECONDS);
    }
}
