package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trent.crypto.Ecdh;
import dev.trent.crypto.KeyPairKind;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class AsymmetricKeysCacheTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aMaterialVersionIsParsedOnceForEveryUse() throws Exception {
        KeyMaterial material = AsymmetricKeys.generate(KeySpec.ECC_NIST_P256, random);
        assertThat(AsymmetricKeys.keyPair(KeySpec.ECC_NIST_P256, material))
                .isSameAs(AsymmetricKeys.keyPair(KeySpec.ECC_NIST_P256, material));
        Ecdh ecdh = AsymmetricKeys.ecdh(KeySpec.ECC_NIST_P256, material);
        assertThat(AsymmetricKeys.ecdh(KeySpec.ECC_NIST_P256, material)).isSameAs(ecdh);
        // the pair stays cached after the ECDH form was made: signing and key agreement share one entry
        assertThat(AsymmetricKeys.keyPair(KeySpec.ECC_NIST_P256, material))
                .isSameAs(AsymmetricKeys.keyPair(KeySpec.ECC_NIST_P256, material));

        // and the cached form still agrees with a peer
        KeyPairKind.Generated peer = KeyPairKind.EC_P256.generate(random);
        KeyMaterial.Asymmetric own = (KeyMaterial.Asymmetric) material;
        byte[] ours = ecdh.deriveSharedSecret(peer.publicKeyDer()).reveal();
        byte[] theirs = new Ecdh(KeyPairKind.EC_P256.load(peer.privateKeyPkcs8(), peer.publicKeyDer()))
                .deriveSharedSecret(own.publicKeyDer())
                .reveal();
        assertThat(ours).hasSize(32).isEqualTo(theirs);
    }

    @Test
    void anotherMaterialVersionGetsItsOwnParsedForm() {
        KeyMaterial one = AsymmetricKeys.generate(KeySpec.ECC_NIST_P256, random);
        KeyMaterial two = AsymmetricKeys.generate(KeySpec.ECC_NIST_P256, random);
        assertThat(AsymmetricKeys.ecdh(KeySpec.ECC_NIST_P256, one))
                .isNotSameAs(AsymmetricKeys.ecdh(KeySpec.ECC_NIST_P256, two));
    }
}
