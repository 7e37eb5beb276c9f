package dev.trent.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

    @Test
    void wrapTakesOwnershipWithoutCopy() {
        byte[] owned = {1, 2, 3};
        SecretBytes s = SecretBytes.wrap(owned);
        assertThat(s.reveal()).isSameAs(owned);
        assertThat(s.length()).isEqualTo(3);
    }

    @Test
    void copyOfCopies() {
        byte[] src = {1, 2, 3};
        SecretBytes s = SecretBytes.copyOf(src);
        src[0] = 9;
        assertThat(s.reveal()).containsExactly(1, 2, 3);
    }

    @Test
    void randomHasRequestedLengthAndUsesTheGivenSource() {
        SecretBytes s = SecretBytes.random(new FixedSecureRandom(5), 4);
        assertThat(s.reveal()).containsExactly(5, 6, 7, 8);
        assertThat(SecretBytes.random(new SecureRandom(), 32).length()).isEqualTo(32);
        assertThatThrownBy(() -> SecretBytes.random(new SecureRandom(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destroyZeroesAndBlocksReveal() {
        byte[] owned = {1, 2, 3};
        SecretBytes s = SecretBytes.wrap(owned);
        assertThat(s.isDestroyed()).isFalse();
        s.destroy();
        assertThat(s.isDestroyed()).isTrue();
        assertThat(owned).containsOnly(0);
        assertThatThrownBy(s::reveal).isInstanceOf(IllegalStateException.class);
        s.destroy(); // idempotent
    }

    @Test
    void toStringIsRedacted() {
        SecretBytes s = SecretBytes.copyOf(new byte[] {0x41, 0x42});
        assertThat(s.toString())
                .isEqualTo("SecretBytes[2 bytes]")
                .doesNotContain("41")
                .doesNotContain("AB");
        s.destroy();
        assertThat(s.toString()).isEqualTo("SecretBytes[destroyed]");
    }

    @Test
    void equalityIsIdentityNotContent() {
        SecretBytes a = SecretBytes.copyOf(new byte[] {1});
        SecretBytes b = SecretBytes.copyOf(new byte[] {1});
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isEqualTo(a);
    }
}
