package dev.trent.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trent.crypto.SecretBytes;
import org.junit.jupiter.api.Test;

class KeyMaterialsTest {
    private static KeyMaterial.Symmetric aes(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return new KeyMaterial.Symmetric(SecretBytes.wrap(b));
    }

    @Test
    void aRingIsNeverChangedInPlace() {
        KeyMaterials one = KeyMaterials.of(1, aes(1));
        KeyMaterials two = one.with(2, aes(2));
        assertThat(one.versions()).containsExactly(1);
        assertThat(one.currentVersion()).isEqualTo(1);
        assertThat(two.versions()).containsExactly(1, 2);
        assertThat(two.currentVersion()).isEqualTo(2);
        assertThat(two.current()).isSameAs(two.get(2));
        assertThat(two.get(1)).isSameAs(one.get(1));
        assertThat(two.get(3)).isNull();
        assertThat(KeyMaterials.empty().current()).isNull();
        assertThatThrownBy(() -> two.with(2, aes(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> two.with(0, aes(3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symmetricAndHmacMaterialIsStoredAsRawBytes() {
        KeyMaterial.Symmetric k = aes(7);
        byte[] stored = k.encode();
        assertThat(stored).hasSize(32).containsOnly((byte) 7);
        KeyMaterial back = KeyMaterial.decode(KeySpec.SYMMETRIC_DEFAULT, stored);
        assertThat(back).isInstanceOf(KeyMaterial.Symmetric.class);
        assertThat(((KeyMaterial.Symmetric) back).key().reveal()).containsOnly((byte) 7);
        assertThat(KeyMaterial.decode(KeySpec.HMAC_256, new byte[32])).isInstanceOf(KeyMaterial.Hmac.class);
    }

    @Test
    void asymmetricMaterialKeepsBothHalves() {
        KeyMaterial.Asymmetric pair =
                new KeyMaterial.Asymmetric(SecretBytes.copyOf(new byte[] {1, 2, 3}), new byte[] {9, 8});
        byte[] stored = pair.encode();
        KeyMaterial back = KeyMaterial.decode(KeySpec.ECC_NIST_P256, stored);
        assertThat(stored).containsOnly((byte) 0);
        assertThat(back).isInstanceOfSatisfying(KeyMaterial.Asymmetric.class, a -> {
            assertThat(a.privateKeyPkcs8().reveal()).containsExactly(1, 2, 3);
            assertThat(a.publicKeyDer()).containsExactly(9, 8);
        });
        assertThatThrownBy(() -> KeyMaterial.decode(KeySpec.RSA_2048, new byte[] {2, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyMaterial.decode(KeySpec.RSA_2048, new byte[] {1, 0, 0, 0, 9, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroyingARingZeroesEveryVersion() {
        KeyMaterial.Symmetric a = aes(1);
        KeyMaterial.Symmetric b = aes(2);
        KeyMaterials.of(1, a).with(2, b).destroy();
        assertThat(a.key().isDestroyed()).isTrue();
        assertThat(b.key().isDestroyed()).isTrue();
    }
}
