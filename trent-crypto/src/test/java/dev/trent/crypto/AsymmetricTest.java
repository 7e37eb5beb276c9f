package dev.trent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.crypto.SignatureScheme.MessageMode;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key pairs, signatures, public-key encryption and ECDH of every kind, signed here and checked here. */
class AsymmetricTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Map<KeyPairKind, List<SignatureScheme>> SCHEMES = Map.ofEntries(
            Map.entry(
                    KeyPairKind.RSA_2048,
                    List.of(
                            SignatureScheme.RSASSA_PSS_SHA_256,
                            SignatureScheme.RSASSA_PSS_SHA_384,
                            SignatureScheme.RSASSA_PSS_SHA_512,
                            SignatureScheme.RSASSA_PKCS1_V1_5_SHA_256,
                            SignatureScheme.RSASSA_PKCS1_V1_5_SHA_384,
                            SignatureScheme.RSASSA_PKCS1_V1_5_SHA_512)),
            Map.entry(KeyPairKind.EC_P256, List.of(SignatureScheme.ECDSA_SHA_256)),
            Map.entry(KeyPairKind.EC_P384, List.of(SignatureScheme.ECDSA_SHA_384)),
            Map.entry(KeyPairKind.EC_P521, List.of(SignatureScheme.ECDSA_SHA_512)),
            Map.entry(KeyPairKind.EC_SECP256K1, List.of(SignatureScheme.ECDSA_SHA_256)),
            Map.entry(
                    KeyPairKind.ED25519, List.of(SignatureScheme.ED25519_SHA_512, SignatureScheme.ED25519_PH_SHA_512)),
            Map.entry(KeyPairKind.ML_DSA_44, List.of(SignatureScheme.ML_DSA_SHAKE_256)),
            Map.entry(KeyPairKind.ML_DSA_87, List.of(SignatureScheme.ML_DSA_SHAKE_256)),
            Map.entry(KeyPairKind.SM2, List.of(SignatureScheme.SM2DSA)));

    @Test
    void everySchemeSignsAndVerifiesInEveryModeItTakes() throws Exception {
        for (var e : SCHEMES.entrySet()) {
            KeyPairKind kind = e.getKey();
            KeyPairKind.Generated g = kind.generate(RANDOM);
            LoadedKeyPair keys = kind.load(g.privateKeyPkcs8(), g.publicKeyDer());
            for (SignatureScheme scheme : e.getValue()) {
                for (MessageMode mode : MessageMode.values()) {
                    if (!scheme.accepts(mode)) continue;
                    int len = scheme.inputLength(mode);
                    byte[] msg = new byte[len == 0 ? 100 : len];
                    RANDOM.nextBytes(msg);
                    byte[] sig = Signatures.signer(scheme, mode, keys, RANDOM).sign(msg);
                    Verifier v = Signatures.verifier(scheme, mode, kind, kind.publicKey(g.publicKeyDer()));
                    v.verify(sig, msg);
                    byte[] other = msg.clone();
                    other[0] ^= 1;
                    assertThatThrownBy(() -> v.verify(sig, other))
                            .as(kind + " " + scheme + " " + mode)
                            .isInstanceOf(InvalidSignatureException.class);
                }
            }
        }
    }

    @Test
    void digestSignaturesVerifyAsSignaturesOfTheMessage() throws Exception {
        KeyPairKind kind = KeyPairKind.RSA_2048;
        KeyPairKind.Generated g = kind.generate(RANDOM);
        LoadedKeyPair keys = kind.load(g.privateKeyPkcs8(), g.publicKeyDer());
        byte[] msg = "hello".getBytes();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(msg);
        for (SignatureScheme s :
                List.of(SignatureScheme.RSASSA_PSS_SHA_256, SignatureScheme.RSASSA_PKCS1_V1_5_SHA_256)) {
            byte[] sig = Signatures.signer(s, MessageMode.DIGEST, keys, RANDOM).sign(digest);
            Signatures.verifier(s, MessageMode.RAW, kind, keys.publicKey()).verify(sig, msg);
        }
        KeyPairKind.Generated sm2 = KeyPairKind.SM2.generate(RANDOM);
        LoadedKeyPair sm2Keys = KeyPairKind.SM2.load(sm2.privateKeyPkcs8(), sm2.publicKeyDer());
        byte[] sig = Signatures.signer(SignatureScheme.SM2DSA, MessageMode.RAW, sm2Keys, RANDOM)
                .sign(msg);
        assertThatThrownBy(() -> Signatures.verifier(
                                SignatureScheme.SM2DSA, MessageMode.DIGEST, KeyPairKind.SM2, sm2Keys.publicKey())
                        .verify(sig, digest))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void publicKeyEncryptionRoundTripsUpToItsLimit() throws Exception {
        for (KeyPairKind kind : List.of(KeyPairKind.RSA_2048, KeyPairKind.SM2)) {
            KeyPairKind.Generated g = kind.generate(RANDOM);
            LoadedKeyPair keys = kind.load(g.privateKeyPkcs8(), g.publicKeyDer());
            for (AsymmetricEncryption.Scheme s : AsymmetricEncryption.Scheme.values()) {
                if ((s == AsymmetricEncryption.Scheme.SM2PKE) != (kind == KeyPairKind.SM2)) continue;
                byte[] pt = new byte[s.maxPlaintext(kind)];
                RANDOM.nextBytes(pt);
                byte[] ct = AsymmetricEncryption.encrypt(s, keys.publicKey(), pt, RANDOM);
                assertThat(AsymmetricEncryption.decrypt(s, keys, ct)).isEqualTo(pt);
                ct[ct.length - 1] ^= 1;
                assertThatThrownBy(() -> AsymmetricEncryption.decrypt(s, keys, ct))
                        .isInstanceOf(InvalidCiphertextException.class);
            }
        }
        assertThat(AsymmetricEncryption.Scheme.RSAES_OAEP_SHA_1.maxPlaintext(KeyPairKind.RSA_2048))
                .isEqualTo(214);
        assertThat(AsymmetricEncryption.Scheme.RSAES_OAEP_SHA_256.maxPlaintext(KeyPairKind.RSA_4096))
                .isEqualTo(446);
    }

    @Test
    void ecdhAgreesBothWaysAndRefusesAnotherCurve() throws Exception {
        for (KeyPairKind kind : List.of(KeyPairKind.EC_P256, KeyPairKind.EC_P521, KeyPairKind.SM2)) {
            KeyPairKind.Generated a = kind.generate(RANDOM);
            KeyPairKind.Generated b = kind.generate(RANDOM);
            SecretBytes ab =
                    new Ecdh(kind.load(a.privateKeyPkcs8(), a.publicKeyDer())).deriveSharedSecret(b.publicKeyDer());
            SecretBytes ba =
                    new Ecdh(kind.load(b.privateKeyPkcs8(), b.publicKeyDer())).deriveSharedSecret(a.publicKeyDer());
            assertThat(ab.reveal()).isEqualTo(ba.reveal());
        }
        KeyPairKind.Generated a = KeyPairKind.EC_P256.generate(RANDOM);
        Ecdh ecdh = new Ecdh(KeyPairKind.EC_P256.load(a.privateKeyPkcs8(), a.publicKeyDer()));
        byte[] p384 = KeyPairKind.EC_P384.generate(RANDOM).publicKeyDer();
        assertThatThrownBy(() -> ecdh.deriveSharedSecret(p384)).isInstanceOf(java.security.InvalidKeyException.class);
        assertThatThrownBy(() -> ecdh.deriveSharedSecret(new byte[] {1, 2, 3}))
                .isInstanceOf(java.security.InvalidKeyException.class);
    }
}
