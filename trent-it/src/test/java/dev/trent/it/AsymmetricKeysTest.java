package dev.trent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Every key spec through the AWS SDK for Java v2 against a real Trent, with every result checked outside Trent by the
 * JDK or BouncyCastle: signatures verified with the key from GetPublicKey, ciphertexts made with the public key and
 * decrypted inside, ECDH compared with a local computation, data key pairs used outside.
 */
class AsymmetricKeysTest {
    private static final Provider BC = new BouncyCastleProvider();

    @TempDir
    static Path dir;

    private static RunningTrent trent;
    private static KmsClient kms;

    /** AWS's table: the usages each key spec allows (AWS KMS Developer Guide, key spec reference). */
    private static final Map<KeySpec, List<KeyUsageType>> ALLOWED = new HashMap<>();

    static {
        for (KeySpec s : KeySpec.knownValues()) {
            String n = s.toString();
            List<KeyUsageType> u;
            if (n.startsWith("RSA_")) u = List.of(KeyUsageType.ENCRYPT_DECRYPT, KeyUsageType.SIGN_VERIFY);
            else if (n.startsWith("ECC_NIST_P")) u = List.of(KeyUsageType.SIGN_VERIFY, KeyUsageType.KEY_AGREEMENT);
            else if (n.startsWith("HMAC_")) u = List.of(KeyUsageType.GENERATE_VERIFY_MAC);
            else if (n.equals("SM2"))
                u = List.of(KeyUsageType.ENCRYPT_DECRYPT, KeyUsageType.SIGN_VERIFY, KeyUsageType.KEY_AGREEMENT);
            else if (n.equals("SYMMETRIC_DEFAULT")) u = List.of(KeyUsageType.ENCRYPT_DECRYPT);
            else u = List.of(KeyUsageType.SIGN_VERIFY); // secp256k1, Ed25519, ML-DSA
            ALLOWED.put(s, u);
        }
    }

    @BeforeAll
    static void start() {
        trent = new RunningTrent(dir);
        kms = trent.kms();
    }

    @AfterAll
    static void stop() {
        kms.close();
        trent.close();
    }

    private static KeyMetadata create(KeySpec spec, KeyUsageType usage) {
        return kms.createKey(r -> r.keySpec(spec).keyUsage(usage)).keyMetadata();
    }

    @Test
    void everyKeySpecAndUsagePairIsCreatedOrRefusedAsInAws() {
        for (KeySpec spec : KeySpec.knownValues()) {
            for (KeyUsageType usage : KeyUsageType.knownValues()) {
                if (spec.toString().startsWith("RSA_4096") || spec.toString().startsWith("RSA_3072")) {
                    if (usage != KeyUsageType.SIGN_VERIFY) continue; // slow key generation: one usage is enough
                }
                if (ALLOWED.get(spec).contains(usage)) {
                    KeyMetadata m = create(spec, usage);
                    assertThat(m.keySpec()).as(spec + "/" + usage).isEqualTo(spec);
                    assertThat(m.customerMasterKeySpecAsString()).isEqualTo(spec.toString());
                    assertThat(m.keyUsage()).isEqualTo(usage);
                    assertThat(m.hasEncryptionAlgorithms()).isEqualTo(usage == KeyUsageType.ENCRYPT_DECRYPT);
                    assertThat(m.hasSigningAlgorithms()).isEqualTo(usage == KeyUsageType.SIGN_VERIFY);
                    assertThat(m.hasMacAlgorithms()).isEqualTo(usage == KeyUsageType.GENERATE_VERIFY_MAC);
                    assertThat(m.hasKeyAgreementAlgorithms()).isEqualTo(usage == KeyUsageType.KEY_AGREEMENT);
                } else {
                    assertThatThrownBy(() -> create(spec, usage))
                            .as(spec + "/" + usage)
                            .isInstanceOfSatisfying(
                                    KmsException.class,
                                    e -> assertThat(e.awsErrorDetails().errorCode())
                                            .isEqualTo("ValidationException"));
                }
            }
        }
        // KeyUsage defaults to ENCRYPT_DECRYPT, which an ECC signing spec does not offer.
        assertThatThrownBy(() -> kms.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256)))
                .isInstanceOfSatisfying(
                        KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        KeyMetadata p256 = create(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        assertThat(p256.signingAlgorithms()).containsExactly(SigningAlgorithmSpec.ECDSA_SHA_256);
        KeyMetadata hmac = create(KeySpec.HMAC_384, KeyUsageType.GENERATE_VERIFY_MAC);
        assertThat(hmac.macAlgorithms()).containsExactly(MacAlgorithmSpec.HMAC_SHA_384);
    }

    @Test
    void everySigningAlgorithmVerifiesOutsideTrent() throws Exception {
        byte[] message = "to be signed".getBytes(StandardCharsets.UTF_8);
        for (KeySpec spec : List.of(
                KeySpec.RSA_2048,
                KeySpec.ECC_NIST_P256,
                KeySpec.ECC_NIST_P384,
                KeySpec.ECC_NIST_P521,
                KeySpec.fromValue("ECC_SECG_P256K1"),
                KeySpec.ECC_NIST_EDWARDS25519,
                KeySpec.ML_DSA_44,
                KeySpec.ML_DSA_65,
                KeySpec.ML_DSA_87,
                KeySpec.SM2)) {
            KeyMetadata key = create(spec, KeyUsageType.SIGN_VERIFY);
            GetPublicKeyResponse pub = kms.getPublicKey(r -> r.keyId(key.keyId()));
            assertThat(pub.keyId()).isEqualTo(key.arn());
            assertThat(pub.keySpec()).isEqualTo(spec);
            assertThat(pub.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
            assertThat(pub.signingAlgorithms()).isEqualTo(key.signingAlgorithms());
            assertThat(pub.hasEncryptionAlgorithms()).isFalse();
            PublicKey publicKey = publicKey(pub.publicKey().asByteArray());
            for (SigningAlgorithmSpec alg : key.signingAlgorithms()) {
                boolean ph = alg == SigningAlgorithmSpec.ED25519_PH_SHA_512;
                byte[] input = ph ? MessageDigest.getInstance("SHA-512").digest(message) : message;
                MessageType type = ph ? MessageType.DIGEST : MessageType.RAW;
                SignResponse s = kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(input))
                        .messageType(type)
                        .signingAlgorithm(alg));
                byte[] sig = s.signature().asByteArray();
                Signature v = verifier(alg);
                v.initVerify(publicKey);
                v.update(input);
                assertThat(v.verify(sig)).as(spec + " " + alg).isTrue();
                assertThat(kms.verify(r -> r.keyId(key.keyId())
                                        .message(SdkBytes.fromByteArray(input))
                                        .messageType(type)
                                        .signature(SdkBytes.fromByteArray(sig))
                                        .signingAlgorithm(alg))
                                .signatureValid())
                        .isTrue();
                byte[] bad = sig.clone();
                bad[bad.length / 2] ^= 1;
                assertThatThrownBy(() -> kms.verify(r -> r.keyId(key.keyId())
                                .message(SdkBytes.fromByteArray(input))
                                .messageType(type)
                                .signature(SdkBytes.fromByteArray(bad))
                                .signingAlgorithm(alg)))
                        .as(spec + " " + alg)
                        .isInstanceOf(KmsInvalidSignatureException.class);
            }
        }
    }

    @Test
    void digestsAreSignedWithoutHashingAgainAndMustHaveTheRightLength() throws Exception {
        KeyMetadata key = create(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        byte[] message = "digest me".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        byte[] sig = kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(digest))
                        .messageType(MessageType.DIGEST)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                .signature()
                .asByteArray();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(publicKey(
                kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray()));
        v.update(message);
        assertThat(v.verify(sig)).isTrue();
        assertThatThrownBy(() -> kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(new byte[31]))
                        .messageType(MessageType.DIGEST)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)))
                .isInstanceOfSatisfying(
                        KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(message))
                        .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)))
                .isInstanceOf(InvalidKeyUsageException.class);
        kms.disableKey(r -> r.keyId(key.keyId()));
        assertThatThrownBy(() -> kms.sign(r -> r.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(message))
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)))
                .isInstanceOf(DisabledException.class);
    }

    @Test
    void macsVerifyAndAnyChangedByteIsRefused() {
        for (KeySpec spec : List.of(KeySpec.HMAC_224, KeySpec.HMAC_256, KeySpec.HMAC_384, KeySpec.HMAC_512)) {
            KeyMetadata key = create(spec, KeyUsageType.GENERATE_VERIFY_MAC);
            MacAlgorithmSpec alg = key.macAlgorithms().get(0);
            byte[] message = "authenticate me".getBytes(StandardCharsets.UTF_8);
            byte[] mac = kms.generateMac(r -> r.keyId(key.keyId())
                            .message(SdkBytes.fromByteArray(message))
                            .macAlgorithm(alg))
                    .mac()
                    .asByteArray();
            assertThat(mac).hasSize(Integer.parseInt(spec.toString().substring(5)) / 8);
            assertThat(kms.verifyMac(r -> r.keyId(key.keyId())
                                    .message(SdkBytes.fromByteArray(message))
                                    .mac(SdkBytes.fromByteArray(mac))
                                    .macAlgorithm(alg))
                            .macValid())
                    .isTrue();
            for (int i = 0; i < mac.length; i += 7) {
                byte[] badMac = mac.clone();
                badMac[i] ^= 1;
                assertThatThrownBy(() -> kms.verifyMac(r -> r.keyId(key.keyId())
                                .message(SdkBytes.fromByteArray(message))
                                .mac(SdkBytes.fromByteArray(badMac))
                                .macAlgorithm(alg)))
                        .isInstanceOf(KmsInvalidMacException.class);
            }
            byte[] badMessage = message.clone();
            badMessage[3] ^= 1;
            assertThatThrownBy(() -> kms.verifyMac(r -> r.keyId(key.keyId())
                            .message(SdkBytes.fromByteArray(badMessage))
                            .mac(SdkBytes.fromByteArray(mac))
                            .macAlgorithm(alg)))
                    .isInstanceOf(KmsInvalidMacException.class);
            assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOf(InvalidKeyUsageException.class);
        }
    }

    @Test
    void rsaCiphertextsMadeOutsideDecryptInsideUpToAwsLimits() throws Exception {
        KeyMetadata key = create(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(key.encryptionAlgorithms())
                .containsExactly(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
        PublicKey pub = publicKey(
                kms.getPublicKey(r -> r.keyId(key.keyId())).publicKey().asByteArray());
        for (EncryptionAlgorithmSpec alg : key.encryptionAlgorithms()) {
            boolean sha1 = alg == EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1;
            int max = sha1 ? 214 : 190;
            byte[] plaintext = new byte[max];
            plaintext[0] = 42;
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    pub,
                    new OAEPParameterSpec(
                            sha1 ? "SHA-1" : "SHA-256",
                            "MGF1",
                            sha1 ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
                            PSource.PSpecified.DEFAULT));
            byte[] ct = c.doFinal(plaintext);
            assertThat(kms.decrypt(r -> r.keyId(key.keyId())
                                    .ciphertextBlob(SdkBytes.fromByteArray(ct))
                                    .encryptionAlgorithm(alg))
                            .plaintext()
                            .asByteArray())
                    .isEqualTo(plaintext);
            byte[] inside = kms.encrypt(r -> r.keyId(key.keyId())
                            .plaintext(SdkBytes.fromByteArray(plaintext))
                            .encryptionAlgorithm(alg))
                    .ciphertextBlob()
                    .asByteArray();
            assertThat(inside).hasSize(256);
            assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(key.keyId())
                            .plaintext(SdkBytes.fromByteArray(new byte[max + 1]))
                            .encryptionAlgorithm(alg)))
                    .isInstanceOfSatisfying(
                            KmsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }
        assertThatThrownBy(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32)))
                .isInstanceOf(InvalidKeyUsageException.class);
        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("x"))))
                .isInstanceOf(InvalidKeyUsageException.class);
    }

    @Test
    void deriveSharedSecretMatchesLocalEcdh() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            KeySpec spec = switch (curve) {
                case "secp256r1" -> KeySpec.ECC_NIST_P256;
                case "secp384r1" -> KeySpec.ECC_NIST_P384;
                default -> KeySpec.ECC_NIST_P521;
            };
            KeyMetadata key = create(spec, KeyUsageType.KEY_AGREEMENT);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            KeyPair local = g.generateKeyPair();
            byte[] secret = kms.deriveSharedSecret(r -> r.keyId(key.keyId())
                            .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                            .publicKey(SdkBytes.fromByteArray(local.getPublic().getEncoded())))
                    .sharedSecret()
                    .asByteArray();
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(local.getPrivate());
            ka.doPhase(
                    publicKey(kms.getPublicKey(r -> r.keyId(key.keyId()))
                            .publicKey()
                            .asByteArray()),
                    true);
            assertThat(secret).isEqualTo(ka.generateSecret());
        }
        KeyMetadata p256 = create(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        byte[] otherCurve = g.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> kms.deriveSharedSecret(r -> r.keyId(p256.keyId())
                        .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                        .publicKey(SdkBytes.fromByteArray(otherCurve))))
                .isInstanceOfSatisfying(
                        KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void dataKeyPairsDecryptAndWorkOutsideTrent() throws Exception {
        String keyId = kms.createKey(r -> r.description("wraps data key pairs"))
                .keyMetadata()
                .keyId();
        Map<String, String> context = Map.of("purpose", "test");
        for (DataKeyPairSpec spec : List.of(
                DataKeyPairSpec.RSA_2048,
                DataKeyPairSpec.ECC_NIST_P256,
                DataKeyPairSpec.ECC_NIST_P384,
                DataKeyPairSpec.ECC_NIST_P521,
                DataKeyPairSpec.fromValue("ECC_SECG_P256K1"),
                DataKeyPairSpec.ECC_NIST_EDWARDS25519,
                DataKeyPairSpec.SM2)) {
            GenerateDataKeyPairResponse r = kms.generateDataKeyPair(
                    b -> b.keyId(keyId).keyPairSpec(spec).encryptionContext(context));
            assertThat(r.keyPairSpec()).isEqualTo(spec);
            byte[] pkcs8 = r.privateKeyPlaintext().asByteArray();
            assertThat(kms.decrypt(b -> b.ciphertextBlob(r.privateKeyCiphertextBlob())
                                    .encryptionContext(context))
                            .plaintext()
                            .asByteArray())
                    .isEqualTo(pkcs8);
            String alg = spec == DataKeyPairSpec.RSA_2048
                    ? "SHA256withRSA"
                    : spec == DataKeyPairSpec.ECC_NIST_EDWARDS25519
                            ? "Ed25519"
                            : spec == DataKeyPairSpec.SM2 ? "SM3withSM2" : "SHA256withECDSA";
            String keyAlg = spec == DataKeyPairSpec.RSA_2048
                    ? "RSA"
                    : spec == DataKeyPairSpec.ECC_NIST_EDWARDS25519 ? "Ed25519" : "EC";
            KeyFactory f = KeyFactory.getInstance(keyAlg, BC);
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey pub =
                    f.generatePublic(new X509EncodedKeySpec(r.publicKey().asByteArray()));
            Signature s = Signature.getInstance(alg, BC);
            s.initSign(priv);
            s.update(pkcs8);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(pkcs8);
            assertThat(s.verify(sig)).as(spec.toString()).isTrue();
        }
        var without =
                kms.generateDataKeyPairWithoutPlaintext(b -> b.keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256));
        assertThat(without.publicKey().asByteArray()).isNotEmpty();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(without.privateKeyCiphertextBlob()))
                        .plaintext()
                        .asByteArray())
                .isNotEmpty();
        KeyMetadata rsa = create(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        assertThatThrownBy(() ->
                        kms.generateDataKeyPair(b -> b.keyId(rsa.keyId()).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)))
                .isInstanceOf(InvalidKeyUsageException.class);
    }

    private static PublicKey publicKey(byte[] spki) throws Exception {
        for (String alg : List.of("RSA", "EC", "Ed25519", "ML-DSA")) {
            try {
                return KeyFactory.getInstance(alg, BC).generatePublic(new X509EncodedKeySpec(spki));
            } catch (Exception e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("unknown public key");
    }

    private static Signature verifier(SigningAlgorithmSpec alg) throws Exception {
        String n = alg.toString();
        if (n.startsWith("RSASSA_PSS_SHA_")) {
            String hash = "SHA-" + n.substring("RSASSA_PSS_SHA_".length());
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec(
                    hash, "MGF1", new MGF1ParameterSpec(hash), Integer.parseInt(hash.substring(4)) / 8, 1));
            return s;
        }
        if (n.startsWith("RSASSA_PKCS1_V1_5_SHA_")) return Signature.getInstance("SHA" + n.substring(22) + "withRSA");
        if (n.startsWith("ECDSA_SHA_")) return Signature.getInstance("SHA" + n.substring(10) + "withECDSA", BC);
        if (alg == SigningAlgorithmSpec.ED25519_SHA_512) return Signature.getInstance("Ed25519");
        if (alg == SigningAlgorithmSpec.ED25519_PH_SHA_512) {
            Signature s = Signature.getInstance("Ed25519");
            s.setParameter(new EdDSAParameterSpec(true));
            return s;
        }
        if (alg == SigningAlgorithmSpec.SM2_DSA) return Signature.getInstance("SM3withSM2", BC);
        return Signature.getInstance("ML-DSA", BC);
    }
}
