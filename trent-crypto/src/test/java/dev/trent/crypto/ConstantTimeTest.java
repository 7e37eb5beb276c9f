package dev.trent.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {

    @Test
    void comparesContent() {
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2, 0})).isFalse();
        assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
        assertThat(ConstantTime.equals(null, null)).isTrue();
        assertThat(ConstantTime.equals(new byte[0], null)).isFalse();
    }
}
