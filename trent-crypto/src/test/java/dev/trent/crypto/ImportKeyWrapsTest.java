package dev.trent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The import key wraps unwrap what the AWS docs tell users to make with plain JCA (RSAES-OAEP; RSA-OAEP of an AES
 * key followed by AES Key Wrap with Padding), and refuse anything else with one exception.
 */
class ImportKeyWrapsTest {
    private final SecureRandom random = new SecureRandom();
    private final KeyPairKind.Generated pair = KeyPairKind.RSA_2048.generate(random);
    private final LoadedKeyPair keys = KeyPairKind.RSA_2048.load(pair.privateKeyPkcs8(), pair.publicKeyDer());

    private static OAEPParameterSpec oaep(String hash) {
        return new OAEPParameterSpec(
                hash,
                "MGF1",
                hash.equals("SHA-1") ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT);
    }

    private byte[] oaepWrap(String hash, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.publicKey(), oaep(hash));
        return c.doFinal(plain);
    }

    private byte[] rsaAesWrap(String hash, byte[] plain) throws Exception {
        byte[] aes = new byte[32];
        random.nextBytes(aes);
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"));
        byte[] tail = kwp.doFinal(plain);
        byte[] head = oaepWrap(hash, aes);
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    @Test
    void unwrapsWhatJcaWrapsTheWayTheAwsDocsShow() throws Exception {
        byte[] material = new byte[32];
        random.nextBytes(material);
        byte[] longMaterial = new byte[1200]; // e.g. an RSA private key: too long for RSA alone
        random.nextBytes(longMaterial);
        assertThat(unwrap(ImportKeyWraps.Algorithm.RSAES_OAEP_SHA_1, oaepWrap("SHA-1", material)))
                .isEqualTo(material);
        assertThat(unwrap(ImportKeyWraps.Algorithm.RSAES_OAEP_SHA_256, oaepWrap("SHA-256", material)))
                .isEqualTo(material);
        assertThat(unwrap(ImportKeyWraps.Algorithm.RSA_AES_KEY_WRAP_SHA_1, rsaAesWrap("SHA-1", longMaterial)))
                .isEqualTo(longMaterial);
        assertThat(unwrap(ImportKeyWraps.Algorithm.RSA_AES_KEY_WRAP_SHA_256, rsaAesWrap("SHA-256", longMaterial)))
                .isEqualTo(longMaterial);
    }

    @Test
    void wrapAndUnwrapRoundTripForEveryRsaAlgorithm() throws Exception {
        SecretBytes material = SecretBytes.random(random, 32);
        for (ImportKeyWraps.Algorithm a : ImportKeyWraps.Algorithm.values()) {
            if (a == ImportKeyWraps.Algorithm.SM2PKE) continue;
            KeyWrap w = ImportKeyWraps.of(a, keys, random);
            assertThat(w.algorithm()).isEqualTo(a.name());
            assertThat(w.unwrap(w.wrap(material)).reveal()).isEqualTo(material.reveal());
        }
    }

    @Test
    void sm2WrapsForTheChinaRegions() throws Exception {
        KeyPairKind.Generated sm2 = KeyPairKind.SM2.generate(random);
        KeyWrap w = ImportKeyWraps.of(
                ImportKeyWraps.Algorithm.SM2PKE,
                KeyPairKind.SM2.load(sm2.privateKeyPkcs8(), sm2.publicKeyDer()),
                random);
        SecretBytes material = SecretBytes.random(random, 32);
        assertThat(w.unwrap(w.wrap(material)).reveal()).isEqualTo(material.reveal());
        assertThatThrownBy(() -> ImportKeyWraps.of(ImportKeyWraps.Algorithm.SM2PKE, keys, random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDamagedOrForeignBlobIsTheSameInvalidCiphertext() throws Exception {
        byte[] wrapped = oaepWrap("SHA-256", new byte[32]);
        wrapped[10] ^= 1;
        byte[] damaged = wrapped;
        byte[] otherHash = oaepWrap("SHA-1", new byte[32]);
        byte[] tooShort = new byte[100];
        for (byte[] bad : new byte[][] {damaged, otherHash, tooShort, null}) {
            assertThatThrownBy(() -> unwrap(ImportKeyWraps.Algorithm.RSAES_OAEP_SHA_256, bad))
                    .isInstanceOf(InvalidCiphertextException.class)
                    .hasMessage("the wrapped key material is not valid for this wrapping key");
        }
        byte[] aes = rsaAesWrap("SHA-256", new byte[32]);
        aes[aes.length - 1] ^= 1;
        assertThatThrownBy(() -> unwrap(ImportKeyWraps.Algorithm.RSA_AES_KEY_WRAP_SHA_256, aes))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void importedPrivateKeysAreCheckedAgainstTheKeySpecAndGetTheirPublicKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair p256 = g.generateKeyPair();
        KeyPairKind.Generated imported = ImportedKeyPairs.fromPrivateKey(
                KeyPairKind.EC_P256, p256.getPrivate().getEncoded());
        assertThat(imported.publicKeyDer()).isEqualTo(p256.getPublic().getEncoded());
        assertThatThrownBy(() -> ImportedKeyPairs.fromPrivateKey(
                        KeyPairKind.EC_P384, p256.getPrivate().getEncoded()))
                .isInstanceOf(java.security.InvalidKeyException.class);
        assertThatThrownBy(() -> ImportedKeyPairs.fromPrivateKey(
                        KeyPairKind.RSA_3072, pair.privateKeyPkcs8().reveal()))
                .isInstanceOf(java.security.InvalidKeyException.class);
        KeyPairKind.Generated rsa = ImportedKeyPairs.fromPrivateKey(
                KeyPairKind.RSA_2048, pair.privateKeyPkcs8().reveal());
        assertThat(rsa.publicKeyDer()).isEqualTo(pair.publicKeyDer());
        assertThatThrownBy(() -> ImportedKeyPairs.fromPrivateKey(KeyPairKind.ED25519, new byte[] {1, 2, 3}))
                .isInstanceOf(java.security.InvalidKeyException.class);
    }

    private byte[] unwrap(ImportKeyWraps.Algorithm a, byte[] wrapped) throws Exception {
        return ImportKeyWraps.of(a, keys, random).unwrap(wrapped).reveal();
    }
}
